package dev.spawn.examples.gateway;

import dev.spawn.Node;
import dev.spawn.SpawnConfig;
import dev.spawn.examples.app.NotesApp;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Server;

/**
 * Plain notes apps (no Spawn filter: unmodified nodes) on loopback ports, each with a filter that
 * counts the requests to {@code /notes} it receives by method. For gateway tests.
 */
final class NotesCluster implements AutoCloseable {

  private final Path dir;
  private final Server[] servers;
  private final int[] ports;
  private final AtomicInteger[] reads;
  private final AtomicInteger[] writes;

  NotesCluster(Path dir, int size) throws IOException {
    this.dir = dir;
    servers = new Server[size];
    ports = new int[size];
    reads = new AtomicInteger[size];
    writes = new AtomicInteger[size];
    for (int i = 0; i < size; i++) {
      reads[i] = new AtomicInteger();
      writes[i] = new AtomicInteger();
      servers[i] = start(i, 0);
      ports[i] = NotesApp.baseUri(servers[i]).getPort();
    }
  }

  private Server start(int i, int port) throws IOException {
    AtomicInteger r = reads[i];
    AtomicInteger w = writes[i];
    Filter counter = (request, response, chain) -> {
      HttpServletRequest http = (HttpServletRequest) request;
      if (http.getRequestURI().startsWith("/notes")) {
        (http.getMethod().equals("GET") ? r : w).incrementAndGet();
      }
      chain.doFilter(request, response);
    };
    return NotesApp.start(NotesApp.Options.builder()
        .dataDir(dir.resolve("node" + i))
        .port(port)
        .filter(counter)
        .build());
  }

  int size() {
    return servers.length;
  }

  /** Node {@code i} with priority {@code i + 1}. */
  Node node(int i) {
    return Node.of("127.0.0.1", ports[i]).withPriority(i + 1);
  }

  List<Node> nodes() {
    List<Node> out = new ArrayList<>();
    for (int i = 0; i < servers.length; i++) {
      out.add(node(i));
    }
    return out;
  }

  /** GETs of {@code /notes...} node {@code i} served. */
  int reads(int i) {
    return reads[i].get();
  }

  /** Other requests to {@code /notes...} node {@code i} received. */
  int writes(int i) {
    return writes[i].get();
  }

  String base(int i) {
    return "http://127.0.0.1:" + ports[i];
  }

  void stop(int i) throws Exception {
    servers[i].stop();
  }

  /** Starts node {@code i} again on its port with its data. */
  void restart(int i) throws IOException {
    servers[i] = start(i, ports[i]);
  }

  /**
   * A gateway config for these nodes: a journal file in the cluster's directory, health checks
   * every 500 ms (rise 1, fall 2; a refused connection marks a node down at once), short back-off
   * and timeouts.
   */
  SpawnConfig.Builder config() {
    return SpawnConfig.builder()
        .nodes(nodes())
        .host("127.0.0.1")
        .journal(j -> j.path(dir.resolve("gateway-journal.db")))
        .healthCheck(h -> h.interval(Duration.ofMillis(500)).timeout(Duration.ofMillis(400))
            .url("/health").rise(1).fall(2))
        .delivery(d -> d.backoffMin(Duration.ofMillis(20)).backoffMax(Duration.ofMillis(200))
            .connectTimeout(Duration.ofSeconds(1)).responseTimeout(Duration.ofSeconds(3)));
  }

  @Override
  public void close() {
    for (Server s : servers) {
      try {
        s.stop();
      } catch (Exception e) {
        throw new IllegalStateException("stopping a notes app failed", e);
      }
    }
  }
}
