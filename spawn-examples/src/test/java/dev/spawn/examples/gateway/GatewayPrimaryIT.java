package dev.spawn.examples.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.spawn.SpawnConfig;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code respond: primary}: the best node runs a write first; only what it accepts spreads. */
class GatewayPrimaryIT {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;
  private NotesCluster nodes;
  private SpawnGateway gateway;
  private String proxy;

  @BeforeEach
  void start() throws Exception {
    nodes = new NotesCluster(dir, 3);
    gateway = SpawnGateway.builder(
            nodes.config().byPriority(true).respond(SpawnConfig.Respond.PRIMARY).build())
        .proxyPort(0).apiPort(0).stopTimeout(Duration.ofSeconds(5)).start();
    proxy = gateway.proxyUri().toString().replaceAll("/$", "");
  }

  @AfterEach
  void stop() {
    gateway.close();
    nodes.close();
  }

  @Test
  void theBestNodeAnswersAndTheOthersGetTheWriteFromTheJournal() {
    HttpResponse<String> created = Http.post(proxy + "/notes", Http.note("p", "primary"));

    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(nodes.writes(0)).as("the primary ran it before the answer").isEqualTo(1);
    String id = created.headers().firstValue("Spawn-Id").orElseThrow();
    assertThat(created.body()).contains("\"id\":\"" + id + "\"");
    // One entry for each of the two other nodes, none for the primary.
    assertThat(gateway.spawn().journal().stats().lastSeq()).isEqualTo(2);
    await().atMost(WAIT).untilAsserted(() -> {
      for (int i = 1; i < 3; i++) {
        assertThat(Http.get(nodes.base(i) + "/notes/" + id).body()).isEqualTo(created.body());
      }
    });
    assertThat(nodes.writes(0)).as("the primary ran it once").isEqualTo(1);
  }

  @Test
  void aWriteThePrimaryRefusesIsNotReplicated() {
    HttpResponse<String> bad = Http.put(proxy + "/notes/bad", "{not json");

    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("not valid JSON");
    assertThat(nodes.writes(0)).isEqualTo(1);
    assertThat(gateway.spawn().journal().stats().lastSeq()).isZero();
    assertThat(nodes.writes(1) + nodes.writes(2)).isZero();
  }

  @Test
  void whenThePrimaryIsDownTheNextNodeRunsTheWriteAndTheFirstCatchesUp() throws Exception {
    nodes.stop(0);

    HttpResponse<String> put = Http.put(proxy + "/notes/x", Http.note("while down", "x"));

    assertThat(put.statusCode()).isEqualTo(201);
    assertThat(nodes.writes(1)).isEqualTo(1);
    assertThat(gateway.spawn().health().isHealthy(nodes.node(0).id())).isFalse();

    nodes.restart(0);
    await().atMost(WAIT).untilAsserted(() -> {
      String digest = Http.get(nodes.base(1) + "/digest").body();
      assertThat(Http.get(nodes.base(0) + "/digest").body()).isEqualTo(digest);
      assertThat(Http.get(nodes.base(2) + "/digest").body()).isEqualTo(digest);
    });
    assertThat(nodes.writes(1)).as("the stand-in primary ran it once").isEqualTo(1);
  }
}
