package dev.spawn;

/**
 * Decides which nodes may be registered; the {@code nodes-allow} setting is one. Since every node
 * receives every write, a policy keeps an operator's typo (or an attacker with a token) from
 * sending the cluster's data elsewhere. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface NodePolicy {

  /** Allows every valid node. */
  NodePolicy ALLOW_ALL = node -> {};

  /**
   * Checks a node that is about to be added or changed.
   *
   * @throws IllegalArgumentException saying why the node is not allowed
   */
  void check(Node node);
}
