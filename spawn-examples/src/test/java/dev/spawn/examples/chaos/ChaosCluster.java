package dev.spawn.examples.chaos;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Three (or more) {@link ChildNode}s that name each other in their Spawn configs, and the calls
 * the run makes to them: the app's digest and notes, the admin API's queues, node list,
 * maintenance flag and dead letters. Thread-safe.
 */
final class ChaosCluster implements AutoCloseable {

  private static final String SECRET = "chaos-run-shared-secret-0123456789";

  private final List<ChildNode> nodes;
  private final ChaosHttp http = new ChaosHttp();

  private ChaosCluster(List<ChildNode> nodes) {
    this.nodes = List.copyOf(nodes);
  }

  /** The example app's launcher: what {@code java -jar spawn-example-app.jar} runs. */
  static final String NOTES_APP = "dev.spawn.examples.app.NotesApp";

  /**
   * Picks free loopback ports and writes each node's config; starts nothing yet. The nodes run
   * {@code mainClass} (with the notes app's options) from {@code classpath}. Nodes still running
   * when this JVM exits are killed by a shutdown hook, so a run that is cut short leaves none.
   */
  static ChaosCluster create(Path root, int size, String classpath, String mainClass)
      throws IOException {
    int[] ports = freePorts(size);
    List<ChildNode> nodes = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      Path dir = Files.createDirectories(root.resolve("node" + i));
      ChildNode node = new ChildNode(i, ports[i], dir, classpath, mainClass);
      ChaosHttp.JSON.writerWithDefaultPrettyPrinter()
          .writeValue(node.config().toFile(), config(ports, i, dir));
      nodes.add(node);
    }
    ChaosCluster cluster = new ChaosCluster(nodes);
    Runtime.getRuntime().addShutdownHook(new Thread(
        () -> nodes.forEach(ChildNode::destroyNow), "chaos-cluster-cleanup"));
    return cluster;
  }

  /**
   * Free loopback ports below Linux's ephemeral range (32768 and up), so that no other program
   * asking for "any free port" is handed one while its node is down between a kill and a
   * restart.
   */
  private static int[] freePorts(int size) throws IOException {
    Random random = new Random();
    int[] ports = new int[size];
    for (int i = 0, tries = 0; i < size; tries++) {
      if (tries > 1000) {
        throw new IOException("found no free port in 20000..32767 after 1000 tries");
      }
      int port = 20000 + random.nextInt(12768);
      try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        if (Arrays.stream(ports).noneMatch(p -> p == port)) {
          ports[i++] = port;
        }
      } catch (IOException taken) {
        // in use: try another
      }
    }
    return ports;
  }

  /**
   * Journal sync {@code full}; health checks every second (two failures take a node out, one
   * success brings it back; a failed delivery takes it out at once); short back-off, so catch-up
   * starts soon after a node is back. The check's timeout leaves room for a busy machine: with a
   * tight one, nodes that are merely slow flap in and out and catch-up crawls.
   */
  private static ObjectNode config(int[] ports, int self, Path dir) {
    ObjectNode c = ChaosHttp.JSON.createObjectNode();
    c.put("self", "127.0.0.1:" + ports[self]);
    ArrayNode list = c.putArray("nodes");
    for (int i = 0; i < ports.length; i++) {
      list.addObject().put("host", "127.0.0.1").put("port", ports[i]).put("priority", i + 1);
    }
    c.putObject("health-check").put("seconds", 1).put("timeout-ms", 900).put("url", "/health")
        .put("rise", 1).put("fall", 2);
    c.putObject("journal").put("path", dir.resolve("journal.db").toString()).put("sync", "full");
    c.putObject("mirror").put("secret", SECRET);
    c.putObject("delivery").put("backoff-min-ms", 20).put("backoff-max-ms", 500)
        .put("connect-timeout-ms", 500).put("response-timeout-ms", 5000)
        .put("stuck-after-seconds", 60);
    return c;
  }

  int size() {
    return nodes.size();
  }

  ChildNode node(int i) {
    return nodes.get(i);
  }

  List<ChildNode> nodes() {
    return nodes;
  }

  ChaosHttp http() {
    return http;
  }

  /** Waits until {@code GET /health} answers 200, or fails naming the node and its log. */
  void awaitHealthy(int i, Duration atMost) {
    ChildNode node = nodes.get(i);
    try {
      await().atMost(atMost).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
          .until(() -> {
            if (!node.alive()) {
              throw new IllegalStateException("node " + i + " exited");
            }
            return http.call("GET", node.uri("/health"), null).statusCode() == 200;
          });
    } catch (ConditionTimeoutException e) {
      throw new IllegalStateException("node " + i + " did not answer /health within " + atMost
          + " (alive: " + node.alive() + "); see " + node.log(), e);
    }
  }

  /** Whether node {@code i} answers {@code GET /health} with 200 now. */
  boolean serving(int i) {
    try {
      return http.call("GET", nodes.get(i).uri("/health"), null).statusCode() == 200;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** {@code GET /digest}: {"count", "sha256"}. */
  JsonNode digest(int i) {
    return http.getJson(nodes.get(i).uri("/digest"));
  }

  /** Every note on node {@code i}, by id. */
  Map<String, JsonNode> notes(int i) {
    Map<String, JsonNode> out = new TreeMap<>();
    for (JsonNode n : http.getJson(nodes.get(i).uri("/notes"))) {
      out.put(n.get("id").asText(), n);
    }
    return out;
  }

  /** {@code GET /spawn/queues}: one result per peer. */
  List<JsonNode> queues(int i) {
    return results(http.getJson(nodes.get(i).uri("/spawn/queues")));
  }

  /** {@code GET /spawn/nodes}: node {@code i}'s registry. */
  List<JsonNode> registry(int i) {
    return results(http.getJson(nodes.get(i).uri("/spawn/nodes")));
  }

  /** {@code GET /spawn/deadletters}: how many node {@code i} holds (at most 1000 listed). */
  int deadLetters(int i) {
    return results(http.getJson(nodes.get(i).uri("/spawn/deadletters?limit=1000"))).size();
  }

  /**
   * Sets node {@code target}'s maintenance flag through node {@code via}'s admin API (dev mode:
   * loopback callers may change things) and returns the status; the change is replicated to the
   * other nodes like any write.
   */
  int setMaintenance(int via, int target, boolean on) {
    ChildNode t = nodes.get(target);
    HttpResponse<String> r = http.call("PUT",
        nodes.get(via).uri("/spawn/nodes/127.0.0.1/" + t.port()),
        "{\"maintenance\": " + on + "}");
    return r.statusCode();
  }

  /** Kills every node still running (the end of a run, or a failed one). */
  @Override
  public void close() {
    for (ChildNode n : nodes) {
      try {
        n.kill();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        // Best effort: the next node still gets its signal.
      }
    }
  }

  private static List<JsonNode> results(JsonNode envelope) {
    JsonNode data = envelope.path("data");
    if (!data.path("success").asBoolean(false)) {
      throw new IllegalStateException("admin call failed: " + envelope);
    }
    List<JsonNode> out = new ArrayList<>();
    data.path("results").forEach(out::add);
    return out;
  }
}
