package dev.spawn.servlet.admin;

import dev.spawn.Spawn;
import dev.spawn.servlet.auth.NoAuthenticator;
import dev.spawn.servlet.auth.StaticUsersAuthenticator;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The admin REST API of a Spawn cluster, compatible with the Go Spawn Sync Service's API (nodes,
 * login, info, help, metrics) plus queues, dead letters and Prometheus metrics. Mount it at any
 * path with a wildcard mapping, such as {@code /spawn/*} inside a webapp or {@code /*} on a
 * dedicated port; its routes are relative to that mount and listed by {@code GET <mount>/list}.
 *
 * <p>Made in code with {@link #AdminServlet(Spawn, AdminSettings)}. From {@code web.xml}, use the
 * no-argument constructor: the {@link Spawn} is then taken from the servlet context attribute
 * {@value #SPAWN_ATTRIBUTE}, and the init parameters {@code spawn.admin.auth} ({@code none} or
 * {@code static}), {@code spawn.admin.users} ({@code name=<hash line>} pairs separated by spaces or
 * commas), {@code spawn.admin.token-expiration} (ISO-8601, such as {@code PT1H}), {@code
 * spawn.admin.login-limit-failures}, {@code spawn.admin.login-limit-address-failures}, {@code
 * spawn.admin.login-limit-window} (ISO-8601) and {@code spawn.admin.cors-origins}
 * (comma-separated) configure it.
 *
 * <p>Uses the Servlet 6.0 API only. Thread-safe.
 */
public class AdminServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  /** The servlet context attribute that holds the {@link Spawn} for the no-argument form. */
  public static final String SPAWN_ATTRIBUTE = "dev.spawn.Spawn";

  private transient Spawn spawn;
  private transient AdminSettings settings;
  private transient Predicate<String> loopback = Loopback::isLoopback;
  private transient ClassLoader metricsLoader = AdminServlet.class.getClassLoader();
  private transient volatile AdminApi api;

  /** For {@code web.xml}: configured from the context attribute and init parameters. */
  public AdminServlet() {}

  /** Serves the admin API of {@code spawn} with these settings. */
  public AdminServlet(Spawn spawn, AdminSettings settings) {
    this.spawn = Objects.requireNonNull(spawn, "spawn");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** For tests: another way to tell loopback callers, and the loader that looks for Micrometer. */
  AdminServlet(
      Spawn spawn, AdminSettings settings, Predicate<String> loopback, ClassLoader metricsLoader) {
    this(spawn, settings);
    this.loopback = Objects.requireNonNull(loopback, "loopback");
    this.metricsLoader = Objects.requireNonNull(metricsLoader, "metricsLoader");
  }

  @Override
  public void init() throws ServletException {
    if (spawn == null) {
      Object s = getServletContext().getAttribute(SPAWN_ATTRIBUTE);
      if (!(s instanceof Spawn)) {
        throw new ServletException(
            "AdminServlet made without arguments needs the servlet context attribute '"
                + SPAWN_ATTRIBUTE
                + "' to hold the dev.spawn.Spawn instance; set it in a"
                + " ServletContextListener, or construct AdminServlet(spawn, settings) in code");
      }
      spawn = (Spawn) s;
    }
    if (settings == null) {
      try {
        settings = fromInitParameters();
      } catch (RuntimeException e) {
        throw new ServletException("AdminServlet init parameters: " + e.getMessage(), e);
      }
    }
    api = new AdminApi(spawn, settings, metricsLoader, loopback);
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    AdminApi a = api;
    if (a == null) {
      resp.sendError(503, "The Spawn admin API is not initialised yet");
      return;
    }
    a.service(req, resp);
  }

  @Override
  public void destroy() {
    AdminApi a = api;
    if (a != null) {
      a.close();
    }
  }

  private AdminSettings fromInitParameters() {
    AdminSettings.Builder b = AdminSettings.builder();
    String auth = getInitParameter("spawn.admin.auth");
    if ("none".equals(auth)) {
      b.authenticator(new NoAuthenticator());
    } else if ("static".equals(auth)) {
      StaticUsersAuthenticator.Builder users = StaticUsersAuthenticator.builder();
      String list = Objects.requireNonNullElse(getInitParameter("spawn.admin.users"), "");
      for (String pair : list.split("[\\s,]+")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException(
              "spawn.admin.users: expected name=<hash line> pairs, got '"
                  + pair.substring(0, Math.min(pair.length(), 20))
                  + "...'");
        }
        users.user(pair.substring(0, eq), pair.substring(eq + 1));
      }
      b.authenticator(users.build());
    } else {
      throw new IllegalArgumentException(
          "spawn.admin.auth was '"
              + auth
              + "'; expected 'none' (development only) or 'static'"
              + " with spawn.admin.users (for LDAP, construct the servlet in code)");
    }
    String expiration = getInitParameter("spawn.admin.token-expiration");
    if (expiration != null) {
      b.tokenExpiration(Duration.parse(expiration));
    }
    String failures = getInitParameter("spawn.admin.login-limit-failures");
    if (failures != null) {
      b.loginLimitFailures(count("spawn.admin.login-limit-failures", failures));
    }
    String addressFailures = getInitParameter("spawn.admin.login-limit-address-failures");
    if (addressFailures != null) {
      b.loginLimitAddressFailures(
          count("spawn.admin.login-limit-address-failures", addressFailures));
    }
    String window = getInitParameter("spawn.admin.login-limit-window");
    if (window != null) {
      b.loginLimitWindow(Duration.parse(window));
    }
    String origins = getInitParameter("spawn.admin.cors-origins");
    if (origins != null) {
      for (String o : origins.split(",")) {
        if (!o.isBlank()) {
          b.corsOrigin(o.trim());
        }
      }
    }
    return b.build();
  }

  private static int count(String name, String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          name + " was '" + value + "'; expected a whole number of failed logins, such as 5", e);
    }
  }
}
