package dev.spawn.delivery;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongUnaryOperator;

/**
 * Exponential back-off with full jitter: the n-th retry waits a random time between zero and
 * {@code min(max, min * 2^(n-1))}, and never less than what the peer asked for in {@code
 * Retry-After} (capped at {@code max}). Immutable and thread-safe.
 */
final class Backoff {

  private final long minNanos;
  private final long maxNanos;
  private final LongUnaryOperator random;

  /**
   * @param random given a bound (exclusive, at least 1), returns a uniform value in {@code [0,
   *     bound)}
   */
  Backoff(Duration min, Duration max, LongUnaryOperator random) {
    this.minNanos = min.toNanos();
    this.maxNanos = max.toNanos();
    if (minNanos <= 0 || maxNanos < minNanos) {
      throw new IllegalArgumentException(
          "back-off must satisfy 0 < min <= max; was min=" + min + ", max=" + max);
    }
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * How long to wait before attempt {@code attempt + 1}.
   *
   * @param attempt attempts made so far, at least 1
   * @param retryAfterNanos what the peer asked for, or 0
   */
  long delayNanos(int attempt, long retryAfterNanos) {
    int shift = Math.min(Math.max(attempt - 1, 0), 40);
    long ceiling = minNanos << shift;
    if (ceiling <= 0 || ceiling > maxNanos) {
      ceiling = maxNanos;
    }
    long jittered = random.applyAsLong(ceiling + 1);
    return Math.max(jittered, Math.min(retryAfterNanos, maxNanos));
  }
}
