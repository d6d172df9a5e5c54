package dev.spawn.journal;

/**
 * Totals of a journal. Immutable snapshot.
 *
 * @param entries entries held (not yet acknowledged by every peer they are for)
 * @param bytes their payload bytes
 * @param lastSeq the highest sequence number ever appended, 0 when none
 * @param maxEntries the cap on entries
 * @param maxBytes the cap on payload bytes
 */
public record JournalStats(long entries, long bytes, long lastSeq, long maxEntries, long maxBytes) {}
