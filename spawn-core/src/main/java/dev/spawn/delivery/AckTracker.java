package dev.spawn.delivery;

import java.time.Duration;
import java.util.Collection;
import java.util.function.LongSupplier;

/**
 * Lets callers wait until enough peers acknowledged an update (the write concern). Links tell it
 * after each acknowledgement; it wakes waiters only when there are any, so the common case (no
 * one waits) costs one volatile read. Thread-safe.
 */
final class AckTracker {

  private final Object monitor = new Object();
  private final LongSupplier nanoTime;
  private volatile int waiters;

  AckTracker(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /** A link acknowledged something. */
  void acknowledged() {
    if (waiters > 0) {
      synchronized (monitor) {
        monitor.notifyAll();
      }
    }
  }

  /** Waits until {@code n} of the links have acknowledged {@code seq}, or the timeout passes. */
  int await(Collection<PeerLink> links, long seq, int n, Duration timeout)
      throws InterruptedException {
    long deadline = nanoTime.getAsLong() + timeout.toNanos();
    synchronized (monitor) {
      waiters++;
      try {
        while (true) {
          int count = 0;
          for (PeerLink link : links) {
            if (link.acked() >= seq) {
              count++;
            }
          }
          long left = deadline - nanoTime.getAsLong();
          if (count >= n || left <= 0) {
            return count;
          }
          monitor.wait(Math.max(1, left / 1_000_000), 0);
        }
      } finally {
        waiters--;
      }
    }
  }
}
