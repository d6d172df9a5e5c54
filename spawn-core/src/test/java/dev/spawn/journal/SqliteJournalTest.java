package dev.spawn.journal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteJournalTest extends JournalContractTest {

  @TempDir Path dir;
  private final AtomicInteger files = new AtomicInteger();

  @Override
  protected Journal newJournal(long maxEntries, long maxBytes, Clock clock) {
    return SqliteJournal.builder(dir.resolve("journal-" + files.incrementAndGet() + ".db"))
        .maxEntries(maxEntries).maxBytes(maxBytes).clock(clock).build();
  }

  @Override
  protected void settle(Journal journal) {
    ((SqliteJournal) journal).flush();
  }

  private SqliteJournal open(Path file) {
    // A flush interval of an hour: only flush() and close() write cursors in these tests.
    return SqliteJournal.builder(file).clock(clock).flushMillis(3_600_000L).build();
  }

  @Test
  void reopeningKeepsIdNumbersCursorsAndEntries() {
    Path file = dir.resolve("j.db");
    String id;
    try (SqliteJournal journal = open(file)) {
      id = journal.id();
      journal.attach("a:1");
      journal.attach("b:1");
      journal.append(bytes("1"));
      journal.append(bytes("2"));
      journal.appendFor("a:1", bytes("3"));
      journal.acknowledge("a:1", 1);
      journal.reset("b:1");
    }
    try (SqliteJournal journal = open(file)) {
      assertThat(journal.id()).isEqualTo(id);
      assertThat(journal.cursor("a:1")).contains(new PeerCursor("a:1", 1, PeerCursor.Mode.ACKED));
      assertThat(journal.cursor("b:1")).contains(new PeerCursor("b:1", 3, PeerCursor.Mode.RESYNC));
      assertThat(texts(journal.read("a:1", 10, NO_CAP))).containsExactly("2", "3");
      assertThat(journal.backlog("a:1")).contains(new Backlog("a:1", 2, 2, 1_000_000L));
      assertThat(journal.stats().entries()).isEqualTo(2);
      assertThat(journal.append(bytes("4"))).isEqualTo(4);
    }
  }

  @Test
  void neverReusesANumberEvenWhenEveryEntryWasDeleted() {
    Path file = dir.resolve("j.db");
    try (SqliteJournal journal = open(file)) {
      journal.append(bytes("1"));
      journal.append(bytes("2"));
      journal.flush();
      assertThat(journal.stats().entries()).isZero();
    }
    try (SqliteJournal journal = open(file)) {
      assertThat(journal.stats().lastSeq()).isEqualTo(2);
      assertThat(journal.append(bytes("3"))).isEqualTo(3);
    }
  }

  @Test
  void neverReusesTheNumberOfADeletedNewestEntryWhileOlderOnesStay() {
    Path file = dir.resolve("j.db");
    try (SqliteJournal journal = open(file)) {
      journal.attach("a:1");
      journal.attach("b:1");
      journal.append(bytes("1")); // for both; b:1 never acknowledges it, so it stays
      assertThat(journal.appendFor("a:1", bytes("2"))).isEqualTo(2);
      journal.acknowledge("a:1", 2);
      journal.flush(); // deletes entry 2 (a:1's own, acknowledged): the newest entry is gone
      assertThat(texts(journal.read("b:1", 10, NO_CAP))).containsExactly("1");
      assertThat(journal.stats().entries()).isEqualTo(1);
    }
    try (SqliteJournal journal = open(file)) {
      assertThat(journal.stats().lastSeq()).isEqualTo(2);
      assertThat(journal.append(bytes("3"))).isEqualTo(3);
    }
  }

  @Test
  void deletesOnlyWhatPersistedCursorsRelease() {
    try (SqliteJournal journal = open(dir.resolve("j.db"))) {
      journal.attach("a:1");
      journal.append(bytes("1"));
      journal.append(bytes("2"));
      journal.acknowledge("a:1", 2);
      // The acknowledgement is in memory only: a crash now would resume a:1 from 0, so the
      // entries must stay until the cursor is on disk.
      journal.detach("b:1");
      assertThat(journal.stats().entries()).isEqualTo(2);

      journal.flush();
      assertThat(journal.stats().entries()).isZero();
    }
  }

  @Test
  void writesMovedCursorsWithinAFlushInterval() {
    Path file = dir.resolve("j.db");
    try (SqliteJournal journal = SqliteJournal.builder(file).clock(clock).build()) {
      journal.attach("a:1");
      journal.append(bytes("1"));
      journal.acknowledge("a:1", 1);
      await().atMost(Duration.ofSeconds(5)).until(() -> journal.stats().entries() == 0);
    }
  }

  @Test
  void refusesAFileHeldByAnotherJournalUntilItIsClosed() {
    Path file = dir.resolve("held.db");
    SqliteJournal first = open(file);
    first.append(bytes("1"));

    assertThatThrownBy(() -> open(file))
        .isInstanceOf(JournalException.class)
        .hasMessageContaining("journal file " + file + " is in use by another process");

    first.close();
    try (SqliteJournal again = open(file)) {
      assertThat(again.id()).isEqualTo(first.id());
      assertThat(again.stats().lastSeq()).isEqualTo(1);
    }
  }

  @Test
  void keepsItsFilesPrivateToTheOwner() throws Exception {
    Path file = dir.resolve("sub/dir/private.db");
    try (SqliteJournal journal = open(file)) {
      journal.append(bytes("secret"));
      for (String suffix : new String[] {"", "-wal", "-shm", ".lock"}) {
        Path f = JournalFiles.sibling(file, suffix);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
            .as(f.toString()).isEqualTo("rw-------");
      }
    }
  }

  @Test
  void refusesAFileThatIsNotAJournal() throws Exception {
    Path file = dir.resolve("garbage.db");
    Files.write(file, "this is not a database, just some text that is long enough".repeat(100)
        .getBytes(UTF_8));

    assertThatThrownBy(() -> open(file))
        .isInstanceOf(JournalException.class)
        .hasMessageContaining("journal file " + file)
        .hasMessageContaining("not a journal");
    assertThat(Files.readString(file)).startsWith("this is not a database");
  }

  @Test
  void commitsAppendsQueuedBeforeClose() {
    Path file = dir.resolve("j.db");
    SqliteJournal journal = open(file);
    journal.attach("a:1");
    for (int i = 0; i < 50; i++) {
      journal.append(bytes("u" + i));
    }
    journal.close();
    try (SqliteJournal again = open(file)) {
      assertThat(again.read("a:1", 100, NO_CAP)).hasSize(50);
    }
  }

  @Test
  void builderNamesTheBadValue() {
    SqliteJournalBuilder builder = SqliteJournal.builder(dir.resolve("x.db"));
    assertThatThrownBy(() -> builder.maxEntries(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxEntries was 0; expected at least 1");
    assertThatThrownBy(() -> builder.maxBytes(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBytes was -1");
    assertThatThrownBy(() -> builder.batchMaxEntries(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batchMaxEntries was 0");
    assertThatThrownBy(() -> builder.batchMaxBytes(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batchMaxBytes was 0");
    assertThatThrownBy(() -> builder.sync(null))
        .isInstanceOf(NullPointerException.class).hasMessage("sync");
    assertThatThrownBy(() -> builder.clock(null))
        .isInstanceOf(NullPointerException.class).hasMessage("clock");
    assertThatThrownBy(() -> SqliteJournal.builder(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void defaultsToFullSyncAndTheDocumentedCaps() {
    try (SqliteJournal journal = SqliteJournal.builder(dir.resolve("d.db")).build()) {
      assertThat(journal.stats().maxEntries()).isEqualTo(10_000_000L);
      assertThat(journal.stats().maxBytes()).isEqualTo(1L << 30);
    }
  }

  @Test
  void batchesNeverExceedTheirBounds() {
    Path file = dir.resolve("j.db");
    try (SqliteJournal journal = SqliteJournal.builder(file).batchMaxEntries(1).batchMaxBytes(1)
        .sync(SyncMode.NORMAL).build()) {
      journal.attach("a:1");
      assertThat(journal.append(new byte[10])).isEqualTo(1);
      assertThat(journal.append(new byte[10])).isEqualTo(2);
      assertThat(journal.read("a:1", 10, NO_CAP)).hasSize(2);
    }
  }
}
