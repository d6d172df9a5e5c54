package dev.spawn.delivery;

import static dev.spawn.delivery.DeliveryFixture.expectedBodies;
import static dev.spawn.delivery.DeliveryFixture.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.spawn.Spawn;
import dev.spawn.mirror.MirrorHeaders;
import dev.spawn.testing.RecordingPeer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrderedDeliveryIT {

  @TempDir Path dir;

  @Test
  void tenThousandUpdatesReachThreePeersCompleteAndInOrder() throws Exception {
    try (DeliveryFixture f = new DeliveryFixture(3)) {
      Spawn spawn = f.start(f.config(dir));
      int n = 10_000;
      for (int i = 0; i < n; i++) {
        spawn.submit(update(i));
      }
      for (RecordingPeer p : f.peers) {
        await().atMost(Duration.ofSeconds(60)).until(() -> updates(p).size() >= n);
        assertThat(updates(p)).containsExactlyElementsOf(expectedBodies(0, n));
      }
      List<RecordingPeer.Received> writes =
          f.peers.get(0).received().stream().filter(r -> r.method().equals("PUT")).toList();
      RecordingPeer.Received first = writes.get(0);
      assertThat(first.header(MirrorHeaders.PREV)).isEqualTo("start");
      assertThat(first.header(MirrorHeaders.SIGNATURE)).startsWith("v1 k1 ");
      assertThat(first.header("Content-Type")).isEqualTo("text/plain");
      // The update had no User-Agent; the HTTP client must not add its own.
      assertThat(first.header("User-Agent")).isNull();
      RecordingPeer.Received second = writes.get(1);
      assertThat(second.header(MirrorHeaders.PREV))
          .isEqualTo(first.header(MirrorHeaders.SEQ).replaceAll(".*:", ""));
    }
  }

  @Test
  void peerThatAnswers503ForAWhileGetsEverythingInOrder() throws Exception {
    try (DeliveryFixture f = new DeliveryFixture(2)) {
      RecordingPeer flaky = f.peers.get(0);
      AtomicInteger failures = new AtomicInteger(30);
      flaky.behave((r, h) -> {
        if (r.target().equals("/health")) {
          return 200;
        }
        if (failures.getAndDecrement() > 0) {
          h.put("Retry-After", "0");
          return 503;
        }
        return 200;
      });
      Spawn spawn = f.start(f.config(dir));
      for (int i = 0; i < 200; i++) {
        spawn.submit(update(i));
      }
      for (RecordingPeer p : f.peers) {
        await().atMost(Duration.ofSeconds(30)).until(() -> updates(p).size() >= 200);
        assertThat(updates(p)).containsExactlyElementsOf(expectedBodies(0, 200));
      }
      assertThat(flaky.attempts()).isGreaterThan(200);
    }
  }

  @Test
  void peerThatResetsConnectionsGetsEverythingInOrder() throws Exception {
    try (DeliveryFixture f = new DeliveryFixture(1)) {
      RecordingPeer peer = f.peers.get(0);
      AtomicInteger resets = new AtomicInteger(10);
      peer.behave((r, h) -> r.target().equals("/health") ? 200
          : resets.getAndDecrement() > 0 ? RecordingPeer.RESET : 200);
      Spawn spawn = f.start(f.config(dir));
      for (int i = 0; i < 100; i++) {
        spawn.submit(update(i));
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> updates(peer).size() >= 100);
      assertThat(updates(peer)).containsExactlyElementsOf(expectedBodies(0, 100));
    }
  }

  @Test
  void peerThatClosesEveryConnectionGetsEverythingInOrderWithoutAFailedAttempt() throws Exception {
    try (DeliveryFixture f = new DeliveryFixture(1)) {
      RecordingPeer peer = f.peers.get(0);
      // Each answer ends its connection: the sender must open a new one for the next update
      // rather than reuse a closed one (which would count as a failed attempt and back off).
      peer.behave((r, h) -> {
        h.put("Connection", "close");
        return 200;
      });
      Spawn spawn = f.start(f.config(dir));
      for (int i = 0; i < 100; i++) {
        spawn.submit(update(i));
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> updates(peer).size() >= 100);
      assertThat(updates(peer)).containsExactlyElementsOf(expectedBodies(0, 100));
      assertThat(spawn.metrics().snapshot(f.id(peer)).failure().get()).isZero();
    }
  }

  @Test
  void aDeleteWithoutBodyCarriesNoContentLengthAndTheHostIsThePeers() throws Exception {
    try (DeliveryFixture f = new DeliveryFixture(1)) {
      RecordingPeer peer = f.peers.get(0);
      Spawn spawn = f.start(f.config(dir));
      spawn.submit(new dev.spawn.mirror.MirrorRequest("DELETE", "/items/1?x=%20y", List.of(),
          new byte[0], dev.spawn.mirror.SpawnIds.next(), System.currentTimeMillis(), null));
      spawn.submit(update(2));
      await().atMost(Duration.ofSeconds(30)).until(() -> updates(peer).size() >= 2);
      List<RecordingPeer.Received> got = peer.received().stream()
          .filter(r -> !r.method().equals("GET")).toList();
      assertThat(got.get(0).method()).isEqualTo("DELETE");
      assertThat(got.get(0).target()).isEqualTo("/items/1?x=%20y");
      assertThat(got.get(0).header("Content-Length")).isNull();
      assertThat(got.get(0).header("Host")).isEqualTo(f.id(peer));
      assertThat(got.get(1).header("Content-Length")).isEqualTo("8");
    }
  }

  @Test
  void peerThatHangsPastTheTimeoutIsRetriedAndNothingIsLost() throws Exception {
    try (DeliveryFixture f = new DeliveryFixture(1)) {
      RecordingPeer peer = f.peers.get(0);
      AtomicInteger hangs = new AtomicInteger(2);
      peer.behave((r, h) -> r.target().equals("/health") ? 200
          : hangs.getAndDecrement() > 0 ? RecordingPeer.HANG : 200);
      Spawn spawn = f.start(f.config(dir));
      for (int i = 0; i < 50; i++) {
        spawn.submit(update(i));
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> updates(peer).size() >= 50);
      assertThat(updates(peer)).containsExactlyElementsOf(expectedBodies(0, 50));
    }
  }

  @Test
  void rejectedUpdateBecomesADeadLetterAndDeliveryGoesOn() throws Exception {
    try (DeliveryFixture f = new DeliveryFixture(1)) {
      RecordingPeer peer = f.peers.get(0);
      peer.behave((r, h) -> r.bodyText().equals("update 3") ? 422 : 200);
      Spawn spawn = f.start(f.config(dir));
      for (int i = 0; i < 10; i++) {
        spawn.submit(update(i));
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> updates(peer).size() >= 10);
      assertThat(spawn.journal().deadLetters(10))
          .singleElement()
          .satisfies(d -> {
            assertThat(d.status()).isEqualTo(422);
            assertThat(d.peer()).isEqualTo(f.id(peer));
            assertThat(new String(dev.spawn.mirror.MirrorRequest.decode(d.payload()).body()))
                .isEqualTo("update 3");
          });
      long retried = spawn.journal().retryDeadLetter(
          spawn.journal().deadLetters(1).get(0).id()).orElseThrow();
      assertThat(retried).isGreaterThan(10);
      spawn.queue(f.id(peer)); // the link picks the retried entry up
      peer.behave((r, h) -> 200);
      spawn.submit(update(10));
      await().atMost(Duration.ofSeconds(30)).until(() -> updates(peer).size() >= 12);
      List<String> tail = updates(peer).subList(10, 12);
      assertThat(tail).containsExactly("update 3", "update 10");
    }
  }

  /**
   * The updates a peer received, each once: an attempt whose answer came after the response
   * timeout is sent again, and a real receiver drops the second copy by its sequence number, as
   * this does.
   */
  static List<String> updates(RecordingPeer p) {
    List<String> out = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (RecordingPeer.Received r : p.received()) {
      if (!r.target().equals("/health") && !r.method().equals("GET")) {
        String seq = r.header(dev.spawn.mirror.MirrorHeaders.SEQ);
        if (seq == null || seen.add(seq)) {
          out.add(r.bodyText());
        }
      }
    }
    return out;
  }
}
