package dev.spawn.health;

/** The health of one node as the {@link HealthChecker} sees it. Immutable and thread-safe. */
public enum HealthState {
  /** Answering its checks: reads may go to it and updates are delivered now. */
  HEALTHY,
  /** Failing its checks, or a delivery to it could not connect: no reads, updates are held. */
  UNHEALTHY,
  /** Not checked: the node is not registered, is inactive, or the checker is closed. */
  UNKNOWN
}
