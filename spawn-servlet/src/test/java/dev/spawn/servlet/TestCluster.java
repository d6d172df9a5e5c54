package dev.spawn.servlet;

import dev.spawn.Node;
import dev.spawn.Spawn;
import dev.spawn.SpawnConfig;
import dev.spawn.config.JournalConfig;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.BiConsumer;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Real Jetty nodes on loopback ports, each with a SpawnFilter over its own Spawn (SQLite journal
 * in a temp dir) in front of a {@link TestApp}. Ports are bound before the configs are made, so
 * every node's config names every node.
 */
final class TestCluster implements AutoCloseable {

  static final String SECRET = "test-secret-0123456789";

  /** One node: its server, Spawn, filter and app. */
  record TestNode(Server server, int port, Spawn spawn, SpawnFilter filter, TestApp app,
      JournalWitness witness) {
    String base() {
      return "http://127.0.0.1:" + port;
    }

    String id() {
      return "127.0.0.1:" + port;
    }
  }

  private final List<TestNode> nodes = new ArrayList<>();

  /**
   * Starts {@code n} nodes; {@code tweak} may change node {@code i}'s config builder, e.g. its
   * mirror settings.
   */
  static TestCluster start(int n, Path dir, BiConsumer<Integer, SpawnConfig.Builder> tweak)
      throws Exception {
    List<Server> servers = new ArrayList<>();
    List<Node> members = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Server server = new Server();
      ServerConnector connector = new ServerConnector(server);
      connector.setHost("127.0.0.1");
      connector.setPort(0);
      server.addConnector(connector);
      connector.open();
      servers.add(server);
      members.add(Node.of("127.0.0.1", connector.getLocalPort()));
    }
    TestCluster cluster = new TestCluster();
    try {
      for (int i = 0; i < n; i++) {
        int index = i;
        Node self = members.get(i);
        SpawnConfig.Builder b = SpawnConfig.builder()
            .nodes(members)
            .self(self.id())
            .mirror(m -> m.secret(SECRET))
            .journal(j -> j.path(dir.resolve("journal-" + index + ".db"))
                .sync(JournalConfig.Sync.NORMAL))
            .healthCheck(h -> h.interval(Duration.ofSeconds(1)).timeout(Duration.ofMillis(800))
                .url("/health").rise(1))
            .delivery(d -> d.backoffMin(Duration.ofMillis(10)).backoffMax(Duration.ofMillis(200)));
        tweak.accept(i, b);
        Spawn spawn = Spawn.builder(b.build()).build();
        SpawnFilter filter = new SpawnFilter(spawn);
        TestApp app = new TestApp();
        JournalWitness witness = new JournalWitness(spawn);
        Server server = servers.get(i);
        server.setHandler(context(filter, witness, app));
        server.start();
        spawn.start();
        cluster.nodes.add(new TestNode(server, self.port(), spawn, filter, app, witness));
      }
    } catch (Exception | Error e) {
      cluster.close();
      for (Server s : servers) {
        s.stop();
      }
      throw e;
    }
    return cluster;
  }

  static ServletContextHandler context(Filter spawnFilter, Filter witness, TestApp app) {
    ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
    context.setContextPath("/");
    EnumSet<DispatcherType> types = EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC);
    context.addFilter(new FilterHolder(witness), "/*", types);
    FilterHolder spawn = new FilterHolder(spawnFilter);
    spawn.setAsyncSupported(true);
    context.addFilter(spawn, "/*", types);
    context.addFilter(new FilterHolder(new TestApp.PrincipalFilter()), "/*", types);
    ServletHolder holder = new ServletHolder(app);
    holder.setAsyncSupported(true);
    context.addServlet(holder, "/*");
    return context;
  }

  TestNode node(int i) {
    return nodes.get(i);
  }

  @Override
  public void close() {
    for (TestNode node : nodes) {
      try {
        node.server().stop();
      } catch (Exception e) {
        throw new IllegalStateException("stopping " + node.id() + " failed", e);
      } finally {
        node.spawn().close();
      }
    }
  }
}
