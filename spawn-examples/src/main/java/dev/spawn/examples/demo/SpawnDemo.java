package dev.spawn.examples.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spawn.delivery.PeerStatus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * The demo behind {@code java -jar spawn-demo.jar}: three nodes of the notes app, writes to
 * different nodes, a node in maintenance that queues its updates, and convergence once it is
 * back. Prints what it does and exits 0 when everything went as expected, 1 otherwise.
 */
public final class SpawnDemo {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long WAIT_MILLIS = 30_000;

  private final HttpClient http = HttpClient.newHttpClient();
  private final DemoCluster cluster;

  private SpawnDemo(DemoCluster cluster) {
    this.cluster = cluster;
  }

  public static void main(String[] args) throws Exception {
    // Quiet by default so the demo's own lines stand out; audit lines show the admin changes.
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    System.setProperty("org.slf4j.simpleLogger.log.dev.spawn.audit", "info");
    System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
    Path dir = Files.createTempDirectory("spawn-demo");
    int status;
    try {
      status = run(dir);
    } finally {
      deleteTree(dir);
    }
    System.exit(status);
  }

  /** Runs the demo with its data under {@code dir}; 0 when everything went as expected. */
  static int run(Path dir) throws Exception {
    say("Starting 3 nodes of the notes app, each with the Spawn filter (data in %s)", dir);
    try (DemoCluster cluster = DemoCluster.start(dir, 3)) {
      for (DemoCluster.Member m : cluster.members) {
        say("  node %s  %s", m.node().id(), m.uri());
      }
      int status = new SpawnDemo(cluster).run() ? 0 : 1;
      say(status == 0 ? "Demo finished: everything went as expected." : "Demo FAILED (see above).");
      return status;
    }
  }

  private boolean run() throws Exception {
    step("1. Write 3 notes to node 1 and 3 to node 2");
    for (int i = 1; i <= 3; i++) {
      post(0, "note " + i + " written on node 1");
      post(1, "note " + (i + 3) + " written on node 2");
    }
    if (!converged(6)) {
      return false;
    }

    step("2. Put node 3 in maintenance (through node 1's admin API) and write 4 more notes to"
        + " node 1");
    maintenance(2, true);
    for (int i = 7; i <= 10; i++) {
      post(0, "note " + i + " written while node 3 is in maintenance");
    }
    String node3 = cluster.member(2).node().id();
    // 4 notes, and the maintenance change itself: node 3 gets it once it is back.
    if (!waitFor(() -> queueOf(0, node3).depth() == 5)) {
      say("  node 1 should hold 5 updates for node 3, holds %d", queueOf(0, node3).depth());
      return false;
    }
    PeerStatus q = queueOf(0, node3);
    say("  node 1's queue for node 3: %s, %d updates waiting (%s): the 4 notes and the"
        + " maintenance change itself", q.state(), q.depth(), q.reason());
    say("  notes on node 1: %d, on node 3: %d", count(0), count(2));
    if (count(2) != 6) {
      say("  node 3 should still have 6 notes");
      return false;
    }

    step("3. Bring node 3 back (through node 1's admin API)");
    maintenance(2, false);
    if (!converged(10)) {
      return false;
    }
    say("  node 1's queue for node 3: %d waiting", queueOf(0, node3).depth());
    return true;
  }

  private boolean converged(int expected) throws Exception {
    boolean ok = waitFor(() -> {
      List<String> digests = cluster.members.stream().map(m -> digest(m.uri())).toList();
      return digests.stream().distinct().count() == 1
          && count(0) == expected;
    });
    for (int i = 0; i < cluster.members.size(); i++) {
      DemoCluster.Member m = cluster.member(i);
      say("  node %d: %d notes, digest %s", i + 1, count(i), digest(m.uri()).substring(0, 16));
    }
    say(ok ? "  -> all nodes agree" : "  -> nodes did NOT converge");
    return ok;
  }

  /**
   * PUT /spawn/nodes/{host}/{port} on node 1. The admin API sits behind the Spawn filter, so the
   * change reaches node 2 like any write (node 3 gets it once it is back).
   */
  private void maintenance(int member, boolean on) throws IOException, InterruptedException {
    DemoCluster.Member target = cluster.member(member);
    URI uri = cluster.member(0).uri().resolve(
        "spawn/nodes/" + target.node().host() + "/" + target.node().port());
    HttpResponse<String> r = http.send(
        HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString("{\"maintenance\": " + on + "}")).build(),
        HttpResponse.BodyHandlers.ofString());
    say("  PUT node 1 /spawn/nodes/%s/%d {\"maintenance\": %s}  -> %d", target.node().host(),
        target.node().port(), on, r.statusCode());
    if (r.statusCode() != 202) {
      throw new IllegalStateException("the admin API answered " + r.statusCode() + ": " + r.body());
    }
  }

  private PeerStatus queueOf(int member, String peer) {
    return cluster.member(member).spawn().queue(peer).orElseThrow();
  }

  private void post(int member, String title) throws IOException, InterruptedException {
    String body = JSON.writeValueAsString(java.util.Map.of("title", title, "text", "demo"));
    HttpResponse<String> r = http.send(
        HttpRequest.newBuilder(cluster.member(member).uri().resolve("notes"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201) {
      throw new IllegalStateException("POST to node " + (member + 1) + " answered "
          + r.statusCode() + ": " + r.body());
    }
    say("  POST node %d /notes  -> %d  %s", member + 1, r.statusCode(),
        JSON.readTree(r.body()).path("title").asText());
  }

  private int count(int member) {
    return get(cluster.member(member).uri().resolve("digest")).path("count").asInt(-1);
  }

  private String digest(URI base) {
    return get(base.resolve("digest")).path("sha256").asText("?");
  }

  private JsonNode get(URI uri) {
    try {
      return JSON.readTree(http.send(HttpRequest.newBuilder(uri).build(),
          HttpResponse.BodyHandlers.ofString()).body());
    } catch (IOException e) {
      return JSON.createObjectNode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return JSON.createObjectNode();
    }
  }

  private static boolean waitFor(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    while (System.currentTimeMillis() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(100);
    }
    return condition.getAsBoolean();
  }

  private static void step(String text) {
    System.out.println();
    say(text);
  }

  private static void say(String format, Object... args) {
    System.out.println(String.format(format, args));
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
