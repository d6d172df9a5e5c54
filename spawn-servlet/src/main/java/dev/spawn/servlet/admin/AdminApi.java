package dev.spawn.servlet.admin;

import static dev.spawn.servlet.admin.Routes.Access.CHANGE;
import static dev.spawn.servlet.admin.Routes.Access.OPEN;
import static dev.spawn.servlet.admin.Routes.Access.READ;
import static dev.spawn.servlet.SpawnFilter.PRINCIPAL_ATTRIBUTE;
import static dev.spawn.servlet.admin.Routes.Access.SENSITIVE;

import dev.spawn.Spawn;
import dev.spawn.mirror.MirrorHeaders;
import dev.spawn.servlet.auth.TokenStore;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API behind {@link AdminServlet}: routes a request, checks access, runs the handler,
 * writes the answer in the Go envelope and the audit line. Thread-safe.
 */
final class AdminApi implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AdminApi.class);
  private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");

  private final AdminSettings settings;
  private final LongSupplier nanoTime;
  private final Routes routes = new Routes();
  private final Gate gate;
  private final Cors cors;
  private final PrometheusProbe.Scrape prometheus;

  AdminApi(
      Spawn spawn, AdminSettings settings, ClassLoader metricsLoader, Predicate<String> loopback) {
    this.settings = settings;
    this.nanoTime = settings.nanoTime();
    TokenStore tokens =
        new TokenStore(settings.tokenExpiration(), settings.clock(), settings.nanoTime());
    this.gate = new Gate(settings.authenticator(), tokens, settings.tokenForReads(), loopback);
    this.cors = new Cors(settings.corsOrigins());
    LoginLimiter limiter =
        new LoginLimiter(
            settings.loginLimitFailures(),
            settings.loginLimitAddressFailures(),
            settings.loginLimitWindow(),
            settings.nanoTime());
    this.prometheus = PrometheusProbe.startIfAvailable(spawn, metricsLoader, limiter::refusals);
    Supplier<String> scrape = prometheus == null ? null : prometheus::scrape;

    NodeHandlers nodes = new NodeHandlers(spawn.nodes(), spawn::isSelf);
    AuthHandlers auth =
        new AuthHandlers(settings.authenticator(), tokens, settings.clock(), limiter);
    QueueHandlers queues = new QueueHandlers(spawn);
    DeadLetterHandlers dead =
        new DeadLetterHandlers(spawn, settings.payloadDescriber().orElse(null));
    MetricsHandlers metrics = new MetricsHandlers(spawn, scrape);
    InfoHandler info = new InfoHandler(spawn, settings);

    routes.route("/info").get(READ, info::info);
    routes.route("/list").get(OPEN, x -> text(HelpText.all()));
    routes.route("/list/nodes").get(OPEN, x -> text(HelpText.nodes()));
    routes
        .route("/list/nodes/get")
        .get(OPEN, x -> text(HelpText.nodes(HelpText.NODES_GET, "Read nodes")));
    routes
        .route("/list/nodes/set")
        .get(OPEN, x -> text(HelpText.nodes(HelpText.NODES_SET, "Set nodes")));
    routes
        .route("/list/nodes/delete")
        .get(OPEN, x -> text(HelpText.nodes(HelpText.NODES_DELETE, "Delete nodes")));
    routes.route("/login").post(OPEN, auth::login);
    routes.route("/login/{token}").get(OPEN, auth::tokenInfo);
    routes.route("/logout").delete(OPEN, auth::logoutBearer);
    routes.route("/logout/{token}").delete(OPEN, auth::logoutPath);
    routes
        .route("/nodes")
        .get(READ, nodes::list)
        .put(CHANGE, nodes::putAll)
        .delete(CHANGE, nodes::deleteAll);
    routes.route("/nodes/{host}").get(READ, nodes::listByHost).delete(CHANGE, nodes::deleteByHost);
    routes
        .route("/nodes/{host}/{port}")
        .get(READ, nodes::get)
        .put(CHANGE, nodes::putOne)
        .delete(CHANGE, nodes::deleteOne);
    routes.route("/queues").get(READ, queues::list);
    routes.route("/queues/{host}/{port}").get(READ, queues::get);
    routes.route("/queues/{host}/{port}/reset").post(CHANGE, queues::reset);
    routes.route("/deadletters").get(SENSITIVE, dead::list).delete(CHANGE, dead::purge);
    routes.route("/deadletters/retry").post(CHANGE, dead::retryAll);
    routes.route("/deadletters/{id}").get(SENSITIVE, dead::get).delete(CHANGE, dead::delete);
    routes.route("/deadletters/{id}/retry").post(CHANGE, dead::retry);
    routes.route("/metrics").get(READ, metrics::metrics);
    routes.route("/metrics/prometheus").get(READ, metrics::prometheus);
  }

  void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    long start = nanoTime.getAsLong();
    Exchange x = new Exchange(req);
    Reply reply;
    boolean audit = !READ_METHODS.contains(x.method());
    try {
      cors.decorate(req, resp);
      Routes.Match match = routes.match(x.method(), x.segments());
      if (match == null) {
        throw new ApiError(
            404,
            "Route not found: " + x.method() + " " + Json.shorten(x.path(), 100),
            "see the list of routes with GET " + mount(req) + "/list");
      }
      x.route(match.pattern(), match.vars());
      if (x.method().equals("OPTIONS")) {
        resp.setHeader("Allow", String.join(", ", match.allowed()));
        cors.preflight(req, resp, match.allowed());
        reply = new Reply(204, null, null, null);
      } else if (match.endpoint() == null) {
        throw new ApiError(
                405,
                "Method " + x.method() + " is not allowed on " + match.pattern(),
                "allowed: " + String.join(", ", match.allowed()))
            .header("Allow", String.join(", ", match.allowed()));
      } else {
        Routes.Endpoint endpoint = match.endpoint();
        audit |= endpoint.access() == SENSITIVE;
        x.principal(admit(endpoint, req, x));
        reply = endpoint.handler().handle(x);
      }
    } catch (ApiError e) {
      e.headers().forEach(resp::setHeader);
      reply = Reply.error(e);
    } catch (Exception e) {
      // The route pattern, not the path: a path may hold a token.
      log.error("Admin API failed on {} {}", x.method(), x.pattern(), e);
      reply =
          Reply.error(
              new ApiError(
                  500,
                  "Internal error",
                  "the server log has the details; nothing was"
                      + " changed unless the answer to a retry says so"));
    }
    if (audit) {
      // Before the answer: a client that saw the answer can rely on the audit line being there.
      audit(x, reply.status());
    }
    write(x, resp, reply, start);
  }

  private void write(Exchange x, HttpServletResponse resp, Reply reply, long start)
      throws IOException {
    resp.setStatus(reply.status());
    resp.setHeader("Cache-Control", "no-store");
    resp.setHeader("X-Content-Type-Options", "nosniff");
    if (reply.status() == 204) {
      return;
    }
    byte[] bytes;
    if (reply.isText()) {
      resp.setContentType(reply.contentType());
      bytes = reply.text().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    } else {
      resp.setContentType("application/json;charset=utf-8");
      long duration = Math.max(0, nanoTime.getAsLong() - start);
      bytes =
          Json.write(new Json.Envelope(duration, Took.format(duration), reply.data()), x.pretty());
    }
    resp.setContentLength(bytes.length);
    resp.getOutputStream().write(bytes);
  }

  private void audit(Exchange x, int status) {
    try {
      settings
          .auditLog()
          .record(
              new AuditEvent(
                  settings.clock().instant(),
                  x.principal(),
                  x.remoteAddr(),
                  x.method(),
                  x.auditPath(),
                  x.auditNodes(),
                  status,
                  x.auditDetail()));
    } catch (RuntimeException e) {
      log.error("The audit log failed", e);
    }
  }

  private static String mount(HttpServletRequest req) {
    return req.getPathInfo() == null
        ? req.getContextPath()
        : req.getContextPath() + req.getServletPath();
  }

  private static Reply text(String s) {
    return Reply.text(200, MetricsHandlers.TEXT, s);
  }

  @Override
  public void close() {
    if (prometheus != null) {
      prometheus.close();
    }
  }

  /**
   * A request replicated from a peer was authenticated there and its signature verified by
   * SpawnFilter here (only the filter sets the attribute, after verification): it is admitted as
   * the peer's user, since tokens are per node. Otherwise the gate decides; the user it admits is
   * handed to SpawnFilter so peers' audit lines name the same person.
   */
  private String admit(Routes.Endpoint endpoint, HttpServletRequest req, Exchange x) {
    if (x.replicated()) {
      String user = req.getRemoteUser();
      return "peer:" + (user == null ? "anonymous" : user);
    }
    String principal =
        gate.admit(endpoint.access(), req.getHeader("Authorization"), x.remoteAddr());
    req.setAttribute(PRINCIPAL_ATTRIBUTE, principal);
    return principal;
  }
}
