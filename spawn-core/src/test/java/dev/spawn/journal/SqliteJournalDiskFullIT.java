package dev.spawn.journal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fills a tiny file system (a 1 MiB tmpfs; skipped where mounting is not permitted) until the
 * journal reports a full disk, then gives it room and checks that every acknowledged append is
 * still there, and nothing that failed.
 */
class SqliteJournalDiskFullIT {

  @TempDir Path dir;

  @Test
  void reportsAFullDiskClearlyAndKeepsEveryAcknowledgedAppend() throws Exception {
    Path mount = Files.createDirectories(dir.resolve("tiny"));
    // Mounted as root, as the CI runs; a user without the right is skipped, not failed.
    assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", mount.toString()),
        "mounting a tmpfs is not permitted here");
    try {
      Path file = mount.resolve("full.db");
      Map<Long, byte[]> acknowledged = new LinkedHashMap<>();
      int attempts = 0;
      int failures = 0;
      try (SqliteJournal journal = SqliteJournal.builder(file).build()) {
        journal.attach("p:1");
        JournalException first = null;
        // Fill the disk, then try 20 more: each fails the same way or (when a checkpoint freed
        // room) succeeds; nothing that failed may turn up later.
        for (int after = 0; attempts < 10_000 && after < 20; attempts++) {
          byte[] payload = payload(attempts);
          try {
            acknowledged.put(journal.append(payload), payload);
          } catch (JournalException e) {
            assertThat(e).isNotInstanceOf(JournalFullException.class);
            assertThat(e.getMessage())
                .contains("journal file " + file)
                .contains("disk is full")
                .contains("Free disk space");
            first = first == null ? e : first;
            failures++;
          }
          after += first == null ? 0 : 1;
        }
        assertThat(first).as("the disk never filled up").isNotNull();

        // Room again, without a restart: appends go on from the next number.
        assertThat(run("mount", "-o", "remount,size=16m", mount.toString())).isTrue();
        long last = acknowledged.keySet().stream().mapToLong(s -> s).max().orElseThrow();
        for (int i = 1; i <= 5; i++) {
          byte[] payload = payload(attempts++);
          long seq = journal.append(payload);
          assertThat(seq).isEqualTo(last + i);
          acknowledged.put(seq, payload);
        }
      }
      assertThat(failures).isPositive();

      try (SqliteJournal journal = SqliteJournal.builder(file).build()) {
        List<JournalEntry> all = new ArrayList<>();
        for (List<JournalEntry> b = journal.read("p:1", 500, 1 << 20); !b.isEmpty();
            b = journal.read("p:1", 500, 1 << 20)) {
          all.addAll(b);
          journal.acknowledge("p:1", b.get(b.size() - 1).seq());
        }
        assertThat(all).extracting(JournalEntry::seq)
            .as("every acknowledged append, and nothing that failed")
            .containsExactlyElementsOf(acknowledged.keySet());
        for (JournalEntry entry : all) {
          assertThat(entry.payload()).isEqualTo(acknowledged.get(entry.seq()));
        }
        long last = all.get(all.size() - 1).seq();
        assertThat(journal.append(payload(-1))).isEqualTo(last + 1);
      }
      SqliteJournalCrashIT.assertIntegrity(file);
    } finally {
      run("umount", "-l", mount.toString());
    }
  }

  private static byte[] payload(int i) {
    byte[] payload = new byte[1024];
    byte[] marker = ("update " + i + " ").getBytes(UTF_8);
    System.arraycopy(marker, 0, payload, 0, marker.length);
    return payload;
  }

  private static boolean run(String... command) throws InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      return false;
    }
    return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
  }
}
