package dev.spawn.journal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Journal} must have. A backend's test extends this class and supplies
 * {@link #newJournal(long, long, Clock)}; a lazily persisting backend also overrides {@link
 * #settle(Journal)}. Shipped in spawn-core's test-jar. Not thread-safe: JUnit makes one instance
 * per test.
 */
public abstract class JournalContractTest {

  protected static final long NO_CAP = Long.MAX_VALUE;

  protected final ManualClock clock = new ManualClock(1_000_000L);
  private final List<Journal> opened = new ArrayList<>();

  /** A new, empty journal with these caps, stamping entries with {@code clock}. */
  protected abstract Journal newJournal(long maxEntries, long maxBytes, Clock clock);

  /**
   * Makes lazily kept state take effect now (cursors persisted, released entries deleted). The
   * default does nothing, for journals that apply everything at once.
   */
  protected void settle(Journal journal) {}

  protected final Journal journal() {
    return journal(NO_CAP, NO_CAP);
  }

  protected final Journal journal(long maxEntries, long maxBytes) {
    Journal journal = newJournal(maxEntries, maxBytes, clock);
    opened.add(journal);
    return journal;
  }

  @AfterEach
  void closeJournals() {
    opened.forEach(Journal::close);
  }

  protected static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  protected static List<Long> seqs(List<JournalEntry> entries) {
    return entries.stream().map(JournalEntry::seq).collect(Collectors.toList());
  }

  protected static List<String> texts(List<JournalEntry> entries) {
    return entries.stream().map(e -> new String(e.payload(), UTF_8)).collect(Collectors.toList());
  }

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

  @Test
  void refusesAppendsAtTheEntryCapAndLosesNothingAccepted() {
    Journal journal = journal(3, NO_CAP);
    journal.attach("a:1");
    journal.append(bytes("1"));
    journal.append(bytes("2"));
    journal.ensureCapacity();
    journal.append(bytes("3"));

    assertThatThrownBy(journal::ensureCapacity).isInstanceOf(JournalFullException.class);
    assertThatThrownBy(() -> journal.append(bytes("4")))
        .isInstanceOfSatisfying(JournalFullException.class, e -> {
          assertThat(e.stats().entries()).isEqualTo(3);
          assertThat(e.stats().maxEntries()).isEqualTo(3);
          assertThat(e.getMessage()).contains("3 of 3 entries");
        });
    assertThatThrownBy(() -> journal.appendFor("a:1", bytes("4")))
        .isInstanceOf(JournalFullException.class);
    assertThat(texts(journal.read("a:1", 10, NO_CAP))).containsExactly("1", "2", "3");

    journal.acknowledge("a:1", 3);
    settle(journal);
    journal.ensureCapacity();
    assertThat(journal.append(bytes("4"))).isEqualTo(4);
  }

  @Test
  void refusesAppendsAtTheByteCap() {
    Journal journal = journal(NO_CAP, 100);
    journal.attach("a:1");
    journal.append(new byte[60]);
    journal.append(new byte[60]);

    assertThatThrownBy(() -> journal.append(new byte[1]))
        .isInstanceOfSatisfying(JournalFullException.class,
            e -> assertThat(e.stats().bytes()).isEqualTo(120));
    assertThat(journal.stats().entries()).isEqualTo(2);
  }

  @Test
  void keepsRetriesAndPurgesDeadLetters() {
    Journal journal = journal();
    journal.attach("a:1");
    journal.attach("b:1");
    journal.append(bytes("rejected"));
    journal.append(bytes("also rejected"));
    List<JournalEntry> read = journal.read("a:1", 10, NO_CAP);
    clock.set(3_000_000L);

    DeadLetter first = journal.addDeadLetter("a:1", read.get(0), 400, "400 Bad Request");
    DeadLetter second = journal.addDeadLetter("a:1", read.get(1), 0, "attempts ran out");
    journal.acknowledge("a:1", 2);

    assertThat(first.peer()).isEqualTo("a:1");
    assertThat(first.seq()).isEqualTo(1);
    assertThat(first.status()).isEqualTo(400);
    assertThat(first.reason()).isEqualTo("400 Bad Request");
    assertThat(first.createdAtMillis()).isEqualTo(3_000_000L);
    assertThat(first.payload()).isEqualTo(bytes("rejected"));
    assertThat(second.id()).isGreaterThan(first.id());
    assertThat(journal.deadLetters(10)).extracting(DeadLetter::id)
        .containsExactly(first.id(), second.id());
    assertThat(journal.deadLetters(1)).extracting(DeadLetter::id).containsExactly(first.id());
    assertThat(journal.deadLetter(first.id()).orElseThrow().payload())
        .isEqualTo(bytes("rejected"));

    long retried = journal.retryDeadLetter(first.id()).orElseThrow();
    assertThat(retried).isEqualTo(3);
    assertThat(journal.deadLetter(first.id())).isEmpty();
    List<JournalEntry> again = journal.read("a:1", 10, NO_CAP);
    assertThat(seqs(again)).containsExactly(3L);
    assertThat(again.get(0).target()).isEqualTo("a:1");
    assertThat(again.get(0).payload()).isEqualTo(bytes("rejected"));
    assertThat(seqs(journal.read("b:1", 10, NO_CAP))).containsExactly(1L, 2L);
    assertThat(journal.retryDeadLetter(first.id())).isEmpty();

    assertThat(journal.removeDeadLetter(second.id())).isTrue();
    assertThat(journal.removeDeadLetter(second.id())).isFalse();
    journal.addDeadLetter("b:1", read.get(0), 409, "gap");
    journal.addDeadLetter("b:1", read.get(1), 302, "redirect");
    assertThat(journal.purgeDeadLetters()).isEqualTo(2);
    assertThat(journal.deadLetters(10)).isEmpty();
  }

  @Test
  void keepsADeadLetterWhosePeerIsGone() {
    Journal journal = journal();
    journal.attach("a:1");
    journal.append(bytes("x"));
    DeadLetter letter =
        journal.addDeadLetter("a:1", journal.read("a:1", 1, NO_CAP).get(0), 422, "no");
    journal.detach("a:1");

    assertThatThrownBy(() -> journal.retryDeadLetter(letter.id()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("a:1");
    assertThat(journal.deadLetter(letter.id())).isPresent();
    assertThat(journal.stats().lastSeq()).isEqualTo(1);
  }

  @Test
  void concurrentAppendsGetDistinctContiguousNumbers() throws Exception {
    Journal journal = journal();
    journal.attach("a:1");
    int threads = 16;
    int perThread = 200;
    Map<Long, String> bySeq = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          for (int i = 0; i < perThread; i++) {
            String text = thread + "/" + i;
            assertThat(bySeq.put(journal.append(bytes(text)), text)).isNull();
          }
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }

    int total = threads * perThread;
    assertThat(new TreeMap<>(bySeq).keySet())
        .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
    List<JournalEntry> all = new ArrayList<>();
    for (List<JournalEntry> batch = journal.read("a:1", 300, NO_CAP); !batch.isEmpty();
        batch = journal.read("a:1", 300, NO_CAP)) {
      all.addAll(batch);
      journal.acknowledge("a:1", batch.get(batch.size() - 1).seq());
    }
    assertThat(all).hasSize(total);
    for (JournalEntry entry : all) {
      assertThat(new String(entry.payload(), UTF_8)).isEqualTo(bySeq.get(entry.seq()));
    }
  }

  @Test
  void refusesWorkOnceClosed() {
    Journal journal = journal();
    journal.close();
    journal.close();

    assertThatThrownBy(() -> journal.append(bytes("late")))
        .isInstanceOf(JournalException.class)
        .isNotInstanceOf(JournalFullException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(journal::ensureCapacity).isInstanceOf(JournalException.class);
  }

  @Test
  void checksItsArguments() {
    Journal journal = journal();
    assertThatThrownBy(() -> journal.append(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> journal.appendFor(null, new byte[0]))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> journal.attach(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> journal.read("a:1", 0, 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxEntries was 0");
    assertThatThrownBy(() -> journal.deadLetters(-1))
        .isInstanceOf(IllegalArgumentException.class);
    JournalEntry entry = new JournalEntry(1, null, 0, new byte[0]);
    assertThatThrownBy(() -> journal.addDeadLetter("a:1", entry, -1, "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("status was -1");
    assertThat(Arrays.asList(journal.append(new byte[0]))).containsExactly(1L);
  }
}
