package dev.spawn.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Journal} must have. A backend's test extends this class and supplies
 * {@link #newJournal(long, long, java.time.Clock)}; a lazily persisting backend also overrides
 * {@link #settle(Journal)}. Entries, cursors and deletion are checked here, caps, dead letters,
 * concurrency and closing in {@link JournalContractBase}. Shipped in spawn-core's test-jar. Not
 * thread-safe: JUnit makes one instance per test.
 */
public abstract class JournalContractTest extends JournalContractBase {
  @Test
  void hasAStableId() {
    Journal journal = journal();
    assertThat(journal.id()).isNotBlank().isEqualTo(journal.id());
    assertThat(journal().id()).isNotEqualTo(journal.id());
  }

  @Test
  void numbersEntriesContiguouslyFromOne() {
    Journal journal = journal();
    journal.attach("a:1");
    assertThat(LongStream.rangeClosed(1, 5).map(i -> journal.append(bytes("u" + i))))
        .containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(journal.stats().lastSeq()).isEqualTo(5);
    assertThat(journal.stats().entries()).isEqualTo(5);
    assertThat(journal.stats().bytes()).isEqualTo(10);
  }

  @Test
  void readsEntriesAfterTheCursorInOrder() {
    Journal journal = journal();
    journal.attach("a:1");
    journal.append(bytes("x"));
    clock.advance(5);
    journal.append(bytes("y"));
    journal.append(bytes("z"));

    List<JournalEntry> read = journal.read("a:1", 10, NO_CAP);

    assertThat(seqs(read)).containsExactly(1L, 2L, 3L);
    assertThat(texts(read)).containsExactly("x", "y", "z");
    assertThat(read.get(0).target()).isNull();
    assertThat(read.get(0).appendedAtMillis()).isEqualTo(1_000_000L);
    assertThat(read.get(1).appendedAtMillis()).isEqualTo(1_000_005L);
    assertThat(journal.read("a:1", 10, NO_CAP)).as("reading does not move the cursor")
        .extracting(JournalEntry::seq).containsExactly(1L, 2L, 3L);
    journal.acknowledge("a:1", 2);
    assertThat(texts(journal.read("a:1", 10, NO_CAP))).containsExactly("z");
  }

  @Test
  void boundsReadsByCountAndBytesButReturnsAtLeastOne() {
    Journal journal = journal();
    journal.attach("a:1");
    for (int i = 0; i < 10; i++) {
      journal.append(new byte[100]);
    }
    assertThat(seqs(journal.read("a:1", 3, NO_CAP))).containsExactly(1L, 2L, 3L);
    assertThat(seqs(journal.read("a:1", 100, 250))).containsExactly(1L, 2L);
    assertThat(seqs(journal.read("a:1", 100, 1))).containsExactly(1L);
    assertThat(journal.read("nobody:1", 10, NO_CAP)).isEmpty();
  }

  @Test
  void attachStartsAtTheCurrentEndAndKeepsAnExistingCursor() {
    Journal journal = journal();
    journal.append(bytes("before"));
    journal.append(bytes("before"));
    journal.attach("a:1");

    assertThat(journal.cursor("a:1")).contains(new PeerCursor("a:1", 2, PeerCursor.Mode.START));
    assertThat(journal.read("a:1", 10, NO_CAP)).isEmpty();
    assertThat(journal.peers()).containsExactly("a:1");

    journal.append(bytes("after"));
    journal.acknowledge("a:1", 3);
    journal.attach("a:1");
    assertThat(journal.cursor("a:1")).contains(new PeerCursor("a:1", 3, PeerCursor.Mode.ACKED));
    assertThat(journal.cursor("b:1")).isEmpty();
  }

  @Test
  void keepsOneCursorPerPeer() {
    Journal journal = journal();
    journal.attach("a:1");
    journal.attach("b:1");
    journal.append(bytes("1"));
    journal.append(bytes("22"));
    journal.append(bytes("333"));

    journal.acknowledge("a:1", 2);

    assertThat(seqs(journal.read("a:1", 10, NO_CAP))).containsExactly(3L);
    assertThat(seqs(journal.read("b:1", 10, NO_CAP))).containsExactly(1L, 2L, 3L);
    assertThat(journal.backlog("a:1")).contains(new Backlog("a:1", 1, 3, 1_000_000L));
    assertThat(journal.backlog("b:1")).contains(new Backlog("b:1", 3, 6, 1_000_000L));
    assertThat(journal.depth("a:1")).isEqualTo(1);
    assertThat(journal.depth("b:1")).isEqualTo(3);
    assertThat(journal.depth("c:1")).isZero(); // no cursor
    assertThat(journal.peers()).containsExactly("a:1", "b:1");
  }

  @Test
  void deliversAnEntryForOnePeerToThatPeerOnly() {
    Journal journal = journal();
    journal.attach("a:1");
    journal.attach("b:1");
    journal.append(bytes("x"));
    assertThat(journal.appendFor("b:1", bytes("only-b"))).isEqualTo(2);
    journal.append(bytes("z"));

    assertThat(seqs(journal.read("a:1", 10, NO_CAP))).containsExactly(1L, 3L);
    List<JournalEntry> forB = journal.read("b:1", 10, NO_CAP);
    assertThat(seqs(forB)).containsExactly(1L, 2L, 3L);
    assertThat(forB.get(1).target()).isEqualTo("b:1");
    assertThat(forB.get(1).isFor("a:1")).isFalse();
    assertThat(journal.backlog("a:1").orElseThrow().depth()).isEqualTo(2);
    assertThat(journal.backlog("b:1").orElseThrow().depth()).isEqualTo(3);
    assertThat(journal.backlog("b:1").orElseThrow().bytes()).isEqualTo(8);
  }

  @Test
  void deletesAnEntryOnlyOnceEveryPeerAcknowledgedIt() {
    Journal journal = journal();
    journal.attach("a:1");
    journal.attach("b:1");
    journal.append(bytes("1"));
    journal.append(bytes("2"));
    journal.append(bytes("3"));

    journal.acknowledge("a:1", 3);
    settle(journal);
    assertThat(journal.stats().entries()).isEqualTo(3);

    journal.acknowledge("b:1", 2);
    settle(journal);
    assertThat(journal.stats().entries()).isEqualTo(1);
    assertThat(journal.stats().bytes()).isEqualTo(1);
    assertThat(seqs(journal.read("b:1", 10, NO_CAP))).containsExactly(3L);

    journal.acknowledge("b:1", 3);
    settle(journal);
    assertThat(journal.stats().entries()).isZero();
    assertThat(journal.stats().bytes()).isZero();
    assertThat(journal.append(bytes("4"))).as("numbers are never reused").isEqualTo(4);
  }

  @Test
  void deletesWhatNoAttachedPeerNeeds() {
    Journal journal = journal();
    journal.append(bytes("nobody"));
    journal.append(bytes("listens"));
    journal.attach("a:1");
    journal.appendFor("gone:1", bytes("for a peer without a cursor"));
    settle(journal);

    assertThat(journal.stats().entries()).isZero();
    assertThat(journal.stats().lastSeq()).isEqualTo(3);
    assertThat(journal.read("a:1", 10, NO_CAP)).isEmpty();
  }

  @Test
  void deletesAnEntryForOnePeerWhenThatPeerAcknowledgedIt() {
    Journal journal = journal();
    journal.attach("a:1");
    journal.attach("b:1");
    journal.appendFor("b:1", bytes("only-b"));
    settle(journal);
    assertThat(journal.stats().entries()).isEqualTo(1);

    journal.acknowledge("b:1", 1);
    settle(journal);
    assertThat(journal.stats().entries()).isZero();
  }

  @Test
  void detachReportsAndReleasesWhatWaitedForThePeer() {
    Journal journal = journal();
    journal.attach("a:1");
    journal.attach("b:1");
    journal.append(bytes("1"));
    journal.append(bytes("2"));
    journal.appendFor("a:1", bytes("3"));
    journal.acknowledge("a:1", 1);
    journal.acknowledge("b:1", 2);

    assertThat(journal.detach("a:1")).isEqualTo(2);
    settle(journal);

    assertThat(journal.peers()).containsExactly("b:1");
    assertThat(journal.cursor("a:1")).isEmpty();
    assertThat(journal.backlog("a:1")).isEmpty();
    assertThat(journal.stats().entries()).isZero();
    assertThat(journal.detach("a:1")).isZero();
  }

  @Test
  void modesFollowAttachAcknowledgeAndReset() {
    Journal journal = journal();
    journal.attach("a:1");
    assertThat(journal.cursor("a:1").orElseThrow().mode()).isEqualTo(PeerCursor.Mode.START);
    journal.append(bytes("1"));
    journal.append(bytes("2"));
    journal.append(bytes("3"));

    journal.acknowledge("a:1", 1);
    assertThat(journal.cursor("a:1")).contains(new PeerCursor("a:1", 1, PeerCursor.Mode.ACKED));

    journal.reset("a:1");
    assertThat(journal.cursor("a:1")).contains(new PeerCursor("a:1", 3, PeerCursor.Mode.RESYNC));
    assertThat(journal.read("a:1", 10, NO_CAP)).isEmpty();
    assertThat(journal.backlog("a:1")).contains(new Backlog("a:1", 0, 0, 0));
    settle(journal);
    assertThat(journal.stats().entries()).isZero();

    journal.append(bytes("4"));
    assertThat(seqs(journal.read("a:1", 10, NO_CAP))).containsExactly(4L);
    journal.acknowledge("a:1", 4);
    assertThat(journal.cursor("a:1")).contains(new PeerCursor("a:1", 4, PeerCursor.Mode.ACKED));
    assertThatThrownBy(() -> journal.reset("b:1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("b:1");
  }

  @Test
  void cursorsOnlyMoveForward() {
    Journal journal = journal();
    journal.attach("a:1");
    journal.append(bytes("1"));
    journal.append(bytes("2"));
    journal.acknowledge("a:1", 2);
    journal.acknowledge("a:1", 1);

    assertThat(journal.cursor("a:1").orElseThrow().seq()).isEqualTo(2);
    assertThatThrownBy(() -> journal.acknowledge("a:1", 3))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3");
    journal.acknowledge("nobody:1", 1);
    assertThat(journal.cursor("nobody:1")).isEmpty();
  }

  @Test
  void backlogTracksDepthBytesAndOldestAge() {
    Journal journal = journal();
    journal.attach("a:1");
    assertThat(journal.backlog("a:1")).contains(new Backlog("a:1", 0, 0, 0));
    for (int i = 1; i <= 6; i++) {
      clock.set(2_000_000L + i * 1000);
      journal.append(new byte[i * 10]);
    }

    assertThat(journal.backlog("a:1")).contains(new Backlog("a:1", 6, 210, 2_001_000L));
    journal.acknowledge("a:1", 2); // without reading first
    assertThat(journal.backlog("a:1")).contains(new Backlog("a:1", 4, 180, 2_003_000L));
    journal.read("a:1", 2, NO_CAP);
    assertThat(journal.backlog("a:1")).contains(new Backlog("a:1", 4, 180, 2_003_000L));
    journal.acknowledge("a:1", 3); // part of what was read
    assertThat(journal.backlog("a:1")).contains(new Backlog("a:1", 3, 150, 2_004_000L));
    journal.acknowledge("a:1", 5); // beyond what was read
    Backlog backlog = journal.backlog("a:1").orElseThrow();
    assertThat(backlog).isEqualTo(new Backlog("a:1", 1, 60, 2_006_000L));
    assertThat(backlog.oldestAgeMillis(2_006_500L)).isEqualTo(500);
    journal.acknowledge("a:1", 6);
    assertThat(journal.backlog("a:1")).contains(new Backlog("a:1", 0, 0, 0));
    assertThat(journal.backlog("b:1")).isEmpty();
  }

}
