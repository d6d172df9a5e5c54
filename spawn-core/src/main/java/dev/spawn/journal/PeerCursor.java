package dev.spawn.journal;

/**
 * Where a peer stands in the journal. Immutable.
 *
 * @param peer the peer's id ({@code host:port})
 * @param seq the highest sequence number handled (or the journal's end when attached or reset)
 * @param mode whether anything was acknowledged since the cursor was placed
 */
public record PeerCursor(String peer, long seq, Mode mode) {

  /** How the next update's {@code Spawn-Prev} is written. */
  public enum Mode {
    /** Attached, nothing acknowledged yet: {@code Spawn-Prev: start}. */
    START,
    /** Reset after a resync, nothing acknowledged yet: {@code Spawn-Prev: resync}. */
    RESYNC,
    /** Acknowledged {@code seq}: {@code Spawn-Prev: <seq>}. */
    ACKED
  }
}
