package dev.spawn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.spawn.delivery.PeerState;
import dev.spawn.journal.JournalFullException;
import dev.spawn.mirror.MirrorRequest;
import dev.spawn.mirror.SpawnIds;
import dev.spawn.testing.RecordingPeer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A peer held for maintenance fills the journal (503 upstream) unless it is over its lag limit. */
class SpawnJournalFullTest {

  private RecordingPeer peer;

  @BeforeEach
  void startPeer() throws Exception {
    peer = RecordingPeer.start();
  }

  @AfterEach
  void stopPeer() throws Exception {
    peer.close();
  }

  @Test
  void peerInMaintenanceWithTheDefaultLagLimitFillsTheJournalAndKeepsItsQueue() {
    try (Spawn spawn = spawn(3, null)) {
      for (int i = 0; i < 3; i++) {
        spawn.submit(update(i));
      }
      assertThatThrownBy(spawn::ensureCapacity).isInstanceOf(JournalFullException.class);
      await().untilAsserted(() ->
          assertThat(spawn.queue(peerId()).orElseThrow().state()).isEqualTo(PeerState.HELD));
      assertThat(spawn.queue(peerId()).orElseThrow().depth()).isEqualTo(3);
    }
  }

  @Test
  void peerBeyondALowerLagLimitIsDetachedToMakeRoom() {
    try (Spawn spawn = spawn(3, 2L)) {
      for (int i = 0; i < 3; i++) {
        spawn.submit(update(i));
      }
      spawn.ensureCapacity();
      assertThat(spawn.queue(peerId()).orElseThrow().state()).isEqualTo(PeerState.NEEDS_RESYNC);
      assertThat(spawn.journal().stats().entries()).isZero();
    }
  }

  private Spawn spawn(long maxEntries, Long lagLimit) {
    SpawnConfig config = SpawnConfig.builder()
        .nodes(List.of(Node.of("127.0.0.1", 1), Node.of("127.0.0.1", peer.port())
            .withMaintenance(true)))
        .self("127.0.0.1:1")
        .mirror(m -> m.secret("0123456789abcdef0123"))
        .journal(j -> {
          j.memory(true).maxEntries(maxEntries);
          if (lagLimit != null) {
            j.lagLimitEntries(lagLimit);
          }
        })
        .build();
    Spawn spawn = Spawn.builder(config).build();
    spawn.start();
    return spawn;
  }

  private String peerId() {
    return "127.0.0.1:" + peer.port();
  }

  private static MirrorRequest update(int i) {
    return new MirrorRequest("POST", "/items/" + i, List.of(),
        ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8), SpawnIds.next(), 1L, null);
  }
}
