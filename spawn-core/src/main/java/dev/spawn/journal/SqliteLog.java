package dev.spawn.journal;

import dev.spawn.journal.GroupCommitWriter.PendingAppend;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of a {@link SqliteJournal} and every change to it. Changes run on the journal's
 * writer thread only (or on the closing thread once that has ended); the counters and the peers
 * are read from any thread. Memory is changed only after the transaction that backs it commits.
 */
final class SqliteLog {

  private static final Logger log = LoggerFactory.getLogger(SqliteLog.class);
  private static final int PRUNE_CHUNK = 10_000;

  final Map<String, SqlitePeer> peers = new ConcurrentHashMap<>();
  private final SqliteJournalBuilder.Config config;
  private final SqliteDb db;
  private final EntryTable entryTable;
  // Written by the writer thread only. lastSeq is written last, so that a reader who sees an
  // entry's seq also sees the counters that include it.
  private volatile long entries;
  private volatile long bytes;
  private volatile long lastSeq;
  // The last failure to write cursors, so that a full disk is reported once, not every tick.
  private String lastFlushFailure;

  /** Loads the counters and the persisted cursors. */
  SqliteLog(SqliteJournalBuilder.Config config, SqliteDb db, long lastSeq) throws SQLException {
    this.config = config;
    this.db = db;
    this.entryTable = new EntryTable(db.writer);
    this.lastSeq = lastSeq;
    long[] totals = entryTable.totals();
    this.entries = totals[0];
    this.bytes = totals[1];
    for (PeerCursor cursor : CursorTable.load(db.writer).values()) {
      long[] waiting = entryTable.countFor(cursor.peer(), cursor.seq(), lastSeq);
      peers.put(cursor.peer(), new SqlitePeer(cursor, waiting[0], waiting[1]));
    }
    db.writer.commit();
  }

  long lastSeq() {
    return lastSeq;
  }

  JournalStats stats() {
    long seq = lastSeq;
    return new JournalStats(entries, bytes, seq, config.maxEntries(), config.maxBytes());
  }

  boolean full() {
    return entries >= config.maxEntries() || bytes >= config.maxBytes();
  }

  /** Commits a batch of appends in one transaction; all of it or none of it. */
  void commitBatch(List<PendingAppend> batch) {
    long n = entries;
    long size = bytes;
    List<PendingAppend> accepted = new ArrayList<>(batch.size());
    for (PendingAppend append : batch) {
      if (n >= config.maxEntries() || size >= config.maxBytes()) {
        append.fail(new JournalFullException(
            new JournalStats(n, size, lastSeq, config.maxEntries(), config.maxBytes())));
        continue;
      }
      accepted.add(append);
      n++;
      size += append.payload.length;
    }
    if (accepted.isEmpty()) {
      return;
    }
    long first = lastSeq + 1;
    try {
      insert(accepted, first);
      db.writer.commit();
    } catch (SQLException | RuntimeException e) {
      clearInserts(e);
      db.rollback(e);
      String doing = "committing this update (in a batch of " + accepted.size() + ")";
      for (PendingAppend append : accepted) {
        append.fail(e instanceof SQLException
            ? SqliteDb.failure(config.path(), doing, (SQLException) e)
            : new JournalException("journal file " + config.path() + ": " + doing + " failed: "
                + e, e));
      }
      return;
    }
    publish(accepted, first + accepted.size() - 1);
    long seq = first;
    for (PendingAppend append : accepted) {
      append.succeed(seq++);
    }
  }

  void attach(String peer) throws SQLException {
    if (!peers.containsKey(peer)) {
      PeerCursor cursor = new PeerCursor(peer, lastSeq, PeerCursor.Mode.START);
      CursorTable.insert(db.writer, cursor);
      db.writer.commit();
      peers.put(peer, new SqlitePeer(cursor, 0, 0));
    }
  }

  long detach(String peer) throws SQLException {
    SqlitePeer state = peers.get(peer);
    if (state == null) {
      return 0;
    }
    CursorTable.delete(db.writer, peer);
    db.writer.commit();
    peers.remove(peer);
    return state.depth();
  }

  void reset(String peer) throws SQLException {
    SqlitePeer state = peers.get(peer);
    if (state == null) {
      throw JournalArgs.unknownPeer(peer);
    }
    PeerCursor cursor = new PeerCursor(peer, lastSeq, PeerCursor.Mode.RESYNC);
    CursorTable.update(db.writer, cursor);
    db.writer.commit();
    state.place(cursor.seq(), cursor.mode());
  }

  /**
   * Appends a dead letter's payload again for its peer and removes the dead letter, in one
   * transaction: never both lost, never both kept.
   */
  Optional<Long> retryDeadLetter(long id) throws SQLException {
    Optional<DeadLetter> found = DeadLetterTable.get(db.writer, id);
    db.writer.commit();
    if (found.isEmpty()) {
      return Optional.empty();
    }
    DeadLetter letter = found.get();
    if (!peers.containsKey(letter.peer())) {
      throw JournalArgs.peerGone(letter);
    }
    if (full()) {
      throw new JournalFullException(stats());
    }
    List<PendingAppend> append = List.of(new PendingAppend(letter.peer(), letter.payload()));
    long seq = lastSeq + 1;
    try {
      insert(append, seq);
      DeadLetterTable.delete(db.writer, id);
      db.writer.commit();
    } catch (SQLException e) {
      clearInserts(e);
      throw e;
    }
    publish(append, seq);
    return Optional.of(seq);
  }

  /**
   * Persists moved cursors, then deletes a chunk of what the persisted cursors release.
   *
   * @return whether a whole chunk was deleted, so that more may be waiting
   */
  boolean flushAndPrune() {
    try {
      List<SqlitePeer> moved = new ArrayList<>();
      List<PeerCursor> cursors = new ArrayList<>();
      for (SqlitePeer peer : peers.values()) {
        PeerCursor cursor = peer.unpersisted();
        if (cursor != null) {
          CursorTable.update(db.writer, cursor);
          moved.add(peer);
          cursors.add(cursor);
        }
      }
      long[] pruned = entryTable.prune(lastSeq, PRUNE_CHUNK);
      db.writer.commit();
      for (int i = 0; i < moved.size(); i++) {
        moved.get(i).persisted(cursors.get(i));
      }
      entries -= pruned[0];
      bytes -= pruned[1];
      lastFlushFailure = null;
      return pruned[2] > 0;
    } catch (SQLException | RuntimeException e) {
      db.rollback(e);
      String message = e instanceof SQLException
          ? SqliteDb.failure(config.path(), "writing cursors", (SQLException) e).getMessage()
          : "journal file " + config.path() + ": writing cursors failed: " + e;
      if (message.equals(lastFlushFailure)) {
        log.debug("{}", message, e);
      } else {
        log.warn("{} (retried every tick; reported again when the failure changes)", message, e);
      }
      lastFlushFailure = message;
      return false;
    }
  }

  void close() {
    try {
      entryTable.close();
    } catch (SQLException e) {
      log.debug("closing statements of {} failed", config.path(), e);
    }
  }

  private void insert(List<PendingAppend> appends, long first) throws SQLException {
    long now = config.clock().millis();
    long seq = first;
    for (PendingAppend append : appends) {
      entryTable.addInsert(seq++, append.target, now, append.payload);
    }
    entryTable.flushInserts(); // last_seq in meta is written by pruning (EntryTable#prune)
  }

  /** Counts committed entries into the totals and the peers' backlogs, then shows them. */
  private void publish(List<PendingAppend> committed, long newLastSeq) {
    long forAll = 0;
    long forAllBytes = 0;
    long total = 0;
    Map<String, long[]> forOne = new HashMap<>();
    for (PendingAppend append : committed) {
      total += append.payload.length;
      if (append.target == null) {
        forAll++;
        forAllBytes += append.payload.length;
      } else {
        long[] c = forOne.computeIfAbsent(append.target, k -> new long[2]);
        c[0]++;
        c[1] += append.payload.length;
      }
    }
    for (SqlitePeer peer : peers.values()) {
      long[] own = forOne.getOrDefault(peer.id, new long[2]);
      peer.added(forAll + own[0], forAllBytes + own[1]);
    }
    entries += committed.size();
    bytes += total;
    lastSeq = newLastSeq;
  }

  private void clearInserts(Exception cause) {
    try {
      entryTable.clearInserts();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }
}
