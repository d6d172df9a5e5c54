package dev.spawn.journal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a process that is appending (SIGKILL) and checks that nothing it was told is lost, and
 * that the file was refused to this process while the other one held it.
 */
class SqliteJournalCrashIT {

  private static final int LINES_BEFORE_KILL = 4000;

  @TempDir Path dir;

  @Test
  void keepsEveryAcknowledgedAppendThroughAKill() throws Exception {
    Path file = dir.resolve("crash.db");
    Map<Long, String> printed = runAndKill(file, "keep");

    try (SqliteJournal journal = SqliteJournal.builder(file).build()) {
      List<JournalEntry> all = readAll(journal, "keep:1");
      long last = journal.stats().lastSeq();
      assertThat(last).isGreaterThanOrEqualTo(printed.keySet().stream().mapToLong(s -> s).max()
          .orElseThrow());
      assertThat(all).extracting(JournalEntry::seq)
          .as("contiguous from 1").containsExactlyElementsOf(range(1, last));
      assertPrintedMatch(all, printed, 0);
    }
    assertIntegrity(file);
  }

  @Test
  void resumesAPeerWithoutAGapWhileEntriesAreDeleted() throws Exception {
    Path file = dir.resolve("crash.db");
    Map<Long, String> printed = runAndKill(file, "ack");

    try (SqliteJournal journal = SqliteJournal.builder(file).build()) {
      long cursor = journal.cursor("p:1").orElseThrow().seq();
      long last = journal.stats().lastSeq();
      List<JournalEntry> rest = readAll(journal, "p:1");
      // Entries up to the persisted cursor may be gone; everything after it must be there.
      assertThat(rest).extracting(JournalEntry::seq)
          .containsExactlyElementsOf(range(cursor + 1, last));
      assertThat(last).isGreaterThanOrEqualTo(printed.keySet().stream().mapToLong(s -> s).max()
          .orElseThrow());
      assertPrintedMatch(rest, printed, cursor);
    }
    assertIntegrity(file);
  }

  private Map<Long, String> runAndKill(Path file, String mode) throws Exception {
    Process child = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        JournalCrashChild.class.getName(), file.toString(), "8", mode)
        .redirectError(dir.resolve("child.err").toFile())
        .start();
    Map<Long, String> printed = new ConcurrentHashMap<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader out =
          new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          int space = line.indexOf(' ');
          String before = printed.put(Long.parseLong(line.substring(0, space)),
              line.substring(space + 1));
          assertThat(before).as("a seq handed out twice").isNull();
        }
      } catch (IOException e) {
        // The pipe breaks when the child is killed: the lines read so far are what counts.
      }
    });
    reader.start();
    try {
      await().atMost(Duration.ofSeconds(60))
          .until(() -> printed.size() >= LINES_BEFORE_KILL || !child.isAlive());
      assertThat(child.isAlive()).as("child still running (see child.err)").isTrue();
      assertThatThrownBy(() -> SqliteJournal.builder(file).build())
          .isInstanceOf(JournalException.class)
          .hasMessageContaining("journal file " + file + " is in use by another process");
    } finally {
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      reader.join(30_000);
    }
    assertThat(printed).hasSizeGreaterThanOrEqualTo(LINES_BEFORE_KILL);
    return printed;
  }

  private static List<JournalEntry> readAll(Journal journal, String peer) {
    List<JournalEntry> all = new ArrayList<>();
    for (List<JournalEntry> batch = journal.read(peer, 1000, 1 << 20); !batch.isEmpty();
        batch = journal.read(peer, 1000, 1 << 20)) {
      all.addAll(batch);
      journal.acknowledge(peer, batch.get(batch.size() - 1).seq());
    }
    return all;
  }

  private static void assertPrintedMatch(
      List<JournalEntry> entries, Map<Long, String> printed, long after) {
    Map<Long, String> found = new ConcurrentHashMap<>();
    entries.forEach(e -> found.put(e.seq(), new String(e.payload(), UTF_8)));
    printed.forEach((seq, payload) -> {
      if (seq > after) {
        assertThat(found.get(seq)).as("entry " + seq).isEqualTo(payload);
      }
    });
  }

  private static List<Long> range(long from, long to) {
    List<Long> seqs = new ArrayList<>();
    for (long s = from; s <= to; s++) {
      seqs.add(s);
    }
    return seqs;
  }

  static void assertIntegrity(Path file) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("ok");
    }
  }
}
