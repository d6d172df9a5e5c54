package dev.spawn.examples.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three notes app nodes, each behind Spawn's filter: every write reaches every node. */
class ReplicationIT {

  @TempDir static Path root;
  private static NotesCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = NotesCluster.start(root, 3, (i, config) -> { });
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void writesToAnyNodeReachAllNodesAndEverySuccessWasJournaledFirst() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      long before = cluster.spawn(i).journal().stats().lastSeq();
      HttpResponse<String> r = cluster.client(i).postJson("/notes",
          "{\"title\": \"from node " + i + "\", \"text\": \"hello\"}");
      assertThat(r.statusCode()).isEqualTo(201);
      // The client holds a 2xx: its write must already be in the origin's journal.
      assertThat(cluster.spawn(i).journal().stats().lastSeq()).isGreaterThan(before);
      ids.add(NotesCluster.parse(r.body()).get("id").asText());
    }
    awaitSameDigests();

    long before = cluster.spawn(1).journal().stats().lastSeq();
    HttpResponse<String> put = cluster.client(1).putJson("/notes/" + ids.get(0),
        "{\"title\": \"changed on node 1\"}");
    assertThat(put.statusCode()).isEqualTo(200);
    assertThat(cluster.spawn(1).journal().stats().lastSeq()).isGreaterThan(before);
    before = cluster.spawn(2).journal().stats().lastSeq();
    assertThat(cluster.client(2).delete("/notes/" + ids.get(1)).statusCode()).isEqualTo(204);
    assertThat(cluster.spawn(2).journal().stats().lastSeq()).isGreaterThan(before);
    HttpResponse<String> form = cluster.client(0).postForm("/notes",
        "title=a+form&text=caf%C3%A9");
    assertThat(form.statusCode()).isEqualTo(201);

    String digest = awaitSameDigests();
    for (int i = 0; i < 3; i++) {
      assertThat(cluster.client(i).get("/notes/" + ids.get(0)).body())
          .contains("changed on node 1");
      assertThat(cluster.client(i).get("/notes/" + ids.get(1)).statusCode()).isEqualTo(404);
      assertThat(cluster.client(i).get("/notes").body()).contains("café");
    }
    assertThat(digest).isNotEmpty();
  }

  @Test
  void concurrentWritesToAllThreeNodesConverge() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<Integer>> answers = new ArrayList<>();
      for (int n = 0; n < 60; n++) {
        int node = n % 3;
        String body = "{\"title\": \"concurrent " + n + "\", \"text\": \"" + "x".repeat(n) + "\"}";
        answers.add(pool.submit(() -> cluster.client(node).postJson("/notes", body).statusCode()));
      }
      for (Future<Integer> a : answers) {
        assertThat(a.get()).isEqualTo(201);
      }
    } finally {
      pool.shutdownNow();
    }
    String digest = awaitSameDigests();
    assertThat(NotesCluster.parse(digest).get("count").asInt()).isGreaterThanOrEqualTo(60);
  }

  /** Waits until every node serves the same digest, and returns it. */
  private static String awaitSameDigests() {
    await().atMost(Duration.ofSeconds(30))
        .until(() -> cluster.digests().stream().distinct().count() == 1);
    return cluster.digests().get(0);
  }
}
