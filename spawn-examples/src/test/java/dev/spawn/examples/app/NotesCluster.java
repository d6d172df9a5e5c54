package dev.spawn.examples.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spawn.Spawn;
import dev.spawn.mirror.MirrorHeaders;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.eclipse.jetty.server.Server;

/**
 * Three (or more) real notes app nodes on loopback, each started by {@link ReplicatedApp} from its
 * own JSON Spawn config file, as {@code --spawn-config} would. Ports are found by starting each
 * app once on port 0; the configs then name every node. Behind each node's Spawn filter sits an
 * {@link ApplyCounter}, kept across restarts, and a {@link TestAnswers} servlet at {@code /test/*}.
 */
final class NotesCluster implements AutoCloseable {

  static final String SECRET = "examples-shared-secret-0123";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path root;
  private final int[] ports;
  private final ReplicatedApp[] nodes;
  private final ApplyCounter[] counters;
  private final TestAnswers[] answers;

  private NotesCluster(Path root, int[] ports) {
    this.root = root;
    this.ports = ports;
    this.nodes = new ReplicatedApp[ports.length];
    this.counters = new ApplyCounter[ports.length];
    this.answers = new TestAnswers[ports.length];
    for (int i = 0; i < ports.length; i++) {
      counters[i] = new ApplyCounter();
      answers[i] = new TestAnswers();
    }
  }

  /** Starts {@code n} nodes; {@code tweak} may change node {@code i}'s JSON config. */
  static NotesCluster start(Path root, int n, BiConsumer<Integer, ObjectNode> tweak)
      throws Exception {
    int[] ports = new int[n];
    for (int i = 0; i < n; i++) {
      Server probe = NotesApp.start(NotesApp.Options.builder().port(0)
          .dataDir(root.resolve("probe" + i)).build());
      ports[i] = NotesApp.baseUri(probe).getPort();
      probe.stop();
    }
    NotesCluster cluster = new NotesCluster(root, ports);
    try {
      for (int i = 0; i < n; i++) {
        ObjectNode config = cluster.config(i);
        tweak.accept(i, config);
        Files.createDirectories(cluster.dir(i));
        JSON.writerWithDefaultPrettyPrinter().writeValue(cluster.dir(i)
            .resolve("spawn.json").toFile(), config);
        cluster.start(i);
      }
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  /** (Re)starts node {@code i} on its port, data dir and journal. */
  void start(int i) throws IOException {
    nodes[i] = ReplicatedApp.start(NotesApp.Options.builder()
        .port(ports[i])
        .dataDir(dir(i).resolve("data"))
        .spawnConfig(dir(i).resolve("spawn.json"))
        .filter(counters[i])
        .servlet("/test/*", answers[i])
        .build());
  }

  /** Stops node {@code i}: its server, then its Spawn. */
  void stop(int i) {
    nodes[i].close();
    nodes[i] = null;
  }

  /** Deletes node {@code i}'s data, journal and received-HWM files (it must be stopped). */
  void wipe(int i) throws IOException {
    try (Stream<Path> files = Files.walk(dir(i))) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        if (!p.equals(dir(i)) && !p.getFileName().toString().equals("spawn.json")) {
          Files.delete(p);
        }
      }
    }
  }

  Spawn spawn(int i) {
    return nodes[i].spawn();
  }

  AppClient client(int i) {
    return new AppClient(nodes[i].server());
  }

  String id(int i) {
    return "127.0.0.1:" + ports[i];
  }

  ApplyCounter counter(int i) {
    return counters[i];
  }

  TestAnswers answers(int i) {
    return answers[i];
  }

  int size() {
    return ports.length;
  }

  /** The {@code /digest} body of every running node. */
  List<String> digests() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < nodes.length; i++) {
      if (nodes[i] != null) {
        out.add(client(i).get("/digest").body());
      }
    }
    return out;
  }

  @Override
  public void close() {
    for (int i = 0; i < nodes.length; i++) {
      if (nodes[i] != null) {
        stop(i);
      }
    }
  }

  private Path dir(int i) {
    return root.resolve("node" + i);
  }

  private ObjectNode config(int i) {
    ObjectNode c = JSON.createObjectNode();
    c.put("self", id(i));
    ArrayNode list = c.putArray("nodes");
    for (int port : ports) {
      list.addObject().put("host", "127.0.0.1").put("port", port);
    }
    c.putObject("health-check").put("seconds", 1).put("timeout-ms", 800).put("url", "/health")
        .put("rise", 1);
    c.putObject("mirror").put("secret", SECRET).put("max-body-bytes", 16384);
    c.putObject("journal").put("path", dir(i).resolve("journal.db").toString())
        .put("sync", "normal");
    c.putObject("delivery").put("backoff-min-ms", 10).put("backoff-max-ms", 200)
        .put("connect-timeout-ms", 500);
    return c;
  }

  /** Counts, per Spawn-Id, the mirrored writes the app answered with a 2xx. */
  static final class ApplyCounter implements Filter {
    private final Map<String, AtomicInteger> applied = new ConcurrentHashMap<>();

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      chain.doFilter(request, response);
      int status = ((HttpServletResponse) response).getStatus();
      if (Boolean.TRUE.equals(request.getAttribute(MirrorHeaders.ATTR_REPLICATED))
          && status / 100 == 2) {
        String id = (String) request.getAttribute(MirrorHeaders.ATTR_SPAWN_ID);
        applied.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
      }
    }

    int times(String spawnId) {
      AtomicInteger n = applied.get(spawnId);
      return n == null ? 0 : n.get();
    }

    /** Spawn-Ids applied more than once. */
    List<String> twice() {
      return applied.entrySet().stream().filter(e -> e.getValue().get() > 1)
          .map(Map.Entry::getKey).toList();
    }
  }

  /** {@code /test/error}: 500; {@code /test/login}: a 302 to a login page. Counts its calls. */
  static final class TestAnswers extends HttpServlet {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      calls.incrementAndGet();
      switch (req.getPathInfo()) {
        case "/error" -> resp.sendError(500, "the test app broke");
        case "/login" -> resp.sendRedirect("/login?next=" + req.getRequestURI());
        default -> resp.sendError(404);
      }
    }
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static com.fasterxml.jackson.databind.JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
