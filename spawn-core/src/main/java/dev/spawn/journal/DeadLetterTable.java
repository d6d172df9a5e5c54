package dev.spawn.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of the {@code dead_letters} table. Stateless; callers own the connection and the
 * transaction.
 */
final class DeadLetterTable {

  private static final String COLUMNS = "id, peer, seq, status, reason, created_at, payload";

  private DeadLetterTable() {}

  static DeadLetter insert(
      Connection connection, String peer, JournalEntry entry, int status, String reason,
      long createdAt) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(
        "INSERT INTO dead_letters (peer, seq, status, reason, created_at, payload)"
            + " VALUES (?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, peer);
      ps.setLong(2, entry.seq());
      ps.setInt(3, status);
      ps.setString(4, reason);
      ps.setLong(5, createdAt);
      ps.setBytes(6, entry.payload());
      ps.executeUpdate();
    }
    long id;
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("SELECT last_insert_rowid()")) {
      rs.next();
      id = rs.getLong(1);
    }
    return new DeadLetter(id, peer, entry.seq(), status, reason, createdAt, entry.payload());
  }

  static List<DeadLetter> list(Connection connection, int limit) throws SQLException {
    List<DeadLetter> letters = new ArrayList<>();
    try (PreparedStatement ps = connection.prepareStatement(
        "SELECT " + COLUMNS + " FROM dead_letters ORDER BY id LIMIT ?")) {
      ps.setInt(1, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          letters.add(read(rs));
        }
      }
    }
    return letters;
  }

  static Optional<DeadLetter> get(Connection connection, long id) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(
        "SELECT " + COLUMNS + " FROM dead_letters WHERE id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    }
  }

  static boolean delete(Connection connection, long id) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(
        "DELETE FROM dead_letters WHERE id = ?")) {
      ps.setLong(1, id);
      return ps.executeUpdate() > 0;
    }
  }

  static int deleteAll(Connection connection) throws SQLException {
    try (Statement st = connection.createStatement()) {
      return st.executeUpdate("DELETE FROM dead_letters");
    }
  }

  private static DeadLetter read(ResultSet rs) throws SQLException {
    byte[] payload = rs.getBytes(7);
    return new DeadLetter(
        rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getInt(4), rs.getString(5),
        rs.getLong(6), payload == null ? new byte[0] : payload);
  }
}
