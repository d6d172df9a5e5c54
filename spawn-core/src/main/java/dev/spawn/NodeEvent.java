package dev.spawn;

import java.util.Objects;
import java.util.Optional;

/**
 * A change to the node registry: a node was added, updated or removed. Immutable.
 *
 * @param before the node before the change, {@code null} when it was added
 * @param after the node after the change, {@code null} when it was removed
 */
public record NodeEvent(Node before, Node after) {

  /** What kind of change this was. */
  public enum Kind {
    ADDED,
    UPDATED,
    REMOVED
  }

  /** At least one of before and after is set; both name the same node when both are set. */
  public NodeEvent {
    if (before == null && after == null) {
      throw new IllegalArgumentException("a node event needs a node before or after the change");
    }
    if (before != null && after != null && !before.id().equals(after.id())) {
      throw new IllegalArgumentException(
          "an update keeps the node id; got " + before.id() + " -> " + after.id());
    }
  }

  /** The kind of change. */
  public Kind kind() {
    return before == null ? Kind.ADDED : after == null ? Kind.REMOVED : Kind.UPDATED;
  }

  /** The id of the node that changed. */
  public String nodeId() {
    return Objects.requireNonNullElse(after, before).id();
  }

  /** The node as it is now, empty when it was removed. */
  public Optional<Node> current() {
    return Optional.ofNullable(after);
  }
}
