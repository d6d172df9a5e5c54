package dev.spawn.journal;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A durable, ordered log of updates with one cursor per peer.
 *
 * <p>Every entry has a contiguous sequence number and is either for all peers or, for a retried
 * dead letter, for one peer. Each attached peer has a cursor: the highest sequence number it
 * acknowledged. An entry is deleted once every peer it is for has acknowledged it. Payloads are
 * opaque bytes; what they mean is the mirror protocol's business, so an implementation on an
 * external engine (a topic with one consumer offset per peer) fits the same contract.
 *
 * <p>{@link #append} returns only once the entry is durable (per the implementation's sync mode);
 * implementations group-commit concurrent appends. Cursors may be persisted lazily: after a crash a
 * peer can be handed a few entries again, which receivers drop as duplicates. Implementations are
 * thread-safe.
 */
public interface Journal extends AutoCloseable {

  /**
   * A random id made when the journal was created, so a wiped or replaced journal never reuses
   * sequence numbers that peers have seen.
   */
  String id();

  /**
   * Appends an update for every attached peer and returns its sequence number once it is durable.
   *
   * @throws JournalFullException when the journal is at its cap
   * @throws JournalException when it cannot be written (disk full, closed)
   */
  long append(byte[] payload);

  /** Appends an update for one peer only (a retried dead letter); durable on return. */
  long appendFor(String peer, byte[] payload);

  /**
   * Checks, without appending, that an append would be accepted now; called before the
   * application runs a request so that a full journal refuses it before it has any effect.
   *
   * @throws JournalFullException when the journal is at its cap
   */
  void ensureCapacity();

  /**
   * Starts a cursor for a peer at the current end of the journal, so it receives what is appended
   * from now on. A peer that already has a cursor keeps it. Its position is then {@link
   * PeerCursor.Mode#START} until it acknowledges something.
   */
  void attach(String peer);

  /**
   * Removes a peer's cursor and releases its backlog.
   *
   * @return how many entries were waiting for it and were dropped
   */
  long detach(String peer);

  /**
   * Moves a peer's cursor to the current end after an operator brought its data over; its
   * position is then {@link PeerCursor.Mode#RESYNC} until it acknowledges something.
   *
   * @throws IllegalArgumentException when the peer has no cursor
   */
  void reset(String peer);

  /** The peers that have a cursor. */
  Set<String> peers();

  /** The peer's cursor, empty when it has none. */
  Optional<PeerCursor> cursor(String peer);

  /**
   * Up to {@code maxEntries} entries after the peer's cursor that are for it, in order, their
   * payloads adding up to at most {@code maxBytes} (at least one entry is returned when any is
   * waiting, however large).
   */
  List<JournalEntry> read(String peer, int maxEntries, long maxBytes);

  /**
   * Records that the peer has handled every entry up to and including {@code seq}. Cursors only
   * move forward; an older sequence number is ignored.
   */
  void acknowledge(String peer, long seq);

  /** What waits for one peer, empty when it has no cursor. */
  Optional<Backlog> backlog(String peer);

  /**
   * How many entries wait for one peer (0 when it has no cursor), without the oldest entry's
   * age: implementations answer it from memory, so it suits per-request callers such as read
   * routing, where {@link #backlog} may have to query storage.
   */
  default long depth(String peer) {
    return backlog(peer).map(Backlog::depth).orElse(0L);
  }

  /** Totals for the whole journal. */
  JournalStats stats();

  /** Records an update a peer rejected, keeping its payload for an operator. */
  DeadLetter addDeadLetter(String peer, JournalEntry entry, int status, String reason);

  /** Dead letters, oldest first, at most {@code limit}. */
  List<DeadLetter> deadLetters(int limit);

  /** One dead letter by id. */
  Optional<DeadLetter> deadLetter(long id);

  /**
   * Appends a dead letter again as a new entry for its peer and removes it.
   *
   * @return the new entry's sequence number, empty when there was no such dead letter
   */
  Optional<Long> retryDeadLetter(long id);

  /** Removes one dead letter; false when there was none. */
  boolean removeDeadLetter(long id);

  /** Removes every dead letter and returns how many there were. */
  int purgeDeadLetters();

  /** Flushes lazily kept state (cursors) and releases the journal. Idempotent. */
  @Override
  void close();
}
