package dev.spawn.journal;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * A process for {@link SqliteJournalCrashIT} to kill: appends from several threads with sync FULL
 * and prints {@code <seq> <payload>} for every append that returned, so every printed line is an
 * acknowledged update. With {@code ack}, one more thread reads and acknowledges for peer {@code
 * p:1}, so that entries are deleted while it runs; otherwise peer {@code keep:1} holds them all.
 *
 * <p>Usage: {@code JournalCrashChild <file> <threads> ack|keep}
 */
public final class JournalCrashChild {

  private JournalCrashChild() {}

  public static void main(String[] args) {
    Path file = Path.of(args[0]);
    int threads = Integer.parseInt(args[1]);
    boolean ack = args[2].equals("ack");
    SqliteJournal journal = SqliteJournal.builder(file).sync(SyncMode.FULL).build();
    String peer = ack ? "p:1" : "keep:1";
    journal.attach(peer);
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Thread appender = new Thread(() -> {
        for (long i = 0; ; i++) {
          String payload = thread + "/" + i + "/" + "x".repeat(200);
          long seq = journal.append(payload.getBytes(UTF_8));
          synchronized (System.out) {
            System.out.println(seq + " " + payload);
            System.out.flush();
          }
        }
      });
      appender.start();
    }
    if (ack) {
      while (true) {
        List<JournalEntry> batch = journal.read(peer, 100, 1 << 20);
        if (batch.isEmpty()) {
          LockSupport.parkNanos(1_000_000);
        } else {
          journal.acknowledge(peer, batch.get(batch.size() - 1).seq());
        }
      }
    }
  }
}
