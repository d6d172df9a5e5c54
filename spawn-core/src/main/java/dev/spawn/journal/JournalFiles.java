package dev.spawn.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The files of a journal on disk: the database, SQLite's {@code -wal} and {@code -shm} files,
 * and a {@code .lock} file whose exclusive lock says which process owns the journal. Owner-only
 * permissions (0600) because the journal holds request bodies, which may carry credentials.
 * Not thread-safe; owned by one {@link SqliteJournal}.
 */
final class JournalFiles implements AutoCloseable {

  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private final Path database;
  private final FileChannel lockChannel;
  private final FileLock lock;

  private JournalFiles(Path database, FileChannel lockChannel, FileLock lock) {
    this.database = database;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /**
   * Takes the journal's lock and makes sure the database file exists with owner-only permissions.
   *
   * @throws JournalException when another process (or another journal in this JVM) holds it
   */
  static JournalFiles lock(Path database) {
    Path lockFile = sibling(database, ".lock");
    FileChannel channel = null;
    try {
      Path parent = database.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      createOwnerOnly(lockFile);
      channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
      FileLock lock = tryLock(channel);
      if (lock == null) {
        throw inUse(database, null);
      }
      createOwnerOnly(database);
      return new JournalFiles(database, channel, lock);
    } catch (OverlappingFileLockException e) {
      closeQuietly(channel);
      throw inUse(database, e);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new JournalException(
          "journal file " + database + " could not be created or locked (" + e + "); check that"
              + " its directory exists and is writable by this process", e);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  /** Sets owner-only permissions on the database and the files SQLite made beside it. */
  void restrictPermissions() {
    for (String suffix : new String[] {"", "-wal", "-shm", ".lock"}) {
      Path file = sibling(database, suffix);
      try {
        if (Files.exists(file)) {
          Files.setPosixFilePermissions(file, OWNER_ONLY);
        }
      } catch (UnsupportedOperationException | IOException e) {
        // Not a POSIX file system (or the file just went away at a checkpoint): nothing to set.
      }
    }
  }

  /** Releases the lock so that another process may open the journal. */
  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException e) {
      // The channel is closed below, which releases the lock anyway.
    }
    closeQuietly(lockChannel);
  }

  static Path sibling(Path database, String suffix) {
    return database.resolveSibling(database.getFileName() + suffix);
  }

  private static FileLock tryLock(FileChannel channel) throws IOException {
    return channel.tryLock();
  }

  private static void createOwnerOnly(Path file) throws IOException {
    try {
      Files.createFile(file, ownerOnlyAttribute());
    } catch (FileAlreadyExistsException e) {
      return;
    } catch (UnsupportedOperationException e) {
      Files.createFile(file);
    }
  }

  private static FileAttribute<Set<PosixFilePermission>> ownerOnlyAttribute() {
    return PosixFilePermissions.asFileAttribute(OWNER_ONLY);
  }

  private static JournalException inUse(Path database, Throwable cause) {
    return new JournalException(
        "journal file " + database + " is in use by another process (or another journal in this"
            + " JVM); stop it first, or give this node its own journal.path", cause);
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // Nothing more to release.
      }
    }
  }
}
