package dev.spawn.journal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The two SQLite connections of a journal file: one for the writer thread (autocommit off, every
 * write inside a transaction it commits) and one for readers. WAL mode lets readers run while the
 * writer commits. Not thread-safe by itself: the writer connection belongs to the writer thread and
 * the reader connection is used under its own lock.
 */
final class SqliteDb implements AutoCloseable {

  static final String SCHEMA_VERSION = "1";

  final Path file;
  final Connection writer;
  final Connection reader;

  private SqliteDb(Path file, Connection writer, Connection reader) {
    this.file = file;
    this.writer = writer;
    this.reader = reader;
  }

  /** Opens both connections and creates the schema when the file is new. */
  static SqliteDb open(Path file, SyncMode sync) {
    Connection writer = null;
    try {
      writer = connect(file, sync, false);
      createSchema(writer);
      Connection reader = connect(file, sync, true);
      return new SqliteDb(file, writer, reader);
    } catch (SQLException e) {
      closeQuietly(writer);
      throw failure(file, "opening it", e);
    }
  }

  /** The id and last sequence number kept in meta; made (and committed) for a new file. */
  Meta loadOrCreateMeta() throws SQLException {
    Map<String, String> meta = new HashMap<>();
    try (Statement st = writer.createStatement();
        ResultSet rs = st.executeQuery("SELECT key, value FROM meta")) {
      while (rs.next()) {
        meta.put(rs.getString(1), rs.getString(2));
      }
    }
    if (meta.isEmpty()) {
      String id = UUID.randomUUID().toString();
      try (PreparedStatement ps = writer.prepareStatement(
          "INSERT INTO meta (key, value) VALUES ('journal_id', ?), ('schema_version', ?),"
              + " ('last_seq', '0')")) {
        ps.setString(1, id);
        ps.setString(2, SCHEMA_VERSION);
        ps.executeUpdate();
      }
      writer.commit();
      return new Meta(id, 0);
    }
    String version = meta.get("schema_version");
    if (!SCHEMA_VERSION.equals(version) || meta.get("journal_id") == null) {
      throw new JournalException(
          "journal file " + file + " has schema version " + version + "; this Spawn reads version "
              + SCHEMA_VERSION + ". Open it with the Spawn version that wrote it, or move it away"
              + " to start a new journal");
    }
    long lastSeq = Long.parseLong(meta.getOrDefault("last_seq", "0"));
    // last_seq is written when entries are deleted, not by appends: the highest entry left, if
    // higher, is the last sequence number handed out.
    try (Statement st = writer.createStatement();
        ResultSet rs = st.executeQuery("SELECT coalesce(max(seq), 0) FROM entries")) {
      lastSeq = Math.max(lastSeq, rs.next() ? rs.getLong(1) : 0);
    }
    writer.commit();
    return new Meta(meta.get("journal_id"), lastSeq);
  }

  record Meta(String id, long lastSeq) {}

  /**
   * Rolls the writer's transaction back and starts the next one. SQLite rolls a transaction back
   * by itself on some errors (a full disk among them); the driver's rollback then fails before it
   * begins the next transaction, and every later statement would commit on its own. So when the
   * rollback fails, the next transaction is begun here.
   */
  void rollback(Exception cause) {
    try {
      writer.rollback();
      return;
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
    try (Statement st = writer.createStatement()) {
      st.execute("BEGIN");
    } catch (SQLException e) {
      // Already inside a transaction: the state the driver expects.
      cause.addSuppressed(e);
    }
  }

  @Override
  public void close() {
    closeQuietly(reader);
    closeQuietly(writer);
  }

  /** A JournalException whose message says what happened to the file and what to do. */
  static JournalException failure(Path file, String doing, SQLException e) {
    SQLiteErrorCode code = e instanceof SQLiteException ? ((SQLiteException) e).getResultCode()
        : SQLiteErrorCode.UNKNOWN_ERROR;
    String name = code.name();
    String prefix = "journal file " + file;
    String what;
    if (code == SQLiteErrorCode.SQLITE_FULL) {
      what = ": the disk is full (SQLITE_FULL) while " + doing + "; it was not journaled. Free"
          + " disk space: every update acknowledged before is kept";
    } else if (name.startsWith("SQLITE_IOERR")) {
      what = ": an I/O error (" + name + ") happened while " + doing + "; it was not journaled."
          + " Check the disk";
    } else if (name.startsWith("SQLITE_CORRUPT") || code == SQLiteErrorCode.SQLITE_NOTADB) {
      what = " is damaged or not a journal (" + name + ", found while " + doing + "); move it"
          + " away (peers will then need a resync) or restore it from a backup";
    } else if (name.startsWith("SQLITE_BUSY") || name.startsWith("SQLITE_LOCKED")) {
      what = " is locked by another program (" + name + ", while " + doing + "); only this"
          + " journal may open it";
    } else if (name.startsWith("SQLITE_CANTOPEN") || name.startsWith("SQLITE_READONLY")
        || name.startsWith("SQLITE_PERM")) {
      what = " cannot be opened for writing (" + name + ", while " + doing + "); check its"
          + " permissions and those of its directory";
    } else {
      what = ": " + doing + " failed: " + e.getMessage();
    }
    return new JournalException(prefix + what, e);
  }

  private static Connection connect(Path file, SyncMode sync, boolean forReading)
      throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(sync == SyncMode.FULL
        ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
    config.setBusyTimeout(10_000);
    // A WAL that grew while a long read held old frames shrinks back at the next checkpoint.
    config.setJournalSizeLimit(64 << 20);
    Connection connection = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
    try {
      connection.setAutoCommit(forReading);
      if (forReading) {
        try (Statement st = connection.createStatement()) {
          st.execute("PRAGMA query_only = true");
        }
      }
      return connection;
    } catch (SQLException e) {
      closeQuietly(connection);
      throw e;
    }
  }

  private static void createSchema(Connection writer) throws SQLException {
    String script;
    try (InputStream in = SqliteDb.class.getResourceAsStream("schema.sql")) {
      if (in == null) {
        throw new IllegalStateException("schema.sql is missing from the classpath");
      }
      script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("schema.sql could not be read", e);
    }
    try (Statement st = writer.createStatement()) {
      for (String sql : script.replaceAll("(?m)^--.*$", "").split(";\\s*\n")) {
        if (!sql.isBlank()) {
          st.execute(sql);
        }
      }
    }
    writer.commit();
  }

  private static void closeQuietly(Connection connection) {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        // Closing is best effort; the lock file, not SQLite, guards the journal.
      }
    }
  }
}
