package dev.spawn.journal.bench;

import dev.spawn.journal.SqliteJournal;
import dev.spawn.journal.SyncMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Appends of 1 KiB payloads to a {@link SqliteJournal}, each returning only once committed, from
 * as many threads as JMH's {@code -t} says. One peer is attached and a background thread reads
 * and acknowledges for it, as a healthy delivery link would, so entries are deleted while the
 * benchmark runs and the file stays small.
 *
 * <p>Run by {@code bench/journal.sh}; not part of {@code mvn verify}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class JournalAppendBenchmark {

  private static final String PEER = "peer:1";

  @Param({"FULL", "NORMAL"})
  public SyncMode sync;

  private Path dir;
  private SqliteJournal journal;
  private Thread consumer;
  private volatile boolean running;
  private final byte[] payload = new byte[1024];

  @Setup(Level.Trial)
  public void open() throws IOException {
    ThreadLocalRandom.current().nextBytes(payload);
    dir = Files.createTempDirectory("journal-bench");
    journal = SqliteJournal.builder(dir.resolve("bench.db")).sync(sync)
        .maxBytes(64L << 30).build();
    journal.attach(PEER);
    running = true;
    consumer = new Thread(this::consume, "bench-consumer");
    consumer.setDaemon(true);
    consumer.start();
  }

  @Benchmark
  public long append() {
    return journal.append(payload);
  }

  @TearDown(Level.Trial)
  public void close() throws Exception {
    running = false;
    consumer.join();
    journal.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private void consume() {
    while (running) {
      var batch = journal.read(PEER, 1000, 4 << 20);
      if (batch.isEmpty()) {
        try {
          TimeUnit.MILLISECONDS.sleep(1);
        } catch (InterruptedException e) {
          return;
        }
      } else {
        journal.acknowledge(PEER, batch.get(batch.size() - 1).seq());
      }
    }
  }
}
