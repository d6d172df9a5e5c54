package dev.spawn.mirror;

/**
 * What a peer's answer to a mirror request means: the one place where statuses are sorted into
 * acknowledged, gap, rejected and retry, for the sender, and into final or not, for the receiver.
 *
 * <table>
 * <caption>Statuses and outcomes</caption>
 * <tr><th>status</th><th>outcome</th><th>receiver's HWM</th></tr>
 * <tr><td>2xx, 303</td><td>{@link #ACKNOWLEDGED}</td><td>advances</td></tr>
 * <tr><td>409 with {@code Spawn-Expected}</td><td>{@link #GAP}</td><td>(not applied)</td></tr>
 * <tr><td>other 3xx; 4xx except 408, 425, 429</td><td>{@link #REJECTED}</td><td>advances</td></tr>
 * <tr><td>5xx, 408, 425, 429, 1xx, anything outside 100..599</td><td>{@link #RETRY}</td>
 * <td>stays</td></tr>
 * </table>
 *
 * <p>A 1xx is not a final answer and a status outside 100..599 is not HTTP, so both are retried
 * (order is kept, and a link that keeps getting them reports itself stuck). I/O errors and
 * timeouts have no status; the sender treats them as {@link #RETRY}. Thread-safe.
 */
public enum Outcome {
  /** The peer applied the update (or had already): move the cursor past it. */
  ACKNOWLEDGED,
  /** The peer is missing earlier updates: stop the link as {@code needs-resync}. */
  GAP,
  /** The peer's application refused the update: record a dead letter and go on. */
  REJECTED,
  /** Not done yet: send the same update again after a back-off, keeping the order. */
  RETRY;

  /**
   * Sorts a peer's final status.
   *
   * @param status the HTTP status of the peer's answer
   * @param hasSpawnExpected whether the answer carries {@code Spawn-Expected}, which only a Spawn
   *     receiver reporting a gap sends
   */
  public static Outcome classify(int status, boolean hasSpawnExpected) {
    if (!isFinal(status)) {
      return RETRY;
    }
    if (status / 100 == 2 || status == 303) {
      return ACKNOWLEDGED;
    }
    if (status == 409 && hasSpawnExpected) {
      return GAP;
    }
    return REJECTED;
  }

  /**
   * Whether the application's answer is final: 2xx, 3xx, and 4xx other than 408, 425 and 429. A
   * receiver advances its high-water mark only after a final answer, so a retry of anything else
   * runs the application again.
   */
  public static boolean isFinal(int status) {
    if (status < 200 || status > 499) {
      return false;
    }
    return status != 408 && status != 425 && status != 429;
  }

  /** Whether the sender moves its cursor past the update (acknowledged or dead-lettered). */
  public boolean advancesCursor() {
    return this == ACKNOWLEDGED || this == REJECTED;
  }
}
