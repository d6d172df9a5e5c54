package dev.spawn.examples.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spawn.Spawn;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** The admin API's own Jetty server on {@code api.host}:{@code api.port}. Not thread-safe. */
final class AdminServer {

  private AdminServer() {}

  /** A stopped server for the admin API, listening on host:port once started (port 0: any). */
  static Server create(Spawn spawn, ObjectMapper json, String host, int port) {
    QueuedThreadPool threads = new QueuedThreadPool(16, 2);
    threads.setName("spawn-gateway-api");
    Server server = new Server(threads);
    ServerConnector connector = new ServerConnector(server, 1, 1);
    connector.setHost(host);
    connector.setPort(port);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
    context.setContextPath("/");
    // ADMIN API MOUNT POINT, the one place to change when spawn-servlet's admin servlet exists:
    //   context.addServlet(
    //       new ServletHolder(new dev.spawn.servlet.admin.AdminServlet(spawn)), "/*");
    // Until then an interim servlet serves the read-only GET /nodes and GET /queues.
    context.addServlet(new ServletHolder(new InterimAdminServlet(spawn, json)), "/*");
    server.setHandler(context);
    return server;
  }

  /** Whether the full admin API is mounted (false while the interim servlet stands in). */
  static boolean isFullApi() {
    return false;
  }
}
