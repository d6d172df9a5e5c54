package dev.spawn.journal;

import java.util.Objects;

/**
 * One update in the journal. Immutable (the payload array is not copied: do not change it).
 *
 * @param seq sequence number, contiguous per journal
 * @param target the one peer this entry is for, or {@code null} when it is for all peers
 * @param appendedAtMillis wall-clock time of the append, epoch milliseconds
 * @param payload the encoded update
 */
public record JournalEntry(long seq, String target, long appendedAtMillis, byte[] payload) {

  public JournalEntry {
    if (seq < 1) {
      throw new IllegalArgumentException("seq was " + seq + "; expected >= 1");
    }
    Objects.requireNonNull(payload, "payload");
  }

  /** Whether this entry is for the given peer. */
  public boolean isFor(String peer) {
    return target == null || target.equals(peer);
  }
}
