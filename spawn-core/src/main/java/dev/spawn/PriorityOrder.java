package dev.spawn;

import java.util.Comparator;

/**
 * The order in which nodes are preferred: positive priorities ascending, then zeros, then negative
 * priorities descending ({@code 1, 2, 3, 0, 0, -1, -2, -3}); ties are broken by host, then port, so
 * the order is total and deterministic. Stateless and thread-safe.
 */
public final class PriorityOrder {

  /** Compares nodes in priority order. */
  public static final Comparator<Node> NODES =
      Comparator.comparingInt((Node n) -> group(n.priority()))
          .thenComparingLong(n -> Math.abs((long) n.priority()))
          .thenComparing(Node::host)
          .thenComparingInt(Node::port);

  private PriorityOrder() {}

  private static int group(int priority) {
    return priority > 0 ? 0 : priority == 0 ? 1 : 2;
  }
}
