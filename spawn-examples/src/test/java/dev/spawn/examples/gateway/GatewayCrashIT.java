package dev.spawn.examples.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway as its own process: killed with SIGKILL while a node is down and writes are in
 * flight, then restarted on its journal, it still delivers every acknowledged write; SIGTERM stops
 * it cleanly.
 */
class GatewayCrashIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;
  private NotesCluster nodes;
  private Process child;

  @BeforeEach
  void startNodes() throws Exception {
    nodes = new NotesCluster(dir, 3);
    String nodeList = nodes.nodes().stream()
        .map(n -> "{\"host\": \"127.0.0.1\", \"port\": " + n.port() + "}")
        .collect(Collectors.joining(", "));
    Files.writeString(dir.resolve("gateway.json"), "{\n"
        + "  \"host\": \"127.0.0.1\",\n"
        + "  \"query-mode\": {\"round-robin\": true},\n"
        + "  \"health-check\": {\"seconds\": 1, \"url\": \"/health\", \"rise\": 1, \"fall\": 1},\n"
        + "  \"journal\": {\"path\": \"" + dir.resolve("journal.db") + "\", \"sync\": \"full\"},\n"
        + "  \"delivery\": {\"backoff-min-ms\": 20, \"backoff-max-ms\": 200},\n"
        + "  \"nodes\": [" + nodeList + "]\n"
        + "}\n");
  }

  @AfterEach
  void stop() throws Exception {
    if (child != null) {
      child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    nodes.close();
  }

  @Test
  void aKilledGatewayRestartedOnItsJournalDeliversEveryAcknowledgedWrite() throws Exception {
    nodes.stop(2);
    String proxy = startGateway("first");

    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    Thread writer = new Thread(() -> {
      for (int i = 0; ; i++) {
        try {
          HttpResponse<String> r = Http.put(proxy + "/notes/c" + i, Http.note("c" + i, "text"));
          if (r.statusCode() == 201 || r.statusCode() == 202) {
            acknowledged.add("c" + i);
          }
        } catch (UncheckedIOException e) {
          return; // the gateway is gone
        }
      }
    }, "writer");
    writer.start();
    await().atMost(WAIT).until(() -> acknowledged.size() >= 40);
    child.destroyForcibly(); // SIGKILL while writes are in flight
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    writer.join(30_000);
    assertThat(writer.isAlive()).isFalse();

    startGateway("second");
    nodes.restart(2);

    await().atMost(WAIT).untilAsserted(() -> {
      for (String id : acknowledged) {
        assertThat(Http.get(nodes.base(2) + "/notes/" + id).statusCode()).as(id).isEqualTo(200);
      }
      String digest = Http.get(nodes.base(0) + "/digest").body();
      assertThat(Http.get(nodes.base(1) + "/digest").body()).isEqualTo(digest);
      assertThat(Http.get(nodes.base(2) + "/digest").body()).isEqualTo(digest);
    });
  }

  @Test
  void sigtermStopsTheGatewayCleanly() throws Exception {
    String proxy = startGateway("term");
    assertThat(Http.put(proxy + "/notes/t", Http.note("t", "x")).statusCode()).isEqualTo(201);

    child.destroy(); // SIGTERM

    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).isEqualTo(143); // 128 + SIGTERM, after the shutdown hook ran
    assertThat(Files.readString(dir.resolve("term.err"))).contains("Spawn gateway stopped",
        "closed journal");
  }

  /** Starts the gateway JVM and returns its proxy URL, read from its start-up lines. */
  private String startGateway(String name) throws IOException {
    child = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        SpawnGateway.class.getName(),
        "--config=" + dir.resolve("gateway.json"), "--port=0", "--api-port=0")
        .redirectError(dir.resolve(name + ".err").toFile())
        .start();
    BufferedReader out = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    List<String> seen = new ArrayList<>();
    String line;
    while ((line = out.readLine()) != null) {
      seen.add(line);
      if (line.strip().startsWith("proxy:")) {
        String url = line.strip().substring("proxy:".length()).strip();
        Thread drain = new Thread(() -> drain(out), "gateway-stdout");
        drain.setDaemon(true);
        drain.start();
        return url.replaceAll("/$", "");
      }
    }
    throw new IllegalStateException("the gateway printed no proxy line: " + seen + "\n"
        + Files.readString(dir.resolve(name + ".err")));
  }

  private static void drain(BufferedReader out) {
    try {
      while (out.readLine() != null) {
        // keep the pipe empty so the child never blocks on stdout
      }
    } catch (IOException e) {
      // the child is gone
    }
  }
}
