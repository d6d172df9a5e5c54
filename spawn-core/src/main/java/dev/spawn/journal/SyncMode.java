package dev.spawn.journal;

/**
 * How hard a {@link SqliteJournal} pushes each commit to the disk before {@link Journal#append}
 * returns. Immutable.
 */
public enum SyncMode {
  /** Synced to the device on every commit: a committed update survives power loss. The default. */
  FULL,
  /**
   * Synced at checkpoints only: a committed update survives a crash of the process, but the last
   * commits may be lost when the machine loses power or the OS crashes. Faster.
   */
  NORMAL
}
