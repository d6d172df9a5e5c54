package dev.spawn.mirror;

import java.util.Map;
import java.util.OptionalLong;

/**
 * Where a receiver keeps its high-water marks: the highest seq applied per sending journal id.
 *
 * <p>{@link #advance} is durable when it returns, so a restarted receiver still knows what it
 * applied. A store that lost its data (a new empty file) is not an error here: the ledger then
 * answers the next update with a gap, which is how a wiped receiver is noticed. Implementations
 * are thread-safe.
 */
public interface HwmStore extends AutoCloseable {

  /** The high-water mark of a journal id, empty when nothing from it was applied. */
  OptionalLong load(String journalId);

  /**
   * Raises the high-water mark of a journal id to {@code seq}; a lower or equal seq leaves it as it
   * is. Durable on return.
   *
   * @throws HwmStoreException when it cannot be written
   */
  void advance(String journalId, long seq);

  /** Every journal id with its high-water mark. */
  Map<String, Long> all();

  /** Releases the store. Idempotent. */
  @Override
  void close();
}
