package dev.spawn.health;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Delivers transitions one at a time, in the order they were added, without holding any lock of
 * the caller. Callers {@link #add} while holding the lock that decided the transition (so the
 * queue order is the order of the changes) and {@link #drain} after releasing it. Whichever thread
 * finds the queue idle delivers everything queued, its own and others'. Thread-safe.
 */
final class EventQueue {

  private final Queue<Transition> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean draining = new AtomicBoolean();
  private final Consumer<Transition> sink;

  EventQueue(Consumer<Transition> sink) {
    this.sink = sink;
  }

  void add(Transition transition) {
    queue.add(transition);
  }

  void drain() {
    // Loop: a transition added after the drainer's last poll but before it let go is picked up
    // by this check rather than left behind.
    while (!queue.isEmpty() && draining.compareAndSet(false, true)) {
      try {
        Transition t;
        while ((t = queue.poll()) != null) {
          sink.accept(t);
        }
      } finally {
        draining.set(false);
      }
    }
  }
}
