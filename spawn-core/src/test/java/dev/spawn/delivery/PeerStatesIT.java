package dev.spawn.delivery;

import static dev.spawn.delivery.DeliveryFixture.expectedBodies;
import static dev.spawn.delivery.DeliveryFixture.update;
import static dev.spawn.delivery.OrderedDeliveryIT.updates;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.spawn.Node;
import dev.spawn.Spawn;
import dev.spawn.journal.JournalFullException;
import dev.spawn.mirror.MirrorHeaders;
import dev.spawn.testing.RecordingPeer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeerStatesIT {

  @TempDir Path dir;

  @Test
  void peerDownForAWhileGetsEverythingInOrderOnceBack() throws Exception {
    try (DeliveryFixture f = new DeliveryFixture(2)) {
      Spawn spawn = f.start(f.config(dir));
      RecordingPeer down = f.peers.get(0);
      int port = down.port();
      for (int i = 0; i < 10; i++) {
        spawn.submit(update(i));
      }
      await().until(() -> updates(down).size() == 10);
      down.close();
      for (int i = 10; i < 500; i++) {
        spawn.submit(update(i));
      }
      RecordingPeer other = f.peers.get(1);
      await().until(() -> updates(other).size() == 500);
      await().until(() -> spawn.queue(f.id(down)).orElseThrow().state() == PeerState.HELD);
      assertThat(spawn.queue(f.id(down)).orElseThrow().depth()).isGreaterThan(0);

      RecordingPeer back = RecordingPeer.start(port);
      f.peers.set(0, back);
      await().atMost(Duration.ofSeconds(30)).until(() -> updates(back).size() >= 490);
      assertThat(updates(back)).containsExactlyElementsOf(expectedBodies(10, 500));
      await().until(() -> spawn.queue(f.id(back)).orElseThrow().depth() == 0);
    }
  }

  @Test
  void maintenanceHoldsUpdatesAndLeavingItReleasesThem() throws Exception {
    try (DeliveryFixture f = new DeliveryFixture(1)) {
      Spawn spawn = f.start(f.config(dir));
      RecordingPeer peer = f.peers.get(0);
      Node node = spawn.nodes().get(f.id(peer)).orElseThrow();
      spawn.nodes().put(node.withMaintenance(true));
      for (int i = 0; i < 20; i++) {
        spawn.submit(update(i));
      }
      await().until(() -> spawn.queue(f.id(peer)).orElseThrow().depth() == 20);
      PeerStatus held = spawn.queue(f.id(peer)).orElseThrow();
      assertThat(held.state()).isEqualTo(PeerState.HELD);
      assertThat(held.reason()).isEqualTo("maintenance");
      assertThat(updates(peer)).isEmpty();

      spawn.nodes().put(node.withMaintenance(false));
      await().until(() -> updates(peer).size() == 20);
      assertThat(updates(peer)).containsExactlyElementsOf(expectedBodies(0, 20));
    }
  }

  @Test
  void inactivePeerLosesItsQueueAndTheCountIsReported() throws Exception {
    try (DeliveryFixture f = new DeliveryFixture(1)) {
      Spawn spawn = f.start(f.config(dir));
      RecordingPeer peer = f.peers.get(0);
      Node node = spawn.nodes().get(f.id(peer)).orElseThrow();
      spawn.nodes().put(node.withMaintenance(true));
      for (int i = 0; i < 7; i++) {
        spawn.submit(update(i));
      }
      spawn.nodes().put(node.withMaintenance(true).withActive(false));
      PeerStatus stopped = spawn.queue(f.id(peer)).orElseThrow();
      assertThat(stopped.state()).isEqualTo(PeerState.STOPPED);
      assertThat(stopped.dropped()).isEqualTo(7);
      // Detaching is synchronous; deleting the entries no one needs any more is the writer's
      // next tick, queued by the detach.
      await().until(() -> spawn.journal().stats().entries() == 0);

      // Re-activated, it starts from now and says so: Spawn-Prev: start.
      spawn.nodes().put(node);
      spawn.submit(update(7));
      await().until(() -> updates(peer).size() == 1);
      assertThat(updates(peer)).containsExactly("update 7");
      assertThat(peer.received().stream().filter(r -> r.method().equals("PUT")).findFirst()
          .orElseThrow().header(MirrorHeaders.PREV)).isEqualTo("start");
    }
  }

  @Test
  void gapStopsTheLinkUntilAnOperatorResetsIt() throws Exception {
    try (DeliveryFixture f = new DeliveryFixture(1)) {
      RecordingPeer peer = f.peers.get(0);
      peer.behave((r, h) -> {
        if (r.bodyText().equals("update 2")) {
          h.put(MirrorHeaders.EXPECTED, "1");
          return 409;
        }
        return 200;
      });
      Spawn spawn = f.start(f.config(dir));
      for (int i = 0; i < 5; i++) {
        spawn.submit(update(i));
      }
      await().until(() -> spawn.queue(f.id(peer)).orElseThrow().state()
          == PeerState.NEEDS_RESYNC);
      assertThat(spawn.queue(f.id(peer)).orElseThrow().reason()).contains("expects update 1");
      assertThat(spawn.journal().stats().entries()).isZero();

      peer.behave((r, h) -> 200);
      spawn.resetQueue(f.id(peer));
      spawn.submit(update(5));
      await().until(() -> updates(peer).contains("update 5"));
      RecordingPeer.Received last = peer.received().stream()
          .filter(r -> r.bodyText().equals("update 5")).findFirst().orElseThrow();
      assertThat(last.header(MirrorHeaders.PREV)).isEqualTo("resync");
      assertThat(spawn.queue(f.id(peer)).orElseThrow().state()).isEqualTo(PeerState.DELIVERING);
    }
  }

  @Test
  void peerPastItsLagLimitIsDetachedAndTheOthersGoOn() throws Exception {
    try (DeliveryFixture f = new DeliveryFixture(2)) {
      Spawn spawn = f.start(f.config(dir).journal(j -> j.maxEntries(100).lagLimitEntries(50)));
      RecordingPeer lagging = f.peers.get(0);
      RecordingPeer healthy = f.peers.get(1);
      Node node = spawn.nodes().get(f.id(lagging)).orElseThrow();
      spawn.nodes().put(node.withMaintenance(true));
      for (int i = 0; i < 300; i++) {
        // Entries are deleted once the healthy peer's cursor is persisted (lazily, within 100 ms),
        // so a writer may meet a full journal for a moment: it would answer 503 + Retry-After.
        await().until(() -> hasCapacity(spawn));
        spawn.submit(update(i));
      }
      await().until(() -> updates(healthy).size() == 300);
      assertThat(updates(healthy)).containsExactlyElementsOf(expectedBodies(0, 300));
      PeerStatus detached = spawn.queue(f.id(lagging)).orElseThrow();
      assertThat(detached.state()).isEqualTo(PeerState.NEEDS_RESYNC);
      assertThat(detached.reason()).contains("limit 50");
    }
  }

  private static boolean hasCapacity(Spawn spawn) {
    try {
      spawn.ensureCapacity();
      return true;
    } catch (JournalFullException e) {
      return false;
    }
  }

  @Test
  void fullJournalRefusesNewUpdatesAndKeepsWhatItAccepted() throws Exception {
    try (DeliveryFixture f = new DeliveryFixture(1)) {
      Spawn spawn = f.start(f.config(dir).journal(j -> j.maxEntries(10)));
      RecordingPeer peer = f.peers.get(0);
      Node node = spawn.nodes().get(f.id(peer)).orElseThrow();
      spawn.nodes().put(node.withMaintenance(true));
      for (int i = 0; i < 9; i++) {
        spawn.submit(update(i));
      }
      // The lag limit defaults to the cap: at 10 the peer would be detached, so stop at 9 and
      // fill the last place, then check the refusal through the journal directly.
      spawn.submit(update(9));
      assertThatThrownBy(() -> spawn.journal().ensureCapacity())
          .isInstanceOf(JournalFullException.class)
          .hasMessageContaining("10 of 10 entries");
      assertThatThrownBy(() -> spawn.journal().append(update(10).encode()))
          .isInstanceOf(JournalFullException.class);
      spawn.nodes().put(node);
      await().until(() -> updates(peer).size() == 10);
      assertThat(updates(peer)).containsExactlyElementsOf(expectedBodies(0, 10));
    }
  }

  @Test
  void writeConcernWaitsForPeerAcknowledgements() throws Exception {
    try (DeliveryFixture f = new DeliveryFixture(2)) {
      Spawn spawn = f.start(f.config(dir));
      long seq = spawn.submit(update(0));
      assertThat(spawn.awaitAcks(seq, 2, Duration.ofSeconds(10))).isEqualTo(2);
      Node node = spawn.nodes().get(f.id(f.peers.get(0))).orElseThrow();
      spawn.nodes().put(node.withMaintenance(true));
      long held = spawn.submit(update(1));
      assertThat(spawn.awaitAcks(held, 2, Duration.ofMillis(300))).isEqualTo(1);
    }
  }
}
