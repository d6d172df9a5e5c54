package dev.spawn.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.spawn.config.MirrorConfig;
import dev.spawn.mirror.MirrorHeaders;
import dev.spawn.servlet.TestApp.Applied;
import dev.spawn.servlet.TestCluster.TestNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real nodes: A (acks=1, bodies over 4 KiB refused) and B (bodies over 4 KiB passed
 * through). Each test writes to its own paths; after each, no 2xx left A before it was journaled.
 */
class SpawnFilterIT {

  private static final int LIMIT = 4096;

  @TempDir static Path dir;
  private static TestCluster cluster;
  private static TestNode a;
  private static TestNode b;

  @BeforeAll
  static void start() throws Exception {
    cluster = TestCluster.start(2, dir, (i, config) -> {
      config.mirror(m -> m.maxBodyBytes(LIMIT).oversize(i == 0
          ? MirrorConfig.Oversize.REJECT : MirrorConfig.Oversize.PASS_THROUGH));
      if (i == 0) {
        config.acks(1);
      }
    });
    a = cluster.node(0);
    b = cluster.node(1);
  }

  @AfterAll
  static void stop() throws Exception {
    cluster.close();
  }

  @AfterEach
  void noSuccessLeftBeforeItWasJournaled() {
    for (JournalWitness.Seen s : a.witness().seen) {
      if (s.status() / 100 == 2) {
        assertThat(s.journaledFirst()).as("%s answered %s before being journaled", s.path(),
            s.status()).isTrue();
      }
    }
  }

  @Test
  void formPostServesParametersFromTheCapturedBodyOnOriginAndPeer() {
    HttpResponse<String> r = Http.send("POST", a.base() + "/form/1?q=1",
        "application/x-www-form-urlencoded; charset=UTF-8",
        "a=x+y&b=%C3%A9t%C3%A9&a=2".getBytes(StandardCharsets.UTF_8));

    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.headers().firstValue(MirrorHeaders.ACKS)).hasValue("1/1");
    Map<String, List<String>> expected = Map.of("q", List.of("1"), "a", List.of("x y", "2"),
        "b", List.of("été"));
    assertThat(a.app().at("/form/1").get(0).parameters()).isEqualTo(expected);
    Applied peer = b.app().at("/form/1").get(0);
    assertThat(peer.parameters()).isEqualTo(expected);
    assertThat(peer.replicated()).isTrue();
    assertThat(peer.text()).isEqualTo("a=x+y&b=%C3%A9t%C3%A9&a=2");
  }

  @Test
  void appSeesTheFilterSpawnIdAndOriginTimeNotTheClientsAndThePeerSeesTheSame() {
    Http.send("PUT", a.base() + "/echo/ids", "text/plain", new byte[] {1},
        "Spawn-Id", "forged", "Spawn-Origin-Time", "5", "Spawn-Prev", "3");

    Applied origin = a.app().at("/echo/ids").get(0);
    assertThat(origin.spawnIdHeader()).isNotEqualTo("forged").isEqualTo(origin.spawnId());
    assertThat(origin.originTimeHeader()).isEqualTo(origin.originTime().toString());
    Applied peer = b.app().at("/echo/ids").get(0);
    assertThat(peer.spawnId()).isEqualTo(origin.spawnId());
    assertThat(peer.originTime()).isEqualTo(origin.originTime());
  }

  @Test
  void multipartUploadServesPartsOnOriginAndPeer() throws IOException {
    byte[] file = new byte[256];
    for (int i = 0; i < file.length; i++) {
      file[i] = (byte) i;
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(("--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nhello\r\n"
        + "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.bin\"\r\n"
        + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    body.write(file);
    body.write("\r\n--XyZ--\r\n".getBytes(StandardCharsets.UTF_8));

    HttpResponse<String> r = Http.send("POST", a.base() + "/upload/1",
        "multipart/form-data; boundary=XyZ", body.toByteArray());

    assertThat(r.statusCode()).isEqualTo(201);
    for (TestNode n : List.of(a, b)) {
      Applied seen = n.app().at("/upload/1").get(0);
      assertThat(seen.parts()).containsOnlyKeys("title", "file:a.bin");
      assertThat(seen.parts().get("file:a.bin")).isEqualTo(file);
      assertThat(seen.parameters()).containsEntry("title", List.of("hello"));
      assertThat(seen.body()).isEqualTo(body.toByteArray());
    }
  }

  @Test
  void chunkedGzipBodyReachesThePeerByteIdentical() throws IOException {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write("{\"note\":\"compressed, and sent in chunks\"}".repeat(20)
          .getBytes(StandardCharsets.UTF_8));
    }
    byte[] sent = gz.toByteArray();

    HttpResponse<String> r = Http.sendChunked("POST", a.base() + "/echo/gzip",
        "application/json", sent, "Content-Encoding", "gzip");

    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(a.app().at("/echo/gzip").get(0).body()).isEqualTo(sent);
    assertThat(b.app().at("/echo/gzip").get(0).body()).isEqualTo(sent);
  }

  @Test
  void asyncServletIsJournaledWhenItCompletesOnAnotherThread() {
    HttpResponse<String> r = Http.send("POST", a.base() + "/async/1", "text/plain",
        "x".getBytes(StandardCharsets.UTF_8));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("async-done");
    assertThat(r.headers().firstValue(MirrorHeaders.ACKS)).hasValue("1/1");
    assertThat(b.app().at("/async/1")).hasSize(1);
  }

  @Test
  void asyncDispatchIsJournaledWhenTheDispatchAnswers() {
    HttpResponse<String> r = Http.send("POST", a.base() + "/async-dispatch/1", "text/plain",
        "x".getBytes(StandardCharsets.UTF_8));

    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(r.body()).isEqualTo("dispatched");
    assertThat(b.app().at("/async-dispatch/1")).hasSize(1);
  }

  @Test
  void asyncTimeoutIsNotReplicatedAndReleasesThePathLock() {
    long before = a.spawn().journal().stats().lastSeq();

    HttpResponse<String> r = Http.send("POST", a.base() + "/async-timeout/1", "text/plain",
        "x".getBytes(StandardCharsets.UTF_8));

    assertThat(r.statusCode()).isEqualTo(500);
    await().until(() -> a.filter().lockedPaths() == 0);
    assertThat(a.spawn().journal().stats().lastSeq()).isEqualTo(before);
  }

  @Test
  void earlyFlushIsHeldUntilTheWriteIsJournaled() {
    HttpResponse<String> r = Http.send("POST", a.base() + "/flush/1", "text/plain",
        "x".getBytes(StandardCharsets.UTF_8));

    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.body()).isEqualTo("part1 part2");
    assertThat(a.witness().seen).filteredOn(s -> s.path().equals("/flush/1"))
        .singleElement().matches(JournalWitness.Seen::journaledFirst);
    assertThat(b.app().at("/flush/1")).hasSize(1);
  }

  @Test
  void errorsFailuresAndRedirectsToALoginPageAreAnsweredButNotReplicated() {
    long before = a.spawn().journal().stats().lastSeq();

    HttpResponse<String> bad = Http.send("POST", a.base() + "/error/1?code=400", "text/plain",
        new byte[0]);
    HttpResponse<String> broken = Http.send("POST", a.base() + "/error/2?code=500", "text/plain",
        new byte[0]);
    HttpResponse<String> failed = Http.send("POST", a.base() + "/fail/1", "text/plain",
        new byte[0]);
    HttpResponse<String> login = Http.send("POST", a.base() + "/redirect/1", "text/plain",
        new byte[0]);

    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("custom message");
    assertThat(broken.statusCode()).isEqualTo(500);
    assertThat(broken.body()).contains("custom message");
    assertThat(failed.statusCode()).isEqualTo(500);
    assertThat(login.statusCode()).isEqualTo(302);
    assertThat(login.headers().firstValue("Location")).hasValueSatisfying(
        l -> assertThat(l).endsWith("/login"));
    assertThat(login.headers().firstValue(MirrorHeaders.ACKS)).isEmpty();
    assertThat(a.spawn().journal().stats().lastSeq()).isEqualTo(before);
  }

  @Test
  void seeOtherAfterAFormPostIsReplicated() {
    HttpResponse<String> r = Http.send("POST", a.base() + "/see-other/1",
        "application/x-www-form-urlencoded", "k=v".getBytes(StandardCharsets.UTF_8));

    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue(MirrorHeaders.ACKS)).hasValue("1/1");
    assertThat(b.app().at("/see-other/1")).hasSize(1);
  }

  @Test
  void bodyOverTheLimitIsRefusedWith413BeforeTheAppRuns() {
    long before = a.spawn().journal().stats().lastSeq();
    byte[] big = new byte[LIMIT + 1];

    HttpResponse<String> sized = Http.send("POST", a.base() + "/echo/big", "text/plain", big);
    HttpResponse<String> chunked = Http.sendChunked("POST", a.base() + "/echo/big", "text/plain",
        big);

    assertThat(sized.statusCode()).isEqualTo(413);
    assertThat(sized.body()).contains("mirror.max-body-bytes");
    assertThat(chunked.statusCode()).isEqualTo(413);
    assertThat(a.app().at("/echo/big")).isEmpty();
    assertThat(a.spawn().journal().stats().lastSeq()).isEqualTo(before);
  }

  @Test
  void bodyOverTheLimitPassesThroughUnreplicatedWhenConfigured() {
    long before = b.spawn().journal().stats().lastSeq();
    long counted = b.filter().notReplicatedCount();
    byte[] big = new byte[LIMIT * 3];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 31);
    }

    HttpResponse<String> chunked = Http.sendChunked("POST", b.base() + "/echo/pass-chunked",
        "application/octet-stream", big);
    HttpResponse<String> sized = Http.send("POST", b.base() + "/echo/pass-sized",
        "application/octet-stream", big);

    for (HttpResponse<String> r : List.of(chunked, sized)) {
      assertThat(r.statusCode()).isEqualTo(201);
      assertThat(r.headers().firstValue(MirrorHeaders.REPLICATED)).hasValue("false");
    }
    assertThat(b.app().at("/echo/pass-chunked").get(0).body()).isEqualTo(big);
    assertThat(b.app().at("/echo/pass-sized").get(0).body()).isEqualTo(big);
    assertThat(b.spawn().journal().stats().lastSeq()).isEqualTo(before);
    assertThat(b.filter().notReplicatedCount()).isEqualTo(counted + 2);
  }

  @Test
  void writeConcernOfOneReportsTheAckAndThePeerHasAppliedIt() {
    HttpResponse<String> r = Http.send("DELETE", a.base() + "/echo/acked", null, new byte[0]);

    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.headers().firstValue(MirrorHeaders.ACKS)).hasValue("1/1");
    assertThat(b.app().at("/echo/acked")).hasSize(1);
  }

  @Test
  void thePeerSeesTheUserTheOriginAuthenticated() {
    Http.send("POST", a.base() + "/echo/who", "text/plain", new byte[] {1},
        "X-Test-User", "zo%C3%AB%20admin");

    assertThat(a.app().at("/echo/who").get(0).principal()).isNull();
    assertThat(b.app().at("/echo/who").get(0).principal()).isEqualTo("zoë admin");
  }

  @Test
  void writesFromThePeerReachTheOriginToo() {
    HttpResponse<String> r = Http.send("PATCH", b.base() + "/echo/from-b", "text/plain",
        "b".getBytes(StandardCharsets.UTF_8));

    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.headers().firstValue(MirrorHeaders.ACKS)).isEmpty();
    await().until(() -> a.app().at("/echo/from-b").size() == 1);
    assertThat(a.app().at("/echo/from-b").get(0).replicated()).isTrue();
    assertThat(a.filter().lockedPaths()).isZero();
  }
}
