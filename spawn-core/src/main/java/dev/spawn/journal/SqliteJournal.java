package dev.spawn.journal;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable {@link Journal}: one SQLite file in WAL mode, owner-only permissions, held by one
 * process at a time.
 *
 * <p>Appends are committed by one writer thread in batches (group commit), so many concurrent
 * callers share each sync; every caller returns once its batch is committed. Cursors move in
 * memory and are written at most 100 ms later, and entries are deleted only
 * when the <em>persisted</em> cursors allow it, so a crash never leaves a peer's cursor pointing
 * before a deleted entry. Reads go to disk in bounded batches, so memory stays flat however long a
 * peer's backlog grows.
 *
 * <pre>{@code
 * try (SqliteJournal journal = SqliteJournal.builder(Path.of("spawn.db")).build()) {
 *   journal.attach("10.0.0.2:8080");
 *   long seq = journal.append(body);
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class SqliteJournal implements Journal {

  private static final Logger log = LoggerFactory.getLogger(SqliteJournal.class);

  /** Longest time a moved cursor stays in memory only. */
  static final long FLUSH_MILLIS = 100;

  private final SqliteJournalBuilder.Config config;
  private final JournalFiles files;
  private final SqliteDb db;
  private final String id;
  private final SqliteLog state;
  private final EntryTable readerEntries;
  private final Object readerLock = new Object();
  private final GroupCommitWriter writer;
  private final ScheduledExecutorService flusher;
  private final AtomicBoolean tickQueued = new AtomicBoolean();
  private final Object closeLock = new Object();
  private volatile boolean closed;

  /** A builder for a journal in {@code path} (created with its directory when missing). */
  public static SqliteJournalBuilder builder(Path path) {
    return new SqliteJournalBuilder(path);
  }

  SqliteJournal(SqliteJournalBuilder.Config config) {
    this.config = config;
    this.files = JournalFiles.lock(config.path());
    SqliteDb opened = null;
    try {
      opened = SqliteDb.open(config.path(), config.sync());
      files.restrictPermissions();
      SqliteDb.Meta meta = opened.loadOrCreateMeta();
      this.state = new SqliteLog(config, opened, meta.lastSeq());
      this.id = meta.id();
      this.db = opened;
    } catch (SQLException | RuntimeException e) {
      if (opened != null) {
        opened.close();
      }
      files.close();
      throw e instanceof SQLException
          ? SqliteDb.failure(config.path(), "opening it", (SQLException) e) : (RuntimeException) e;
    }
    this.readerEntries = new EntryTable(db.reader);
    this.writer = new GroupCommitWriter(
        "spawn-journal-writer", config.batchMaxEntries(), config.batchMaxBytes(),
        state::commitBatch, this::closedError);
    this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "spawn-journal-flusher");
      t.setDaemon(true);
      return t;
    });
    flusher.scheduleWithFixedDelay(
        this::queueTick, config.flushMillis(), config.flushMillis(), TimeUnit.MILLISECONDS);
    JournalStats stats = state.stats();
    log.info("opened journal {} (id {}): {} entries, last seq {}, peers {}", config.path(), id,
        stats.entries(), stats.lastSeq(), peers());
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public long append(byte[] payload) {
    Objects.requireNonNull(payload, "payload");
    ensureCapacity();
    return writer.append(null, payload);
  }

  @Override
  public long appendFor(String peer, byte[] payload) {
    JournalArgs.peer(peer);
    Objects.requireNonNull(payload, "payload");
    ensureCapacity();
    return writer.append(peer, payload);
  }

  @Override
  public void ensureCapacity() {
    checkOpen();
    if (state.full()) {
      throw new JournalFullException(state.stats());
    }
  }

  /** {@inheritDoc} The cursor is persisted before this returns. */
  @Override
  public void attach(String peer) {
    JournalArgs.peer(peer);
    checkOpen();
    if (!state.peers.containsKey(peer)) {
      // Persisted at once: pruning trusts the cursors on disk only.
      onWriter("attaching peer " + peer, () -> {
        state.attach(peer);
        return null;
      });
    }
  }

  @Override
  public long detach(String peer) {
    JournalArgs.peer(peer);
    checkOpen();
    long dropped = onWriter("detaching peer " + peer, () -> state.detach(peer));
    queueTick();
    return dropped;
  }

  @Override
  public void reset(String peer) {
    JournalArgs.peer(peer);
    checkOpen();
    onWriter("resetting peer " + peer, () -> {
      state.reset(peer);
      return null;
    });
    queueTick();
  }

  @Override
  public Set<String> peers() {
    return Collections.unmodifiableSet(new TreeSet<>(state.peers.keySet()));
  }

  @Override
  public Optional<PeerCursor> cursor(String peer) {
    Objects.requireNonNull(peer, "peer");
    return Optional.ofNullable(state.peers.get(peer)).map(SqlitePeer::cursor);
  }

  @Override
  public List<JournalEntry> read(String peer, int maxEntries, long maxBytes) {
    JournalArgs.read(peer, maxEntries, maxBytes);
    checkOpen();
    SqlitePeer cursor = state.peers.get(peer);
    if (cursor == null) {
      return List.of();
    }
    long after = cursor.seq();
    long upTo = state.lastSeq();
    if (after >= upTo) {
      return List.of();
    }
    List<JournalEntry> found = onReader("reading entries for " + peer,
        () -> readerEntries.read(peer, after, upTo, maxEntries, maxBytes));
    cursor.remember(after, found);
    return found;
  }

  @Override
  public void acknowledge(String peer, long seq) {
    Objects.requireNonNull(peer, "peer");
    long last = state.lastSeq();
    if (seq > last) {
      throw new IllegalArgumentException(
          "seq was " + seq + " for peer " + peer + "; expected at most the last seq " + last);
    }
    SqlitePeer cursor = state.peers.get(peer);
    if (cursor != null) {
      cursor.acknowledge(seq, (after, upTo) -> onReader("counting entries for " + peer,
          () -> readerEntries.countFor(peer, after, upTo)));
    }
  }

  @Override
  public Optional<Backlog> backlog(String peer) {
    Objects.requireNonNull(peer, "peer");
    SqlitePeer cursor = state.peers.get(peer);
    if (cursor == null) {
      return Optional.empty();
    }
    long[] b = cursor.backlog();
    if (b[0] == 0) {
      return Optional.of(new Backlog(peer, 0, 0, 0));
    }
    long oldest = b[3];
    if (oldest == 0) {
      long upTo = state.lastSeq();
      oldest = onReader("reading the backlog of " + peer,
          () -> readerEntries.oldestFor(peer, b[2], upTo));
    }
    // Only a race with an acknowledgement finds nothing; an age of 0 is then the honest answer.
    long oldestMillis = oldest == 0 ? config.clock().millis() : oldest;
    return Optional.of(new Backlog(peer, b[0], b[1], oldestMillis));
  }

  @Override
  public long depth(String peer) {
    Objects.requireNonNull(peer, "peer");
    SqlitePeer cursor = state.peers.get(peer);
    return cursor == null ? 0 : cursor.backlog()[0];
  }

  @Override
  public JournalStats stats() {
    return state.stats();
  }

  @Override
  public DeadLetter addDeadLetter(String peer, JournalEntry entry, int status, String reason) {
    JournalArgs.deadLetter(peer, entry, status, reason);
    checkOpen();
    return onWriter("recording a dead letter for " + peer, () -> {
      DeadLetter letter = DeadLetterTable.insert(
          db.writer, peer, entry, status, reason, config.clock().millis());
      db.writer.commit();
      return letter;
    });
  }

  @Override
  public List<DeadLetter> deadLetters(int limit) {
    JournalArgs.limit(limit);
    checkOpen();
    return onReader("listing dead letters", () -> DeadLetterTable.list(db.reader, limit));
  }

  @Override
  public Optional<DeadLetter> deadLetter(long id) {
    checkOpen();
    return onReader("reading dead letter " + id, () -> DeadLetterTable.get(db.reader, id));
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalStateException when the dead letter's peer has no cursor (it is kept)
   * @throws JournalFullException when the journal is at its cap (it is kept)
   */
  @Override
  public Optional<Long> retryDeadLetter(long id) {
    checkOpen();
    return onWriter("retrying dead letter " + id, () -> state.retryDeadLetter(id));
  }

  @Override
  public boolean removeDeadLetter(long id) {
    checkOpen();
    return onWriter("removing dead letter " + id, () -> {
      boolean removed = DeadLetterTable.delete(db.writer, id);
      db.writer.commit();
      return removed;
    });
  }

  @Override
  public int purgeDeadLetters() {
    checkOpen();
    return onWriter("purging dead letters", () -> {
      int removed = DeadLetterTable.deleteAll(db.writer);
      db.writer.commit();
      return removed;
    });
  }

  /**
   * Stops taking updates, commits every append already queued, writes the cursors and releases
   * the file. Idempotent.
   */
  @Override
  public void close() {
    synchronized (closeLock) {
      if (closed) {
        return;
      }
      closed = true;
      flusher.shutdownNow();
      writer.shutdown();
      // The writer thread has ended: its connection belongs to this thread now.
      state.flushAndPrune();
      state.close();
      synchronized (readerLock) {
        try {
          readerEntries.close();
        } catch (SQLException e) {
          log.debug("closing statements of {} failed", config.path(), e);
        }
        db.close();
      }
      files.close();
      log.info("closed journal {} at seq {}", config.path(), state.lastSeq());
    }
  }

  /** Writes moved cursors and deletes what they release, now; tests call it instead of waiting. */
  void flush() {
    checkOpen();
    writer.call(() -> {
      while (state.flushAndPrune()) {
        // A big release is deleted chunk by chunk.
      }
      return null;
    });
  }

  @Override
  public String toString() {
    return "SqliteJournal[" + config.path() + ", id " + id + ", last seq " + state.lastSeq() + "]";
  }

  private void queueTick() {
    if (tickQueued.compareAndSet(false, true) && !writer.execute(this::tick)) {
      tickQueued.set(false);
    }
  }

  private void tick() {
    tickQueued.set(false);
    if (state.flushAndPrune() && !closed) {
      // A whole chunk went: go on with the next one after the appends queued meanwhile. (Not
      // after any deletion: that would add a synced commit after every batch of appends.)
      queueTick();
    }
  }

  interface SqlWork<T> {
    T run() throws SQLException;
  }

  private <T> T onWriter(String doing, SqlWork<T> work) {
    return writer.call(() -> {
      try {
        return work.run();
      } catch (SQLException e) {
        db.rollback(e);
        throw SqliteDb.failure(config.path(), doing, e);
      } catch (RuntimeException e) {
        db.rollback(e);
        throw e;
      }
    });
  }

  private <T> T onReader(String doing, SqlWork<T> work) {
    synchronized (readerLock) {
      checkOpen();
      try {
        return work.run();
      } catch (SQLException e) {
        throw SqliteDb.failure(config.path(), doing, e);
      }
    }
  }

  private void checkOpen() {
    if (closed) {
      throw closedError();
    }
  }

  private JournalException closedError() {
    return new JournalException("journal " + config.path() + " is closed; open it again to use it");
  }
}
