package dev.spawn.journal;

/**
 * An update a peer rejected (a 4xx, or a redirect it would not follow), kept for an operator to
 * retry or purge. Immutable.
 *
 * @param id the dead letter's own id
 * @param peer the peer that rejected it
 * @param seq the entry's sequence number
 * @param status the HTTP status the peer answered, or 0 when attempts ran out without one
 * @param reason a short human-readable reason
 * @param createdAtMillis when it was recorded, epoch milliseconds
 * @param payload the encoded update
 */
public record DeadLetter(
    long id, String peer, long seq, int status, String reason, long createdAtMillis,
    byte[] payload) {}
