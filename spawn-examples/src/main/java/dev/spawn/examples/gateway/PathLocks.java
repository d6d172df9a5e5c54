package dev.spawn.examples.gateway;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Striped locks by request path: with {@code respond: primary}, writes to one path are serialised
 * from the moment they are sent to the primary until they are journaled for the other nodes, so
 * every node applies them in the order the primary did. Different paths rarely share a stripe.
 * Thread-safe.
 */
final class PathLocks {

  private final ReentrantLock[] stripes;

  PathLocks(int count) {
    stripes = new ReentrantLock[count];
    for (int i = 0; i < count; i++) {
      stripes[i] = new ReentrantLock();
    }
  }

  /** The lock for the path of a raw target ({@code /a/b?x=1} locks {@code /a/b}). */
  ReentrantLock forTarget(String target) {
    int q = target.indexOf('?');
    String path = q < 0 ? target : target.substring(0, q);
    int h = path.hashCode();
    return stripes[Math.floorMod(h ^ (h >>> 16), stripes.length)];
  }
}
