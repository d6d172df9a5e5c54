package dev.spawn.examples.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two crash windows request replication cannot close, shown deterministically with two
 * child-JVM nodes ({@link HaltingNode}) that halt at the exact moment: after the app applied a
 * write, before Spawn recorded it. These tests pin down today's behaviour, which
 * docs/RELIABILITY.md describes; one of them failing means the behaviour changed and the document
 * must change with it.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CrashWindowIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  /**
   * Origin: the app wrote the note, then the JVM died before the journal commit. The client got
   * no answer (never saw success), and the note stays on its origin only: it is in no journal.
   * The client repeating the write brings it to the peer, except for what the app derives from
   * the lost write (here the note's creation time).
   */
  @Test
  void aWriteWhoseOriginDiesBetweenTheAppAndTheJournalStaysOnTheOriginOnly() throws Exception {
    try (ChaosCluster c = start()) {
      assertThat(put(c, 0, "before", "none")).isEqualTo(201);
      await().atMost(WAIT).until(() -> status(c, 1, "before") == 200);

      assertThatThrownBy(() -> put(c, 0, "lost", "origin")).isInstanceOf(IOException.class);
      assertThat(c.node(0).awaitExit(30)).isTrue();
      assertThat(c.node(0).exitCode()).isEqualTo(137);
      c.node(0).start();
      c.awaitHealthy(0, WAIT);
      assertThat(put(c, 0, "after", "none")).isEqualTo(201);
      await().atMost(WAIT).until(() -> status(c, 1, "after") == 200 && drained(c, 0));

      assertThat(status(c, 0, "lost")).as("on the origin").isEqualTo(200);
      assertThat(status(c, 1, "lost")).as("on the peer").isEqualTo(404);
      assertThat(c.digest(0)).isNotEqualTo(c.digest(1));

      // The client saw no answer. Repeating the same PUT goes through the journal and brings the
      // note to the peer, but this app keeps a note's first creation time: the origin's copy
      // still says when the lost write ran, so the nodes still differ in that field.
      assertThat(put(c, 0, "lost", "none")).isEqualTo(200);
      await().atMost(WAIT).until(() -> status(c, 1, "lost") == 200 && drained(c, 0));
      JsonNode origin = c.http().getJson(c.node(0).uri("/notes/lost"));
      JsonNode peer = c.http().getJson(c.node(1).uri("/notes/lost"));
      assertThat(peer.path("title")).isEqualTo(origin.path("title"));
      assertThat(peer.path("updated")).isEqualTo(origin.path("updated"));
      assertThat(peer.path("created").asLong()).isGreaterThan(origin.path("created").asLong());
    }
  }

  /**
   * Receiver: the peer's app applied a mirrored write, then the JVM died before its high-water
   * mark was committed. The sender never got an answer and sends the update again, and the
   * restarted peer runs the app a second time for the same update (same Spawn-Id). A PUT does
   * the same thing twice, so the notes still agree.
   */
  @Test
  void aReceiverThatDiesBetweenTheAppAndItsMarkRunsTheUpdateAgain() throws Exception {
    try (ChaosCluster c = start()) {
      assertThat(put(c, 0, "twice", "receiver")).isEqualTo(201);
      assertThat(c.node(1).awaitExit(30)).isTrue();
      assertThat(c.node(1).exitCode()).isEqualTo(137);
      c.node(1).start();
      c.awaitHealthy(1, WAIT);
      await().atMost(WAIT).until(() -> status(c, 1, "twice") == 200 && drained(c, 0));

      List<String> runs = Files.readAllLines(dir.resolve("node1/data")
          .resolve(HaltingNode.APPLIED_LOG)).stream().filter(l -> l.endsWith("/notes/twice"))
          .toList();
      assertThat(runs).hasSize(2);
      assertThat(runs.get(0)).isEqualTo(runs.get(1)); // the same update, by its Spawn-Id
      assertThat(c.digest(0)).isEqualTo(c.digest(1));
    }
  }

  private ChaosCluster start() throws Exception {
    ChaosCluster c = ChaosCluster.create(dir, 2, System.getProperty("java.class.path"),
        HaltingNode.class.getName());
    for (ChildNode n : c.nodes()) {
      n.start();
    }
    for (int i = 0; i < c.size(); i++) {
      c.awaitHealthy(i, WAIT);
    }
    return c;
  }

  private static int put(ChaosCluster c, int node, String id, String halt) throws Exception {
    return c.http().send("PUT", c.node(node).uri("/notes/" + id),
        "{\"title\": \"" + id + "\", \"text\": \"x\"}", HaltingNode.HEADER, halt).statusCode();
  }

  private static int status(ChaosCluster c, int node, String id) {
    return c.http().call("GET", c.node(node).uri("/notes/" + id), null).statusCode();
  }

  private static boolean drained(ChaosCluster c, int node) {
    return c.queues(node).stream().allMatch(q -> q.path("depth").asLong() == 0);
  }
}
