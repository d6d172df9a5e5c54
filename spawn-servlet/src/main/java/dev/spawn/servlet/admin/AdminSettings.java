package dev.spawn.servlet.admin;

import dev.spawn.servlet.auth.Authenticator;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * The admin API's settings: who may log in, how long tokens last, how failed logins are limited,
 * which browser origins may call it, what {@code /info} says, where audit lines go, and the
 * clocks. Immutable and thread-safe; made with {@link #builder()}.
 */
public final class AdminSettings {

  /** The largest request body accepted: 1 MiB. */
  public static final int MAX_BODY_BYTES = 1 << 20;

  private final Authenticator authenticator;
  private final Duration tokenExpiration;
  private final int loginLimitFailures;
  private final int loginLimitAddressFailures;
  private final Duration loginLimitWindow;
  private final Set<String> corsOrigins;
  private final boolean tokenForReads;
  private final String serviceName;
  private final String serviceHost;
  private final Clock clock;
  private final LongSupplier nanoTime;
  private final AuditLog auditLog;
  private final PayloadDescriber payloadDescriber;

  private AdminSettings(Builder b) {
    this.authenticator = b.authenticator;
    this.tokenExpiration = b.tokenExpiration;
    this.loginLimitFailures = b.loginLimitFailures;
    this.loginLimitAddressFailures = b.loginLimitAddressFailures;
    this.loginLimitWindow = b.loginLimitWindow;
    this.corsOrigins = Set.copyOf(b.corsOrigins);
    this.tokenForReads = b.tokenForReads;
    this.serviceName = b.serviceName;
    this.serviceHost = b.serviceHost != null ? b.serviceHost : localHostName();
    this.clock = b.clock;
    this.nanoTime = b.nanoTime;
    this.auditLog = b.auditLog;
    this.payloadDescriber = b.payloadDescriber;
  }

  /**
   * A builder preset from a node's configuration: the authenticator its {@code auth} section
   * describes ({@code none}, {@code static} users or {@code ldap}), the token lifetime, the login
   * limits, and the {@code cors.origins}.
   */
  public static Builder builder(dev.spawn.SpawnConfig config) {
    return AdminSettingsFromConfig.builder(config);
  }

  /** A builder; only the authenticator is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Who may log in. */
  public Authenticator authenticator() {
    return authenticator;
  }

  /** How long a token is valid after login (default 1 hour). */
  public Duration tokenExpiration() {
    return tokenExpiration;
  }

  /**
   * Failed logins for one user name from one address, within {@link #loginLimitWindow()}, after
   * which that pair's logins are refused (429) without checking the password (default 5).
   */
  public int loginLimitFailures() {
    return loginLimitFailures;
  }

  /**
   * Failed logins from one address, for any user names, within {@link #loginLimitWindow()}, after
   * which all its logins are refused (default 20).
   */
  public int loginLimitAddressFailures() {
    return loginLimitAddressFailures;
  }

  /** How long a run of failed logins counts, from its first failure (default 5 minutes). */
  public Duration loginLimitWindow() {
    return loginLimitWindow;
  }

  /** The browser origins that get CORS headers, lower case (default none). */
  public Set<String> corsOrigins() {
    return corsOrigins;
  }

  /** Whether reads (nodes, queues, metrics, info) also need a token (default false). */
  public boolean tokenForReads() {
    return tokenForReads;
  }

  /** The service name shown by {@code /info}. */
  public String serviceName() {
    return serviceName;
  }

  /** The host name shown by {@code /info}. */
  public String serviceHost() {
    return serviceHost;
  }

  /** The wall clock (token times, ages). */
  public Clock clock() {
    return clock;
  }

  /** The monotonic nanosecond source (durations, token expiry). */
  public LongSupplier nanoTime() {
    return nanoTime;
  }

  /** Where audit lines go. */
  public AuditLog auditLog() {
    return auditLog;
  }

  /** What summarises dead-letter payloads, if anything. */
  public Optional<PayloadDescriber> payloadDescriber() {
    return Optional.ofNullable(payloadDescriber);
  }

  private static String localHostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "localhost";
    }
  }

  /** Builds {@link AdminSettings}. Not thread-safe. */
  public static final class Builder {
    private static final Pattern ORIGIN =
        Pattern.compile(
            "https?://[A-Za-z0-9._\\-]+(:\\d{1,5})?|https?://\\[[0-9A-Fa-f:.]+](:\\d{1,5})?");

    private Authenticator authenticator;
    private Duration tokenExpiration = Duration.ofHours(1);
    private int loginLimitFailures = 5;
    private int loginLimitAddressFailures = 20;
    private Duration loginLimitWindow = Duration.ofMinutes(5);
    private final Set<String> corsOrigins = new LinkedHashSet<>();
    private boolean tokenForReads;
    private String serviceName = "Spawn";
    private String serviceHost;
    private Clock clock = Clock.systemUTC();
    private LongSupplier nanoTime = System::nanoTime;
    private AuditLog auditLog = AuditLog.logging();
    private PayloadDescriber payloadDescriber;

    private Builder() {}

    /** Who may log in (required): {@code NoAuthenticator} only for development. */
    public Builder authenticator(Authenticator a) {
      this.authenticator = Objects.requireNonNull(a, "authenticator");
      return this;
    }

    /** How long a token is valid after login (default 1 hour, at most 7 days). */
    public Builder tokenExpiration(Duration expiration) {
      Objects.requireNonNull(expiration, "tokenExpiration");
      if (expiration.isNegative()
          || expiration.isZero()
          || expiration.compareTo(Duration.ofDays(7)) > 0) {
        throw new IllegalArgumentException(
            "tokenExpiration was " + expiration + "; expected more than 0 and at most 7 days");
      }
      this.tokenExpiration = expiration;
      return this;
    }

    /**
     * Failed logins for one user name from one address, within the window, after which that
     * pair's logins are refused with 429 and {@code Retry-After} until the window ends (default 5,
     * at least 1). A successful login clears the pair's count.
     */
    public Builder loginLimitFailures(int failures) {
      this.loginLimitFailures = atLeastOne(failures, "loginLimitFailures");
      return this;
    }

    /**
     * Failed logins from one address, for any user names, within the window, after which every
     * login from it is refused (default 20, at least 1): one address cannot try many names.
     */
    public Builder loginLimitAddressFailures(int failures) {
      this.loginLimitAddressFailures = atLeastOne(failures, "loginLimitAddressFailures");
      return this;
    }

    /**
     * How long a run of failed logins counts, from its first failure (default 5 minutes, at most
     * 365 days).
     */
    public Builder loginLimitWindow(Duration window) {
      Objects.requireNonNull(window, "loginLimitWindow");
      if (window.isNegative() || window.isZero() || window.compareTo(Duration.ofDays(365)) > 0) {
        throw new IllegalArgumentException(
            "loginLimitWindow was " + window + "; expected more than 0 and at most 365 days,"
                + " such as PT5M");
      }
      this.loginLimitWindow = window;
      return this;
    }

    /**
     * Allows a browser origin such as {@code https://console.example.org} to call the API. A
     * wildcard is refused: list each origin.
     */
    public Builder corsOrigin(String origin) {
      Objects.requireNonNull(origin, "corsOrigin");
      if (origin.trim().equals("*")) {
        throw new IllegalArgumentException(
            "corsOrigin '*' is not allowed: any web page could then drive the admin API from a"
                + " browser; list each origin, such as https://console.example.org");
      }
      String o = origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin;
      o = o.toLowerCase(Locale.ROOT);
      if (!ORIGIN.matcher(o).matches()) {
        throw new IllegalArgumentException(
            "corsOrigin was '"
                + origin
                + "'; expected scheme://host[:port] with http or https and"
                + " no path, such as https://console.example.org");
      }
      corsOrigins.add(o);
      return this;
    }

    /** Whether reads also need a token when authentication is on (default false, as in Go). */
    public Builder tokenForReads(boolean required) {
      this.tokenForReads = required;
      return this;
    }

    /** The service name shown by {@code /info} (default "Spawn"). */
    public Builder serviceName(String name) {
      this.serviceName = nonBlank(name, "serviceName");
      return this;
    }

    /** The host name shown by {@code /info} (default: this machine's name). */
    public Builder serviceHost(String host) {
      this.serviceHost = nonBlank(host, "serviceHost");
      return this;
    }

    /** The wall clock (default UTC system clock). */
    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /** The monotonic nanosecond source (default {@code System::nanoTime}). */
    public Builder nanoTime(LongSupplier source) {
      this.nanoTime = Objects.requireNonNull(source, "nanoTime");
      return this;
    }

    /** Where audit lines go (default {@link AuditLog#logging()}). */
    public Builder auditLog(AuditLog log) {
      this.auditLog = Objects.requireNonNull(log, "auditLog");
      return this;
    }

    /** What summarises dead-letter payloads (default: none, base64 only). */
    public Builder payloadDescriber(PayloadDescriber describer) {
      this.payloadDescriber = Objects.requireNonNull(describer, "payloadDescriber");
      return this;
    }

    /**
     * Builds the settings.
     *
     * @throws IllegalStateException when no authenticator was set
     */
    public AdminSettings build() {
      if (authenticator == null) {
        throw new IllegalStateException(
            "no authenticator was set: use StaticUsersAuthenticator or LdapAuthenticator, or"
                + " NoAuthenticator for development only");
      }
      return new AdminSettings(this);
    }

    private static int atLeastOne(int value, String field) {
      if (value < 1) {
        throw new IllegalArgumentException(
            field + " was " + value + "; expected a number of failed logins of at least 1");
      }
      return value;
    }

    private static String nonBlank(String s, String field) {
      Objects.requireNonNull(s, field);
      if (s.isBlank()) {
        throw new IllegalArgumentException(field + " was blank; expected a name");
      }
      return s;
    }
  }
}
