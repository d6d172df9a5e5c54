package dev.spawn.journal;

import java.util.ArrayDeque;
import java.util.List;

/**
 * One peer's cursor in a {@link SqliteJournal}: where it stands in memory, where it stands on
 * disk, and what waits for it. Thread-safe (every method locks the instance).
 *
 * <p>The backlog counters move without a query in the common case: the entries handed out by the
 * last {@link #remember read} are kept as (seq, size, time) triples, so acknowledging them
 * subtracts exactly what they weighed. Only an acknowledgement beyond what was read asks the
 * database to count the gap.
 */
final class SqlitePeer {

  /** Counts entries for this peer, and their bytes, in {@code (after, upTo]}. */
  interface RangeCounter {
    long[] count(long after, long upTo);
  }

  final String id;
  private long seq;
  private PeerCursor.Mode mode;
  private long persistedSeq;
  private PeerCursor.Mode persistedMode;
  private long depth;
  private long bytes;
  // Invariant: readAhead holds exactly the entries for this peer in (seq, coveredUpTo].
  private final ArrayDeque<long[]> readAhead = new ArrayDeque<>();
  private long coveredUpTo;

  /** A peer as persisted, with what waits for it. */
  SqlitePeer(PeerCursor persisted, long depth, long bytes) {
    this.id = persisted.peer();
    this.seq = persisted.seq();
    this.mode = persisted.mode();
    this.persistedSeq = seq;
    this.persistedMode = mode;
    this.depth = depth;
    this.bytes = bytes;
    this.coveredUpTo = seq;
  }

  synchronized PeerCursor cursor() {
    return new PeerCursor(id, seq, mode);
  }

  synchronized long seq() {
    return seq;
  }

  synchronized long depth() {
    return depth;
  }

  /** Newly committed entries for this peer (all after its cursor). */
  synchronized void added(long count, long size) {
    depth += count;
    bytes += size;
  }

  /** Remembers what a read that started after {@code after} handed out. */
  synchronized void remember(long after, List<JournalEntry> entries) {
    if (entries.isEmpty() || after > seq) {
      return;
    }
    long last = entries.get(entries.size() - 1).seq();
    if (last <= seq) {
      // The cursor moved past this read meanwhile (an acknowledgement or a reset).
      return;
    }
    readAhead.clear();
    for (JournalEntry entry : entries) {
      if (entry.seq() > seq) {
        readAhead.add(new long[] {entry.seq(), entry.payload().length, entry.appendedAtMillis()});
      }
    }
    coveredUpTo = last;
  }

  /** Moves the cursor forward to {@code ackSeq}; an older one is ignored. */
  synchronized void acknowledge(long ackSeq, RangeCounter counter) {
    if (ackSeq <= seq) {
      return;
    }
    while (!readAhead.isEmpty() && readAhead.peekFirst()[0] <= ackSeq) {
      long[] entry = readAhead.pollFirst();
      depth--;
      bytes -= entry[1];
    }
    if (ackSeq > coveredUpTo) {
      long[] gap = counter.count(Math.max(seq, coveredUpTo), ackSeq);
      depth -= gap[0];
      bytes -= gap[1];
      coveredUpTo = ackSeq;
    }
    depth = Math.max(0, depth);
    bytes = Math.max(0, bytes);
    seq = ackSeq;
    mode = PeerCursor.Mode.ACKED;
  }

  /** Puts the cursor at {@code lastSeq} in the given mode, as persisted; nothing waits then. */
  synchronized void place(long lastSeq, PeerCursor.Mode newMode) {
    seq = lastSeq;
    mode = newMode;
    persistedSeq = lastSeq;
    persistedMode = newMode;
    depth = 0;
    bytes = 0;
    readAhead.clear();
    coveredUpTo = lastSeq;
  }

  /** The cursor when it differs from the persisted one, else null. */
  synchronized PeerCursor unpersisted() {
    return seq == persistedSeq && mode == persistedMode ? null : new PeerCursor(id, seq, mode);
  }

  /** Records that {@code cursor} was committed to disk. */
  synchronized void persisted(PeerCursor cursor) {
    if (cursor.seq() >= persistedSeq) {
      persistedSeq = cursor.seq();
      persistedMode = cursor.mode();
    }
  }

  /**
   * {depth, bytes, cursor seq, append time of the oldest waiting entry or 0 when it is not known
   * without a query}.
   */
  synchronized long[] backlog() {
    long oldest = readAhead.isEmpty() ? 0 : readAhead.peekFirst()[2];
    return new long[] {depth, bytes, seq, oldest};
  }
}
