package dev.spawn.journal;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * Settings of a {@link SqliteJournal}, made by {@link SqliteJournal#builder(Path)}. Each setter
 * checks its value at once; {@link #build()} opens the file. Mutable and not thread-safe: use one
 * builder from one thread.
 */
public final class SqliteJournalBuilder {

  /** Default cap on entries held. */
  public static final long DEFAULT_MAX_ENTRIES = 10_000_000L;
  /** Default cap on payload bytes held: 1 GiB. */
  public static final long DEFAULT_MAX_BYTES = 1L << 30;
  /** Default number of appends committed together at most. */
  public static final int DEFAULT_BATCH_MAX_ENTRIES = 1000;
  /** Default payload bytes committed together at most: 4 MiB. */
  public static final long DEFAULT_BATCH_MAX_BYTES = 4L << 20;

  private final Path path;
  private SyncMode sync = SyncMode.FULL;
  private long maxEntries = DEFAULT_MAX_ENTRIES;
  private long maxBytes = DEFAULT_MAX_BYTES;
  private int batchMaxEntries = DEFAULT_BATCH_MAX_ENTRIES;
  private long batchMaxBytes = DEFAULT_BATCH_MAX_BYTES;
  private Clock clock = Clock.systemUTC();
  private long flushMillis = SqliteJournal.FLUSH_MILLIS;

  SqliteJournalBuilder(Path path) {
    this.path = Objects.requireNonNull(path, "path");
  }

  /** How each commit is synced; default {@link SyncMode#FULL}. */
  public SqliteJournalBuilder sync(SyncMode sync) {
    this.sync = Objects.requireNonNull(sync, "sync");
    return this;
  }

  /** Cap on entries held; appends are refused at the cap. Default 10,000,000. */
  public SqliteJournalBuilder maxEntries(long maxEntries) {
    this.maxEntries = positive("maxEntries", maxEntries);
    return this;
  }

  /** Cap on payload bytes held; appends are refused at the cap. Default 1 GiB. */
  public SqliteJournalBuilder maxBytes(long maxBytes) {
    this.maxBytes = positive("maxBytes", maxBytes);
    return this;
  }

  /** Most appends committed in one transaction. Default 1000. */
  public SqliteJournalBuilder batchMaxEntries(int batchMaxEntries) {
    this.batchMaxEntries = (int) positive("batchMaxEntries", batchMaxEntries);
    return this;
  }

  /**
   * Most payload bytes committed in one transaction (a single larger append still goes alone).
   * Default 4 MiB.
   */
  public SqliteJournalBuilder batchMaxBytes(long batchMaxBytes) {
    this.batchMaxBytes = positive("batchMaxBytes", batchMaxBytes);
    return this;
  }

  /** The wall clock stamped on entries and dead letters. Default the system UTC clock. */
  public SqliteJournalBuilder clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /** How often moved cursors are written; tests stretch it to control when that happens. */
  SqliteJournalBuilder flushMillis(long flushMillis) {
    this.flushMillis = positive("flushMillis", flushMillis);
    return this;
  }

  /**
   * Opens (or creates) the journal file.
   *
   * @throws JournalException when the file is in use by another process, unreadable or not a
   *     journal
   */
  public SqliteJournal build() {
    return new SqliteJournal(
        new Config(path, sync, maxEntries, maxBytes, batchMaxEntries, batchMaxBytes, clock,
            flushMillis));
  }

  private static long positive(String field, long value) {
    if (value < 1) {
      throw new IllegalArgumentException(field + " was " + value + "; expected at least 1");
    }
    return value;
  }

  /** The settings as built. Immutable. */
  record Config(
      Path path, SyncMode sync, long maxEntries, long maxBytes, int batchMaxEntries,
      long batchMaxBytes, Clock clock, long flushMillis) {}
}
