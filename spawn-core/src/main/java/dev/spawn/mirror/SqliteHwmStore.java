package dev.spawn.mirror;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link HwmStore} in a small SQLite file: one row per journal id, WAL mode, {@code
 * synchronous=NORMAL}: a committed mark survives a crash of the process; a power loss may lose the
 * last few, and the next update then finds its {@code Spawn-Prev} above the mark and is answered
 * with a gap, so the loss is reported, never skipped silently.
 *
 * <p>The file is held exclusively while open ({@code locking_mode=EXCLUSIVE}): a second process,
 * or a second store in this JVM, gets a {@link HwmStoreException} saying so instead of sharing
 * it. Thread-safe: calls are serialized on one connection.
 */
public final class SqliteHwmStore implements HwmStore {

  private static final Logger log = LoggerFactory.getLogger(SqliteHwmStore.class);
  private static final int SCHEMA_VERSION = 1;
  private static final int SQLITE_BUSY = 5;
  private static final int SQLITE_LOCKED = 6;
  private static final int SQLITE_NOTADB = 26;

  private final Path file;
  private final Connection connection; // guarded by this
  private final PreparedStatement select;
  private final PreparedStatement upsert;
  private boolean closed; // guarded by this

  private SqliteHwmStore(Path file, Connection connection) throws SQLException {
    this.file = file;
    this.connection = connection;
    this.select = connection.prepareStatement("SELECT seq FROM hwm WHERE journal_id = ?");
    this.upsert =
        connection.prepareStatement(
            "INSERT INTO hwm (journal_id, seq) VALUES (?, ?) ON CONFLICT (journal_id)"
                + " DO UPDATE SET seq = excluded.seq WHERE excluded.seq > hwm.seq");
  }

  /**
   * Opens (or creates) the store at {@code file}, creating missing parent directories.
   *
   * @throws HwmStoreException when the file is held by another process, is not a store of this
   *     kind, or cannot be created
   */
  public static SqliteHwmStore open(Path file) {
    Objects.requireNonNull(file, "file");
    Path absolute = file.toAbsolutePath();
    Connection c = null;
    try {
      if (absolute.getParent() != null) {
        Files.createDirectories(absolute.getParent());
      }
      c = DriverManager.getConnection("jdbc:sqlite:" + absolute);
      try (Statement s = c.createStatement()) {
        // exclusive first, so WAL keeps its index in this process and the lock is never shared
        s.execute("PRAGMA locking_mode = EXCLUSIVE");
        s.execute("PRAGMA busy_timeout = 0");
        try (ResultSet rs = s.executeQuery("PRAGMA journal_mode = WAL")) {
          String mode = rs.next() ? rs.getString(1) : "?";
          if (!"wal".equalsIgnoreCase(mode)) {
            throw new HwmStoreException(
                "receiver HWM store " + absolute + " could not switch to WAL (journal_mode is "
                    + mode + "); is it on a file system without locking support?");
          }
        }
        s.execute("PRAGMA synchronous = NORMAL");
        c.setAutoCommit(false);
        int version;
        try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
          version = rs.next() ? rs.getInt(1) : 0;
        }
        if (version > SCHEMA_VERSION) {
          throw new HwmStoreException(
              "receiver HWM store " + absolute + " has schema version " + version + "; this"
                  + " build knows " + SCHEMA_VERSION + " (was it written by a newer Spawn?)");
        }
        s.execute(
            "CREATE TABLE IF NOT EXISTS hwm (journal_id TEXT PRIMARY KEY,"
                + " seq INTEGER NOT NULL) WITHOUT ROWID");
        s.execute("PRAGMA user_version = " + SCHEMA_VERSION);
        c.commit();
        c.setAutoCommit(true);
      }
      SqliteHwmStore store = new SqliteHwmStore(absolute, c);
      log.debug("opened receiver HWM store {}", absolute);
      return store;
    } catch (SQLException e) {
      closeQuietly(c);
      throw translate(absolute, "open", e);
    } catch (IOException e) {
      closeQuietly(c);
      throw new HwmStoreException(
          "cannot create the directory of receiver HWM store " + absolute + ": " + e, e);
    } catch (RuntimeException e) {
      closeQuietly(c);
      throw e;
    }
  }

  /** The store's file. */
  public Path file() {
    return file;
  }

  @Override
  public synchronized OptionalLong load(String journalId) {
    MirrorFields.checkJournalId(journalId);
    ensureOpen();
    try {
      select.setString(1, journalId);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
      }
    } catch (SQLException e) {
      throw translate(file, "read", e);
    }
  }

  @Override
  public synchronized void advance(String journalId, long seq) {
    MirrorFields.checkJournalId(journalId);
    MirrorFields.checkSeq(seq);
    ensureOpen();
    try {
      upsert.setString(1, journalId);
      upsert.setLong(2, seq);
      upsert.executeUpdate(); // auto-commit: durable (per synchronous=NORMAL) on return
    } catch (SQLException e) {
      throw translate(file, "write", e);
    }
  }

  @Override
  public synchronized Map<String, Long> all() {
    ensureOpen();
    Map<String, Long> out = new HashMap<>();
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT journal_id, seq FROM hwm")) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getLong(2));
      }
    } catch (SQLException e) {
      throw translate(file, "read", e);
    }
    return Map.copyOf(out);
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      closeQuietly(connection);
      log.debug("closed receiver HWM store {}", file);
    }
  }

  @Override
  public String toString() {
    return "SqliteHwmStore[" + file + "]";
  }

  private void ensureOpen() {
    if (closed) {
      throw new HwmStoreException("receiver HWM store " + file + " is closed");
    }
  }

  private static HwmStoreException translate(Path file, String action, SQLException e) {
    int code = e.getErrorCode();
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED) {
      return new HwmStoreException(
          "receiver HWM store " + file + " is held by another process (or another store in"
              + " this JVM); stop the other node using it, or give this node its own file", e);
    }
    if (code == SQLITE_NOTADB) {
      return new HwmStoreException(
          "receiver HWM store " + file + " is not a SQLite database; point the setting at a"
              + " new file or at this node's own store", e);
    }
    return new HwmStoreException(
        "cannot " + action + " receiver HWM store " + file + ": " + e.getMessage()
            + " (is the disk full or the file read-only?)", e);
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        log.warn("closing receiver HWM store connection failed", e);
      }
    }
  }
}
