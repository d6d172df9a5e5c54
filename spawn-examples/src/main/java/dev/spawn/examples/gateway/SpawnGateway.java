package dev.spawn.examples.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spawn.Spawn;
import dev.spawn.SpawnConfig;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Spawn gateway: a reverse proxy in front of unmodified nodes (the Go service's shape). Reads
 * go to one node chosen by the query mode, with fail-over; writes are journaled durably and
 * repeated on every active node, and the client gets the first node's answer ({@code respond:
 * first}) or the primary's ({@code respond: primary}). An admin API listens on its own port.
 *
 * <p>Run it from the command line ({@code java -jar spawn-gateway.jar --help}), or from a program:
 *
 * <pre>{@code
 * try (SpawnGateway gateway = SpawnGateway.builder(SpawnConfig.load(Path.of("spawn.conf")))
 *     .start()) {
 *   URI proxy = gateway.proxyUri();   // send the clients here
 *   gateway.join();                   // until close() (or SIGTERM, from the command line)
 * }
 * }</pre>
 *
 * <p>{@link #close()} stops gracefully: the proxy stops accepting, requests in flight get up to
 * the stop timeout to finish, then the journal is closed. What was acknowledged is on disk
 * already, so a kill loses nothing that a client saw succeed. Thread-safe.
 */
public final class SpawnGateway implements AutoCloseable {

  /** How long requests in flight may take to finish when the gateway stops, unless set. */
  public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(30);

  private static final Logger log = LoggerFactory.getLogger(SpawnGateway.class);

  private final Spawn spawn;
  private final Upstream upstream;
  private final ProxyServer proxy;
  private final Server admin;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private boolean closed;

  private SpawnGateway(Spawn spawn, Upstream upstream, ProxyServer proxy, Server admin) {
    this.spawn = spawn;
    this.upstream = upstream;
    this.proxy = proxy;
    this.admin = admin;
  }

  /** A builder for a gateway configured by {@code config}. */
  public static Builder builder(SpawnConfig config) {
    return new Builder(config);
  }

  /** Runs the gateway from the command line; {@code --help} lists the options. */
  public static void main(String[] args) {
    int code = GatewayCommand.run(args, System.out, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Where clients send their requests, such as {@code http://0.0.0.0:7117/}. */
  public URI proxyUri() {
    return proxy.uri();
  }

  /** Where the admin API answers, such as {@code http://127.0.0.1:7118/}. */
  public URI apiUri() {
    return uri(admin);
  }

  /** The Spawn instance underneath: nodes, journal, health, queues, metrics. */
  public Spawn spawn() {
    return spawn;
  }

  /** Waits until the gateway is closed. */
  public void join() throws InterruptedException {
    stopped.await();
  }

  /**
   * Stops gracefully: stops accepting, lets requests in flight finish (up to the stop timeout),
   * stops the admin API, then closes Spawn and its journal. Idempotent.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    log.info("Spawn gateway stopping: requests in flight get up to {} ms",
        proxy.stopTimeout().toMillis());
    proxy.stop();
    stopQuietly(admin);
    upstream.close();
    spawn.close();
    stopped.countDown();
    log.info("Spawn gateway stopped");
  }

  private static URI uri(Server server) {
    ServerConnector c = (ServerConnector) server.getConnectors()[0];
    String host = c.getHost() == null ? "0.0.0.0" : c.getHost();
    if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + c.getLocalPort() + "/");
  }

  private static void stopQuietly(Server server) {
    if (server == null) {
      return;
    }
    try {
      server.stop();
    } catch (Exception e) {
      log.warn("Stopping {} failed", server, e);
    }
  }

  /**
   * Collects what a gateway needs beyond its {@link SpawnConfig}; each setter checks its value at
   * once. Mutable, not thread-safe.
   */
  public static final class Builder {
    private final SpawnConfig config;
    private int proxyPort;
    private int apiPort;
    private Duration stopTimeout = DEFAULT_STOP_TIMEOUT;
    private Clock clock = Clock.systemUTC();

    private Builder(SpawnConfig config) {
      this.config = Objects.requireNonNull(config, "config");
      this.proxyPort = config.port();
      this.apiPort = config.api().port();
    }

    /** The proxy's port instead of {@code port}; 0 picks a free one. */
    public Builder proxyPort(int port) {
      this.proxyPort = checkPort("proxyPort", port);
      return this;
    }

    /** The admin API's port instead of {@code api.port}; 0 picks a free one. */
    public Builder apiPort(int port) {
      this.apiPort = checkPort("apiPort", port);
      return this;
    }

    /** How long requests in flight may take to finish on {@link #close()}, at least 0. */
    public Builder stopTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "stopTimeout");
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("stopTimeout must be 0 or more, was " + timeout);
      }
      this.stopTimeout = timeout;
      return this;
    }

    /** The wall clock that stamps each write's origin time. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Opens the journal, starts delivery and health checks, then both servers.
     *
     * @throws IOException when a port cannot be bound
     * @throws dev.spawn.journal.JournalException when the journal cannot be opened
     */
    public SpawnGateway start() throws IOException {
      Spawn spawn = Spawn.builder(config).requireSecret(false).build();
      Upstream upstream = null;
      ProxyServer proxy = null;
      Server admin = null;
      try {
        spawn.start();
        upstream = new Upstream(config.delivery());
        Replies replies = new Replies(new ObjectMapper());
        proxy = new ProxyServer(spawn, new Writes(spawn, upstream, replies, clock), replies,
            config.host(), proxyPort, stopTimeout);
        admin = AdminServer.create(spawn, config.api().host(), apiPort);
        proxy.start();
        admin.start();
        return new SpawnGateway(spawn, upstream, proxy, admin);
      } catch (Exception e) {
        if (proxy != null) {
          proxy.stop();
        }
        stopQuietly(admin);
        if (upstream != null) {
          upstream.close();
        }
        spawn.close();
        if (e instanceof IOException io) {
          throw new IOException("could not listen: " + io.getMessage() + " (proxy "
              + config.host() + ":" + proxyPort + ", admin API " + config.api().host() + ":"
              + apiPort + "); choose other ports with --port / --api-port", io);
        }
        if (e instanceof RuntimeException re) {
          throw re;
        }
        throw new IllegalStateException("the gateway failed to start: " + e.getMessage(), e);
      }
    }

    private static int checkPort(String field, int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException(
            field + " must be 0..65535 (0 = any free port), was " + port);
      }
      return port;
    }
  }
}
