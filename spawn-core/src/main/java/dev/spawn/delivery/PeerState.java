package dev.spawn.delivery;

/** What the delivery link to one peer is doing. */
public enum PeerState {
  /** Updates are sent as they come, in order; the queue drains. */
  DELIVERING,
  /** The peer is in maintenance or failing its health check: updates wait on disk. */
  HELD,
  /** One update has been retried for longer than {@code stuck-after}; delivery keeps trying. */
  STUCK,
  /**
   * The peer missed updates (a gap, or it fell beyond its lag limit): nothing is sent until an
   * operator brings its data over and resets it.
   */
  NEEDS_RESYNC,
  /** The peer is inactive: no queue, nothing is sent. */
  STOPPED
}
