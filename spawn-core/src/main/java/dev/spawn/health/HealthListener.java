package dev.spawn.health;

/**
 * Told when the health of a node changes. Implementations must be thread-safe, quick, and must not
 * wait for other threads: they run on the thread that caused the change (a check, a reported
 * failure or a registry change).
 */
@FunctionalInterface
public interface HealthListener {

  /**
   * A node went from one state to another. Changes of one node arrive in the order they happened.
   * Following a node starts with {@code UNKNOWN -> HEALTHY}; removing it, or making it inactive,
   * ends with {@code ... -> UNKNOWN}.
   */
  void stateChanged(String nodeId, HealthState from, HealthState to);
}
