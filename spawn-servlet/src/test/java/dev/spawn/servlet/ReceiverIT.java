package dev.spawn.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spawn.Node;
import dev.spawn.mirror.MirrorHeaders;
import dev.spawn.mirror.MirrorKey;
import dev.spawn.mirror.MirrorKeys;
import dev.spawn.mirror.MirrorRequest;
import dev.spawn.mirror.MirrorSigner;
import dev.spawn.mirror.SpawnIds;
import dev.spawn.servlet.TestCluster.TestNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The receiving side, fed with hand-made mirror requests signed with the cluster's secret. */
class ReceiverIT {

  private static final MirrorSigner SIGNER =
      new MirrorSigner(MirrorKeys.of(MirrorKey.of("k1", TestCluster.SECRET)));

  @TempDir static Path dir;
  private static TestCluster cluster;
  private static TestNode node;

  @BeforeAll
  static void start() throws Exception {
    cluster = TestCluster.start(1, dir, (i, config) -> { });
    node = cluster.node(0);
  }

  @AfterAll
  static void stop() throws Exception {
    cluster.close();
  }

  @Test
  void appliesAnUpdateOnceAndAnswersItsReplayAsADuplicateWithoutRunningTheApp() {
    MirrorRequest update = update("POST", "/echo/dup", "one");

    HttpResponse<String> first = send(SIGNER, update, "j-dup", 1, "start", null);
    HttpResponse<String> replay = send(SIGNER, update, "j-dup", 1, "start", null);

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(replay.statusCode()).isEqualTo(200);
    assertThat(replay.headers().firstValue(MirrorHeaders.DUPLICATE)).hasValue("true");
    TestApp.Applied applied = node.app().at("/echo/dup").get(0);
    assertThat(node.app().at("/echo/dup")).hasSize(1);
    assertThat(applied.replicated()).isTrue();
    assertThat(applied.spawnId()).isEqualTo(update.spawnId());
    assertThat(applied.originTime()).isEqualTo(update.originTimeMillis());
    assertThat(applied.principal()).isEqualTo("origin user");
    assertThat(hwm("j-dup")).hasValue(1);
  }

  @Test
  void forgedOrTamperedRequestsAreRefusedWith401AndNotApplied() {
    MirrorSigner forger = new MirrorSigner(MirrorKeys.of(MirrorKey.of("k1", "not-the-secret-at-all")));
    MirrorRequest update = update("POST", "/echo/forged", "x");

    HttpResponse<String> forged = send(forger, update, "j-forged", 1, "start", null);
    HttpResponse<String> tampered = send(SIGNER, update, "j-forged", 1, "start", "other body");
    HttpResponse<String> unsigned = Http.send("POST", node.base() + "/echo/forged", "text/plain",
        new byte[0], "Spawn-Seq", "j-forged:1", "Spawn-Prev", "start", "Spawn-Id",
        update.spawnId(), "Spawn-Origin-Time", "1");
    HttpResponse<String> malformed = Http.send("POST", node.base() + "/echo/forged", "text/plain",
        new byte[0], "Spawn-Seq", "no-seq-here");

    assertThat(forged.statusCode()).isEqualTo(401);
    assertThat(forged.body()).contains("signature does not match");
    assertThat(tampered.statusCode()).isEqualTo(401);
    assertThat(unsigned.statusCode()).isEqualTo(401);
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(node.app().at("/echo/forged")).isEmpty();
    assertThat(hwm("j-forged")).isEmpty();
  }

  @Test
  void aGapIsRefusedWith409NamingTheExpectedSeq() {
    send(SIGNER, update("PUT", "/echo/gap", "1"), "j-gap", 1, "start", null);

    HttpResponse<String> gap = send(SIGNER, update("PUT", "/echo/gap", "5"), "j-gap", 5, "3", null);

    assertThat(gap.statusCode()).isEqualTo(409);
    assertThat(gap.headers().firstValue(MirrorHeaders.EXPECTED)).hasValue("2");
    assertThat(node.app().at("/echo/gap")).hasSize(1);
  }

  @Test
  void aServerErrorLeavesTheMarkSoTheRetryRunsTheAppAgain() {
    send(SIGNER, update("POST", "/echo/retry", "1"), "j-retry", 1, "start", null);

    HttpResponse<String> failed = send(SIGNER, update("POST", "/fail/retry", "2"), "j-retry", 2,
        "1", null);
    HttpResponse<String> retried = send(SIGNER, update("POST", "/echo/retry", "2"), "j-retry", 2,
        "1", null);

    assertThat(failed.statusCode()).isEqualTo(500);
    assertThat(retried.statusCode()).isEqualTo(201);
    assertThat(hwm("j-retry")).hasValue(2);
  }

  @Test
  void asyncAppsOnThePeerCommitWhenTheyComplete() {
    HttpResponse<String> completed = send(SIGNER, update("POST", "/async/peer", "1"), "j-async",
        1, "start", null);
    HttpResponse<String> dispatched = send(SIGNER, update("POST", "/async-dispatch/peer", "2"),
        "j-async", 2, "1", null);

    assertThat(completed.statusCode()).isEqualTo(200);
    assertThat(completed.body()).isEqualTo("async-done");
    assertThat(dispatched.statusCode()).isEqualTo(202);
    assertThat(hwm("j-async")).hasValue(2);
  }

  @Test
  void aNodeInMaintenanceAnswers503AndAppliesNothing() {
    Node self = node.spawn().self().orElseThrow();
    node.spawn().nodes().put(self.withMaintenance(true));
    try {
      HttpResponse<String> r = send(SIGNER, update("POST", "/echo/maint", "1"), "j-maint", 1,
          "start", null);

      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.headers().firstValue("Retry-After")).isPresent();
      assertThat(node.app().at("/echo/maint")).isEmpty();
      assertThat(hwm("j-maint")).isEmpty();
    } finally {
      node.spawn().nodes().put(self);
    }
  }

  @Test
  void aNodeWithoutSelfRefusesMirrors(@TempDir Path other) throws Exception {
    try (TestCluster lone = TestCluster.start(1, other, (i, config) -> config.self(null))) {
      TestNode n = lone.node(0);
      MirrorRequest update = update("POST", "/echo/noself", "1");
      List<String> headers = new ArrayList<>();
      SIGNER.outboundHeaders(update, n.id(), "j-noself", 1, "start")
          .forEach(h -> headers.addAll(List.of(h.name(), h.value())));

      HttpResponse<String> r = Http.send("POST", n.base() + "/echo/noself", "text/plain",
          update.body(), headers.toArray(String[]::new));

      assertThat(r.statusCode()).isEqualTo(500);
      assertThat(r.body()).contains("self is not configured");
      assertThat(n.app().applied).isEmpty();
    }
  }

  private static MirrorRequest update(String method, String target, String body) {
    return new MirrorRequest(method, target,
        List.of(new MirrorRequest.Header("Content-Type", "text/plain")),
        body.getBytes(StandardCharsets.UTF_8), SpawnIds.next(), 1_700_000_000_000L,
        "origin user");
  }

  /** Sends {@code update} as a peer would; {@code bodyOverride} sends other bytes than signed. */
  private static HttpResponse<String> send(MirrorSigner signer, MirrorRequest update,
      String journal, long seq, String prev, String bodyOverride) {
    List<String> headers = new ArrayList<>();
    signer.outboundHeaders(update, node.id(), journal, seq, prev)
        .forEach(h -> headers.addAll(List.of(h.name(), h.value())));
    byte[] body = bodyOverride == null ? update.body()
        : bodyOverride.getBytes(StandardCharsets.UTF_8);
    return Http.send(update.method(), node.base() + update.target(), update.contentType(), body,
        headers.toArray(String[]::new));
  }

  private static OptionalLong hwm(String journal) {
    return node.spawn().ledger().highWaterMark(journal);
  }
}
