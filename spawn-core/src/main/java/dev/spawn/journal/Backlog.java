package dev.spawn.journal;

/**
 * What waits in the journal for one peer. Immutable snapshot.
 *
 * @param peer the peer's id
 * @param depth entries waiting
 * @param bytes their payload bytes
 * @param oldestAppendedAtMillis append time of the oldest waiting entry, 0 when none waits
 */
public record Backlog(String peer, long depth, long bytes, long oldestAppendedAtMillis) {

  /** Age of the oldest waiting entry at {@code nowMillis}, 0 when none waits. */
  public long oldestAgeMillis(long nowMillis) {
    return depth == 0 ? 0 : Math.max(0, nowMillis - oldestAppendedAtMillis);
  }
}
