package dev.spawn.examples.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.spawn.Node;
import dev.spawn.mirror.MirrorHeaders;
import dev.spawn.mirror.MirrorKey;
import dev.spawn.mirror.MirrorKeys;
import dev.spawn.mirror.MirrorRequest;
import dev.spawn.mirror.MirrorSigner;
import dev.spawn.mirror.SpawnIds;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What is refused or kept local: forged and replayed mirrors, answers outside the replicated
 * statuses, bodies over the limit, writes to a full journal. Node 0's journal holds 3 updates.
 */
class RefusalIT {

  @TempDir static Path root;
  private static NotesCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = NotesCluster.start(root, 3, (i, config) -> {
      if (i == 0) {
        config.with("journal").put("max-entries", 3);
      }
    });
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void aForgedMirrorRequestIsRefusedWith401AndNotApplied() {
    MirrorSigner forger = new MirrorSigner(MirrorKeys.of(MirrorKey.of("k1",
        "a-guessed-secret-of-some-length")));
    MirrorRequest update = Mirrors.jsonWrite("POST", "/notes", "{\"title\": \"forged\"}",
        "{\"id\": \"" + SpawnIds.next() + "\", \"created\": 1}");

    HttpResponse<String> r = Mirrors.send(cluster, 1, forger, update, "some-journal", 1, "start");

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(cluster.client(1).get("/notes/" + update.spawnId()).statusCode()).isEqualTo(404);
  }

  @Test
  void aReplayedMirrorRequestIsAnsweredAsADuplicateWithoutRunningTheApp() {
    String body = "{\"title\": \"sent twice\"}";
    HttpResponse<String> created = cluster.client(2).postJson("/notes", body);
    assertThat(created.statusCode()).isEqualTo(201);
    long seq = cluster.spawn(2).journal().stats().lastSeq();
    MirrorRequest update = Mirrors.jsonWrite("POST", "/notes", body, created.body());
    await().until(() -> cluster.counter(1).times(update.spawnId()) == 1);

    HttpResponse<String> replay = Mirrors.send(cluster, 1, Mirrors.CLUSTER_SIGNER, update,
        cluster.spawn(2).journal().id(), seq, "start");

    assertThat(replay.statusCode()).isEqualTo(200);
    assertThat(replay.headers().firstValue(MirrorHeaders.DUPLICATE)).hasValue("true");
    assertThat(cluster.counter(1).times(update.spawnId())).isEqualTo(1);
  }

  @Test
  void answersOutsideTheReplicatedStatusesAreNotReplicated() {
    long before = cluster.spawn(1).journal().stats().lastSeq();

    HttpResponse<String> badInput = cluster.client(1).postJson("/notes", "{\"title\": ");
    HttpResponse<String> broken = cluster.client(1).postJson("/test/error", "{}");
    HttpResponse<String> login = cluster.client(1).postJson("/test/login", "{}");

    assertThat(badInput.statusCode()).isEqualTo(400);
    assertThat(broken.statusCode()).isEqualTo(500);
    assertThat(login.statusCode()).isEqualTo(302);
    assertThat(login.headers().firstValue("Location")).hasValueSatisfying(
        l -> assertThat(l).contains("/login?next="));
    assertThat(cluster.spawn(1).journal().stats().lastSeq()).isEqualTo(before);
    assertThat(cluster.answers(1).calls).hasValue(2);
    assertThat(cluster.answers(0).calls).hasValue(0);
    assertThat(cluster.answers(2).calls).hasValue(0);
  }

  @Test
  void aBodyOverTheLimitIsRefusedWith413BeforeTheAppRuns() {
    long before = cluster.spawn(1).journal().stats().lastSeq();

    HttpResponse<String> r = cluster.client(1).postJson("/notes",
        "{\"title\": \"too big\", \"text\": \"" + "x".repeat(20_000) + "\"}");

    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).contains("mirror.max-body-bytes");
    assertThat(cluster.client(1).get("/notes").body()).doesNotContain("too big");
    assertThat(cluster.spawn(1).journal().stats().lastSeq()).isEqualTo(before);
  }

  @Test
  void aFullJournalRefusesWritesWith503BeforeTheAppRuns() {
    Node held = cluster.spawn(0).nodes().get(cluster.id(1)).orElseThrow();
    cluster.spawn(0).nodes().put(held.withMaintenance(true));
    try {
      for (int n = 0; n < 3; n++) {
        assertThat(cluster.client(0).postJson("/notes", "{\"title\": \"fills " + n + "\"}")
            .statusCode()).isEqualTo(201);
      }

      HttpResponse<String> refused = cluster.client(0).postJson("/notes",
          "{\"title\": \"one too many\"}");

      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.headers().firstValue("Retry-After")).isPresent();
      assertThat(refused.body()).contains("journal is full");
      assertThat(cluster.client(0).get("/notes").body()).doesNotContain("one too many");
    } finally {
      cluster.spawn(0).nodes().put(held);
    }
    await().atMost(Duration.ofSeconds(30))
        .until(() -> cluster.spawn(0).journal().stats().entries() == 0);
    assertThat(cluster.client(0).postJson("/notes", "{\"title\": \"room again\"}").statusCode())
        .isEqualTo(201);
  }
}
