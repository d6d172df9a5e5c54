package dev.spawn.servlet;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One lock per key (a request path, a sending journal's id), held by a {@link Lease} that any
 * thread may give back: an async request takes the lock on a container thread and often releases
 * it on another, which a {@code ReentrantLock} would refuse. Waiters get the lock in arrival order.
 *
 * <p>The table stays bounded: an entry is counted while a thread holds or waits for it and is
 * removed when the count drops to zero, so a stream of writes to ever new paths leaves nothing
 * behind. Thread-safe.
 */
final class KeyedLocks {

  private final Map<String, Entry> entries = new HashMap<>(); // guarded by this

  /**
   * Waits for the lock of {@code key}.
   *
   * @throws InterruptedException when interrupted while waiting; the lock is then not held
   */
  Lease acquire(String key) throws InterruptedException {
    Entry entry;
    synchronized (this) {
      entry = entries.computeIfAbsent(key, k -> new Entry());
      entry.users++;
    }
    try {
      entry.permit.acquire();
    } catch (InterruptedException e) {
      unref(key, entry);
      throw e;
    }
    return new Lease(key, entry);
  }

  /** Keys that are held or waited for now. */
  synchronized int size() {
    return entries.size();
  }

  private synchronized void unref(String key, Entry entry) {
    if (--entry.users == 0) {
      entries.remove(key, entry);
    }
  }

  /** A held lock; {@link #close()} gives it back, once, from any thread. */
  final class Lease implements AutoCloseable {
    private final String key;
    private final Entry entry;
    private final AtomicBoolean released = new AtomicBoolean();

    private Lease(String key, Entry entry) {
      this.key = key;
      this.entry = entry;
    }

    /** Releases the lock; later calls do nothing. */
    @Override
    public void close() {
      if (released.compareAndSet(false, true)) {
        entry.permit.release();
        unref(key, entry);
      }
    }
  }

  private static final class Entry {
    // Fair: writes to one path are applied in the order they arrived.
    final Semaphore permit = new Semaphore(1, true);
    int users; // guarded by KeyedLocks.this
  }
}
