package dev.spawn.examples.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.spawn.delivery.PeerState;
import dev.spawn.mirror.MirrorHeaders;
import dev.spawn.mirror.MirrorRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** Nodes that stop, restart or lose their data: caught up, never applied twice, never silent. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RecoveryIT {

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
  @Order(1)
  void aStoppedNodeCatchesUpWhenRestartedOnItsDataAndJournal() throws Exception {
    cluster.stop(2);
    for (int n = 0; n < 5; n++) {
      assertThat(cluster.client(n % 2).postJson("/notes", "{\"title\": \"while 2 was down " + n
          + "\"}").statusCode()).isEqualTo(201);
    }

    cluster.start(2);

    String digest = awaitSameDigests(3);
    assertThat(NotesCluster.parse(digest).get("count").asInt()).isEqualTo(5);
  }

  @Test
  @Order(2)
  void aNodeRestartedMidDeliveryAppliesNothingTwiceEvenWhenUpdatesAreSentAgain()
      throws Exception {
    String journal = cluster.spawn(0).journal().id();
    List<MirrorRequest> sent = new CopyOnWriteArrayList<>();
    List<Long> seqs = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
      for (int n = 0; n < 30; n++) {
        String body = "{\"title\": \"stream " + n + "\"}";
        HttpResponse<String> r = cluster.client(0).postJson("/notes", body);
        assertThat(r.statusCode()).isEqualTo(201);
        // One writer on node 0: its journal's last seq is this write's seq.
        seqs.add(cluster.spawn(0).journal().stats().lastSeq());
        sent.add(Mirrors.jsonWrite("POST", "/notes", body, r.body()));
      }
    });
    await().until(() -> sent.size() >= 5);
    cluster.stop(2);
    cluster.start(2);
    writer.get();
    awaitSameDigests(3);

    // Send node 2 every one of these updates again, as a sender that lost its cursor would: the
    // high-water mark read back from disk after the restart drops them all.
    for (int k = 0; k < sent.size(); k++) {
      HttpResponse<String> again = Mirrors.send(cluster, 2, Mirrors.CLUSTER_SIGNER, sent.get(k),
          journal, seqs.get(k), "start");
      assertThat(again.statusCode()).isEqualTo(200);
      assertThat(again.headers().firstValue(MirrorHeaders.DUPLICATE)).hasValue("true");
    }
    for (MirrorRequest m : sent) {
      assertThat(cluster.counter(2).times(m.spawnId())).as(m.spawnId()).isEqualTo(1);
    }
    assertThat(cluster.counter(2).twice()).isEmpty();
    assertThat(cluster.counter(1).twice()).isEmpty();
    awaitSameDigests(3);
  }

  @Test
  @Order(3)
  void aNodeThatLostItsDataAndMarksIsReportedNeedsResyncNotSilentlySkipped() throws Exception {
    HttpResponse<String> before = cluster.client(0).postJson("/notes", "{\"title\": \"seen\"}");
    assertThat(before.statusCode()).isEqualTo(201);
    awaitSameDigests(3);

    cluster.stop(2);
    cluster.wipe(2);
    cluster.start(2);
    assertThat(cluster.client(0).postJson("/notes", "{\"title\": \"after the wipe\"}")
        .statusCode()).isEqualTo(201);

    await().atMost(Duration.ofSeconds(30)).until(() ->
        cluster.spawn(0).queue(cluster.id(2)).orElseThrow().state() == PeerState.NEEDS_RESYNC);
    assertThat(NotesCluster.parse(cluster.client(2).get("/digest").body()).get("count").asInt())
        .isZero();
    assertThat(cluster.spawn(0).queue(cluster.id(1)).orElseThrow().state())
        .isNotEqualTo(PeerState.NEEDS_RESYNC);
  }

  private static String awaitSameDigests(int nodes) {
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      List<String> d = cluster.digests();
      return d.size() == nodes && d.stream().distinct().count() == 1;
    });
    return cluster.digests().get(0);
  }
}
