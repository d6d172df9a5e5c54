package dev.spawn.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The SQL of the {@code cursors} table. Stateless; callers own the connection and transaction. */
final class CursorTable {

  private CursorTable() {}

  static Map<String, PeerCursor> load(Connection connection) throws SQLException {
    Map<String, PeerCursor> cursors = new LinkedHashMap<>();
    try (PreparedStatement ps = connection.prepareStatement(
            "SELECT peer, seq, mode FROM cursors ORDER BY peer");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String peer = rs.getString(1);
        cursors.put(peer, new PeerCursor(peer, rs.getLong(2), mode(rs.getString(3))));
      }
    }
    return cursors;
  }

  static void insert(Connection connection, PeerCursor cursor) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(
        "INSERT INTO cursors (peer, seq, mode) VALUES (?, ?, ?)")) {
      ps.setString(1, cursor.peer());
      ps.setLong(2, cursor.seq());
      ps.setString(3, cursor.mode().name());
      ps.executeUpdate();
    }
  }

  /** Updates an existing cursor only, so that a late flush never brings a detached peer back. */
  static void update(Connection connection, PeerCursor cursor) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(
        "UPDATE cursors SET seq = ?, mode = ? WHERE peer = ?")) {
      ps.setLong(1, cursor.seq());
      ps.setString(2, cursor.mode().name());
      ps.setString(3, cursor.peer());
      ps.executeUpdate();
    }
  }

  static void delete(Connection connection, String peer) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(
        "DELETE FROM cursors WHERE peer = ?")) {
      ps.setString(1, peer);
      ps.executeUpdate();
    }
  }

  private static PeerCursor.Mode mode(String name) {
    try {
      return PeerCursor.Mode.valueOf(name);
    } catch (IllegalArgumentException e) {
      // An unknown mode can only come from a newer writer; resending from the cursor is safe.
      return PeerCursor.Mode.ACKED;
    }
  }
}
