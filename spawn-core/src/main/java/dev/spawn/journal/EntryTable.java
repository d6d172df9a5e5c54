package dev.spawn.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL of the {@code entries} table, on one connection, with its statements prepared once.
 * Not thread-safe: the owner serialises calls.
 */
final class EntryTable implements AutoCloseable {

  /** Entries for one peer, the same as {@link JournalEntry#isFor(String)}. */
  private static final String FOR_PEER = "(target IS NULL OR target = ?)";

  private final Connection connection;
  private PreparedStatement insert;
  private PreparedStatement setLastSeq;
  private PreparedStatement read;
  private PreparedStatement count;
  private PreparedStatement oldest;

  EntryTable(Connection connection) {
    this.connection = connection;
  }

  /** Adds an entry (inside the caller's transaction); {@link #flushInserts()} sends them. */
  void addInsert(long seq, String target, long appendedAt, byte[] payload) throws SQLException {
    if (insert == null) {
      insert = connection.prepareStatement(
          "INSERT INTO entries (seq, target, appended_at, payload) VALUES (?, ?, ?, ?)");
    }
    insert.setLong(1, seq);
    if (target == null) {
      insert.setNull(2, Types.VARCHAR);
    } else {
      insert.setString(2, target);
    }
    insert.setLong(3, appendedAt);
    insert.setBytes(4, payload);
    insert.addBatch();
  }

  /** Runs the inserts added since the last flush. */
  void flushInserts() throws SQLException {
    if (insert != null) {
      insert.executeBatch();
    }
  }

  /** Drops inserts added but not run (after a failed commit). */
  void clearInserts() throws SQLException {
    if (insert != null) {
      insert.clearBatch();
    }
  }

  /** Records the highest sequence number handed out, so it is never handed out again. */
  void setLastSeq(long lastSeq) throws SQLException {
    if (setLastSeq == null) {
      setLastSeq = connection.prepareStatement("UPDATE meta SET value = ? WHERE key = 'last_seq'");
    }
    setLastSeq.setString(1, Long.toString(lastSeq));
    setLastSeq.executeUpdate();
  }

  /**
   * Entries for the peer in {@code (after, upTo]}, oldest first, at most {@code maxEntries} and
   * {@code maxBytes} of payload (but at least one when any is there). Reads no more rows than it
   * returns, so a huge backlog is never loaded whole.
   */
  List<JournalEntry> read(String peer, long after, long upTo, int maxEntries, long maxBytes)
      throws SQLException {
    if (read == null) {
      read = connection.prepareStatement(
          "SELECT seq, target, appended_at, payload FROM entries"
              + " WHERE seq > ? AND seq <= ? AND " + FOR_PEER + " ORDER BY seq LIMIT ?");
    }
    read.setLong(1, after);
    read.setLong(2, upTo);
    read.setString(3, peer);
    read.setInt(4, maxEntries);
    List<JournalEntry> entries = new ArrayList<>(Math.min(maxEntries, 256));
    long bytes = 0;
    try (ResultSet rs = read.executeQuery()) {
      while (rs.next()) {
        byte[] payload = rs.getBytes(4);
        payload = payload == null ? new byte[0] : payload;
        if (!entries.isEmpty() && bytes + payload.length > maxBytes) {
          break;
        }
        bytes += payload.length;
        entries.add(new JournalEntry(rs.getLong(1), rs.getString(2), rs.getLong(3), payload));
      }
    }
    return entries;
  }

  /** How many entries, and how many payload bytes, are for the peer in {@code (after, upTo]}. */
  long[] countFor(String peer, long after, long upTo) throws SQLException {
    if (count == null) {
      count = connection.prepareStatement(
          "SELECT count(*), coalesce(sum(length(payload)), 0) FROM entries"
              + " WHERE seq > ? AND seq <= ? AND " + FOR_PEER);
    }
    count.setLong(1, after);
    count.setLong(2, upTo);
    count.setString(3, peer);
    try (ResultSet rs = count.executeQuery()) {
      rs.next();
      return new long[] {rs.getLong(1), rs.getLong(2)};
    }
  }

  /** Append time of the first entry for the peer in {@code (after, upTo]}, 0 when none. */
  long oldestFor(String peer, long after, long upTo) throws SQLException {
    if (oldest == null) {
      oldest = connection.prepareStatement(
          "SELECT appended_at FROM entries WHERE seq > ? AND seq <= ? AND " + FOR_PEER
              + " ORDER BY seq LIMIT 1");
    }
    oldest.setLong(1, after);
    oldest.setLong(2, upTo);
    oldest.setString(3, peer);
    try (ResultSet rs = oldest.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  /** Entries held and their payload bytes. */
  long[] totals() throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(
            "SELECT count(*), coalesce(sum(length(payload)), 0) FROM entries");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return new long[] {rs.getLong(1), rs.getLong(2)};
    }
  }

  /**
   * Deletes up to {@code limit} entries that every attached peer they are for has acknowledged,
   * judged by the cursors <em>as persisted</em>: after a crash a peer resumes from its persisted
   * cursor, so nothing after it may be gone. Entries for no attached peer are deleted too.
   *
   * @return entries deleted, their payload bytes, and 1 when a limit was reached (more may be
   *     waiting) else 0
   */
  long[] prune(long lastSeq, int limit) throws SQLException {
    long[] forAll = pruneForAll(lastSeq, limit);
    long[] forOne = pruneForOne(lastSeq, limit);
    if (forAll[0] + forOne[0] > 0) {
      // Appends do not write last_seq (one page less per commit): the highest entry tells it on
      // open. Only a delete can take that entry away, so each delete records it first, in the
      // same transaction, and sequence numbers are never handed out twice.
      setLastSeq(lastSeq);
    }
    long more = forAll[0] >= limit || forOne[0] >= limit ? 1 : 0;
    return new long[] {forAll[0] + forOne[0], forAll[1] + forOne[1], more};
  }

  private long[] pruneForAll(long lastSeq, int limit) throws SQLException {
    long upTo;
    try (PreparedStatement ps = connection.prepareStatement(
            "SELECT coalesce(min(seq), ?) FROM cursors")) {
      ps.setLong(1, lastSeq);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        upTo = rs.getLong(1);
      }
    }
    long n = 0;
    long bytes = 0;
    long last = 0;
    try (PreparedStatement ps = connection.prepareStatement(
        "SELECT seq, length(payload) FROM entries WHERE target IS NULL AND seq <= ?"
            + " ORDER BY seq LIMIT ?")) {
      ps.setLong(1, upTo);
      ps.setInt(2, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          last = rs.getLong(1);
          bytes += rs.getLong(2);
          n++;
        }
      }
    }
    if (n > 0) {
      try (PreparedStatement ps = connection.prepareStatement(
          "DELETE FROM entries WHERE target IS NULL AND seq <= ?")) {
        ps.setLong(1, last);
        ps.executeUpdate();
      }
    }
    return new long[] {n, bytes};
  }

  private long[] pruneForOne(long lastSeq, int limit) throws SQLException {
    List<Long> seqs = new ArrayList<>();
    long bytes = 0;
    try (PreparedStatement ps = connection.prepareStatement(
        "SELECT e.seq, length(e.payload) FROM entries e WHERE e.target IS NOT NULL AND e.seq <="
            + " coalesce((SELECT c.seq FROM cursors c WHERE c.peer = e.target), ?) LIMIT ?")) {
      ps.setLong(1, lastSeq);
      ps.setInt(2, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          seqs.add(rs.getLong(1));
          bytes += rs.getLong(2);
        }
      }
    }
    if (!seqs.isEmpty()) {
      try (PreparedStatement ps = connection.prepareStatement("DELETE FROM entries WHERE seq = ?")) {
        for (long seq : seqs) {
          ps.setLong(1, seq);
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
    return new long[] {seqs.size(), bytes};
  }

  @Override
  public void close() throws SQLException {
    for (PreparedStatement ps : new PreparedStatement[] {insert, setLastSeq, read, count, oldest}) {
      if (ps != null) {
        ps.close();
      }
    }
  }
}
