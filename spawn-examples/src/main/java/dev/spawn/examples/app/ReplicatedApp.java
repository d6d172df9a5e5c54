package dev.spawn.examples.app;

import dev.spawn.Spawn;
import dev.spawn.SpawnConfig;
import dev.spawn.servlet.SpawnFilter;
import dev.spawn.servlet.admin.AdminServlet;
import dev.spawn.servlet.admin.AdminSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node of a replicated notes cluster: the notes app with {@link SpawnFilter} in front of it,
 * over a {@link Spawn} built from the options' Spawn config file. This is all an application
 * needs to take part: the app itself knows nothing of Spawn beyond reading the Spawn-Id and
 * origin time it is given.
 *
 * <pre>{@code
 * try (ReplicatedApp node = ReplicatedApp.start(NotesApp.Options.builder()
 *     .dataDir(Path.of("data/node1")).port(8081).spawnConfig(Path.of("node1.json")).build())) {
 *   node.server().join();
 * }
 * }</pre>
 *
 * <p>Stopping the server (or {@link #close()}) closes the Spawn too. Thread-safe.
 */
public final class ReplicatedApp implements AutoCloseable {

  /** Where the admin REST API is mounted. */
  public static final String ADMIN_PATH = "/spawn/*";

  private static final Logger log = LoggerFactory.getLogger(ReplicatedApp.class);

  private final Server server;
  private final Spawn spawn;
  private final SpawnFilter filter;

  private ReplicatedApp(Server server, Spawn spawn, SpawnFilter filter) {
    this.server = server;
    this.spawn = spawn;
    this.filter = filter;
  }

  /**
   * Builds and starts Spawn from {@code options.spawnConfig()}, then starts the app with the
   * Spawn filter in front of the options' own filters.
   *
   * @throws IllegalArgumentException when the options name no Spawn config, or it is invalid
   * @throws IOException when the data directory cannot be read or the port cannot be bound
   */
  public static ReplicatedApp start(NotesApp.Options options) throws IOException {
    Objects.requireNonNull(options, "options");
    Path file = options.spawnConfig().orElseThrow(() -> new IllegalArgumentException(
        "no Spawn config given; pass --spawn-config <file.json>"));
    SpawnConfig config = SpawnConfig.load(file);
    Spawn spawn = Spawn.builder(config).build();
    try {
      SpawnFilter filter = new SpawnFilter(spawn);
      // The Spawn filter runs first, so later filters (security, say) see the wrapped request.
      NotesApp.Options.Builder b = NotesApp.Options.builder()
          .host(options.host())
          .port(options.port())
          .dataDir(options.dataDir())
          .clock(options.clock())
          .spawnConfig(file)
          .filter(filter);
      options.filters().forEach(b::filter);
      // Behind the filter on purpose: a node change made through one node's admin API is
      // replicated to every node like any other write.
      b.servlet(ADMIN_PATH, new AdminServlet(spawn, AdminSettings.builder(config).build()));
      options.servlets().forEach(b::servlet);
      spawn.start();
      Server server = NotesApp.start(b.build());
      server.addEventListener(new LifeCycle.Listener() {
        @Override
        public void lifeCycleStopped(LifeCycle event) {
          spawn.close();
        }
      });
      ReplicatedApp app = new ReplicatedApp(server, spawn, filter);
      app.checkSelf(config);
      return app;
    } catch (IOException | RuntimeException e) {
      spawn.close();
      throw e;
    }
  }

  /** The running Jetty server. */
  public Server server() {
    return server;
  }

  /** This node's Spawn: journal, queues, registry. */
  public Spawn spawn() {
    return spawn;
  }

  /** The filter in front of the app. */
  public SpawnFilter filter() {
    return filter;
  }

  /** The base URI the app answers on, such as {@code http://127.0.0.1:8081/}. */
  public URI baseUri() {
    return NotesApp.baseUri(server);
  }

  /** Stops the server, then closes Spawn. */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      log.warn("Stopping the notes app failed", e);
    } finally {
      spawn.close();
    }
  }

  /** Peers send mirrors to {@code self}; a different port here usually means a typo. */
  private void checkSelf(SpawnConfig config) {
    int port = baseUri().getPort();
    config.self().ifPresentOrElse(self -> {
      if (!self.endsWith(":" + port)) {
        log.warn("self is {} but the app listens on port {}; peers send their updates to {}"
            + " (fine behind a port mapping, a mistake otherwise)", self, port, self);
      }
    }, () -> log.warn("The Spawn config has no 'self': this node cannot verify mirror requests"
        + " and refuses them; set self to this node's host:port"));
  }
}
