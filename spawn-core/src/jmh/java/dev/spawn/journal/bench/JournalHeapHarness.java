package dev.spawn.journal.bench;

import dev.spawn.journal.Backlog;
import dev.spawn.journal.JournalEntry;
import dev.spawn.journal.SqliteJournal;
import dev.spawn.journal.SyncMode;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Queues 1,000,000 entries of 1 KiB for one peer, then reads them in batches of 1,000 and
 * acknowledges them, printing the heap used after a full GC along the way. Meant to run with a
 * small heap ({@code -Xmx128m}): a journal that loaded the backlog would need about 1 GiB.
 *
 * <p>Usage: {@code JournalHeapHarness [entries]}; run by {@code bench/journal.sh}.
 */
public final class JournalHeapHarness {

  private static final String PEER = "peer:1";
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private JournalHeapHarness() {}

  public static void main(String[] args) throws Exception {
    int total = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    Path dir = Files.createTempDirectory("journal-heap");
    try (SqliteJournal journal = SqliteJournal.builder(dir.resolve("heap.db"))
        .sync(SyncMode.NORMAL).maxBytes(4L << 30).build()) {
      journal.attach(PEER);
      System.out.printf("heap after open:        %6.1f MiB%n", usedMiB());
      fill(journal, total);
      Backlog backlog = journal.backlog(PEER).orElseThrow();
      System.out.printf("heap with %d queued: %6.1f MiB (backlog %d entries, %d MiB)%n",
          backlog.depth(), usedMiB(), backlog.depth(), backlog.bytes() >> 20);
      double peak = 0;
      long read = 0;
      long nextReport = total / 10;
      for (List<JournalEntry> batch = journal.read(PEER, 1000, 4 << 20); !batch.isEmpty();
          batch = journal.read(PEER, 1000, 4 << 20)) {
        read += batch.size();
        journal.acknowledge(PEER, batch.get(batch.size() - 1).seq());
        if (read >= nextReport) {
          double used = usedMiB();
          peak = Math.max(peak, used);
          System.out.printf("heap after reading %7d: %6.1f MiB (backlog %d)%n", read, used,
              journal.backlog(PEER).orElseThrow().depth());
          nextReport += total / 10;
        }
      }
      System.out.printf("read %d entries; peak heap after GC while reading: %.1f MiB; max heap"
          + " %d MiB%n", read, peak, Runtime.getRuntime().maxMemory() >> 20);
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void fill(SqliteJournal journal, int total) throws Exception {
    int threads = 16;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int share = total / threads + (t < total % threads ? 1 : 0);
      done.add(pool.submit(() -> {
        byte[] payload = new byte[1024];
        for (int i = 0; i < share; i++) {
          journal.append(payload);
        }
      }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
  }

  private static double usedMiB() {
    System.gc();
    return MEMORY.getHeapMemoryUsage().getUsed() / 1048576.0;
  }
}
