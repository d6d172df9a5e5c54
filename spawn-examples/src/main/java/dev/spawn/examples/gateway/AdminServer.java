package dev.spawn.examples.gateway;

import dev.spawn.Spawn;
import dev.spawn.servlet.admin.AdminServlet;
import dev.spawn.servlet.admin.AdminSettings;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The admin REST API's own Jetty server on {@code api.host}:{@code api.port} (the Go service's
 * API port), authenticated as the config's {@code auth} section says. Not thread-safe.
 */
final class AdminServer {

  private AdminServer() {}

  /** A stopped server for the admin API, listening on host:port once started (port 0: any). */
  static Server create(Spawn spawn, String host, int port) {
    QueuedThreadPool threads = new QueuedThreadPool(16, 2);
    threads.setName("spawn-gateway-api");
    Server server = new Server(threads);
    ServerConnector connector = new ServerConnector(server, 1, 1);
    connector.setHost(host);
    connector.setPort(port);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
    context.setContextPath("/");
    AdminSettings settings =
        AdminSettings.builder(spawn.config()).serviceName("Spawn gateway").build();
    context.addServlet(new ServletHolder(new AdminServlet(spawn, settings)), "/*");
    server.setHandler(context);
    return server;
  }
}
