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
 * The plumbing of {@link JournalContractTest} (a factory, a manual clock, helpers) and the part of
 * the contract about caps, dead letters, concurrency and closing. Extend {@link
 * JournalContractTest}, not this class. Not thread-safe: JUnit makes one instance per test.
 */
public abstract class JournalContractBase {

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
