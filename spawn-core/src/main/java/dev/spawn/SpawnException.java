package dev.spawn;

/**
 * The root of the runtime failures Spawn reports (a full journal, an invalid signature, a journal
 * file held by another process). Subclasses carry the facts of what went wrong.
 */
public class SpawnException extends RuntimeException {

  /** With a message that says what was wrong and what to do. */
  public SpawnException(String message) {
    super(message);
  }

  /** With a message and the failure that caused it. */
  public SpawnException(String message, Throwable cause) {
    super(message, cause);
  }
}
