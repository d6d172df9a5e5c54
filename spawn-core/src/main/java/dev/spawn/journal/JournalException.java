package dev.spawn.journal;

import dev.spawn.SpawnException;

/** The journal could not be read or written (disk full, file held by another process, closed). */
public class JournalException extends SpawnException {

  public JournalException(String message) {
    super(message);
  }

  public JournalException(String message, Throwable cause) {
    super(message, cause);
  }
}
