package dev.spawn.delivery;

import java.io.IOException;

/**
 * What one attempt to send an update to a peer came to: the peer's status and the headers that
 * matter, or the I/O failure when it did not answer. Immutable.
 *
 * @param status the HTTP status, 0 when there was no answer
 * @param retryAfterNanos the peer's {@code Retry-After}, 0 when absent
 * @param expected the peer's {@code Spawn-Expected}, {@code null} when absent
 * @param failure the I/O failure when there was no answer
 * @param unreachable true when the failure was a refused connection or a timeout: the peer is
 *     taken as down at once
 * @param response the answer when it was captured for a waiting caller, else {@code null}
 */
record Attempt(
    int status,
    long retryAfterNanos,
    String expected,
    IOException failure,
    boolean unreachable,
    PeerResponse response) {

  static Attempt failed(IOException e, boolean unreachable) {
    return new Attempt(0, 0, null, e, unreachable, null);
  }

  String describe() {
    if (failure != null) {
      return failure.getClass().getSimpleName()
          + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    }
    return "HTTP " + status;
  }
}
