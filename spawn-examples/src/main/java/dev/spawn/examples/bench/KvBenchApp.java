package dev.spawn.examples.bench;

import dev.spawn.Spawn;
import dev.spawn.SpawnConfig;
import dev.spawn.servlet.SpawnFilter;
import dev.spawn.servlet.admin.AdminServlet;
import dev.spawn.servlet.admin.AdminSettings;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.component.LifeCycle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The benchmark's cheap app: {@link KvServlet} on an embedded Jetty server, with {@link
 * SpawnFilter} (and the admin API at {@code /spawn/*}, behind it, as in the example app) when a
 * Spawn config is given, bare otherwise. Run it from the example app's jar:
 *
 * <pre>{@code
 * java -cp spawn-examples/target/spawn-example-app.jar dev.spawn.examples.bench.KvBenchApp \
 *     --port 8081 [--spawn-config node1.json]
 * }</pre>
 *
 * <p>Thread-safe (it holds no state of its own).
 */
@Command(name = "kv-bench-app", description = "Runs an in-memory key-value app at /notes/{key}"
    + " (PUT, GET, DELETE; GET /notes: the count), optionally behind SpawnFilter.")
public final class KvBenchApp implements Callable<Integer> {

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Option(names = "--host", defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "8080",
      description = "Port to listen on (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--spawn-config",
      description = "Spawn configuration file (JSON): put SpawnFilter in front of the app.")
  Path spawnConfig;

  @Option(names = "--fan-out", split = ",", paramLabel = "URL",
      description = "Copy every PUT to these nodes (http://host:port) at once, over plain HTTP,"
          + " before answering: the benchmark's floor for replication (no journal, no Spawn).")
  List<URI> fanOut = List.of();

  /** Runs the app from the command line; {@code --help} lists the options. */
  public static void main(String[] args) {
    int code = new CommandLine(new KvBenchApp()).execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  @Override
  public Integer call() throws Exception {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("--port must be 1..65535, was " + port);
    }
    if (spawnConfig != null && !fanOut.isEmpty()) {
      throw new IllegalArgumentException("--spawn-config and --fan-out are two ways to replicate;"
          + " give one of them");
    }
    Spawn spawn = spawnConfig == null ? null : startSpawn(spawnConfig);
    FanOut copies = fanOut.isEmpty() ? null : new FanOut(fanOut);
    ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
    context.setContextPath("/");
    context.addServlet(new ServletHolder(new KvServlet(copies)), KvServlet.PATH + "/*");
    context.addServlet(new ServletHolder(new HealthServlet()), "/health");
    if (spawn != null) {
      // Every write goes to a new path: Jetty's per-path filter-chain cache would only churn.
      context.getServletHandler().setFilterChainsCached(false);
      context.addFilter(new FilterHolder(new SpawnFilter(spawn)), "/*",
          EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
      context.addServlet(new ServletHolder(new AdminServlet(spawn,
          AdminSettings.builder(spawn.config()).build())), "/spawn/*");
    }
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost(host);
    connector.setPort(port);
    server.addConnector(connector);
    server.setHandler(context);
    server.setStopAtShutdown(true);
    if (spawn != null || copies != null) {
      server.addEventListener(new LifeCycle.Listener() {
        @Override
        public void lifeCycleStopped(LifeCycle event) {
          if (spawn != null) {
            spawn.close();
          }
          if (copies != null) {
            try {
              copies.close();
            } catch (IOException e) {
              // Stopping anyway; the connections go with the process.
            }
          }
        }
      });
    }
    server.start();
    // The line the benchmark script waits for (stdout: this is a program, not library code).
    System.out.println("kv app listening on http://" + host + ":" + port + "/notes"
        + (spawn != null ? " (behind SpawnFilter)"
            : copies != null ? " (copying writes to " + fanOut + ")" : " (bare)"));
    server.join();
    return 0;
  }

  private static Spawn startSpawn(Path file) {
    Spawn spawn = Spawn.builder(SpawnConfig.load(file)).build();
    spawn.start();
    return spawn;
  }

  /** {@code GET /health}: 200 "ok", for Spawn's health checks and the script's readiness wait. */
  private static final class HealthServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      response.setContentType("text/plain");
      response.setContentLength(2);
      response.getOutputStream().write(new byte[] {'o', 'k'});
    }
  }
}
