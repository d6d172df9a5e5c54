package dev.spawn.delivery;

/**
 * A snapshot of one peer's delivery: its state, what waits for it, and the update it is stuck on,
 * if any. Immutable.
 *
 * @param nodeId the peer's id ({@code host:port})
 * @param state what the link is doing
 * @param reason why it is held, stuck or needs a resync ({@code null} when delivering)
 * @param depth updates waiting for it
 * @param bytes their payload bytes
 * @param oldestAgeMillis age of the oldest waiting update, 0 when none
 * @param cursor the highest sequence number it acknowledged (or where its cursor was placed)
 * @param dropped updates dropped when it was last made inactive or detached
 * @param stuckSeq the update being retried when stuck, 0 otherwise
 * @param attempts attempts made on the current update
 * @param lastError the last delivery error, {@code null} when none
 */
public record PeerStatus(
    String nodeId,
    PeerState state,
    String reason,
    long depth,
    long bytes,
    long oldestAgeMillis,
    long cursor,
    long dropped,
    long stuckSeq,
    int attempts,
    String lastError) {}
