package dev.spawn;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The set of nodes of a cluster, kept in {@link PriorityOrder}, with a round-robin ring over them.
 *
 * <p>Reads never block: they see an immutable snapshot. Changes are serialised, swap in a new
 * snapshot and then tell the listeners, in the order the changes were made. {@link #putAll} and
 * {@link #move} check everything before they change anything. An optional {@link NodePolicy} (the
 * {@code nodes-allow} list) is applied to every node that is added or changed.
 *
 * <p>Thread-safe.
 */
public final class NodeRegistry {

  private static final Logger log = LoggerFactory.getLogger(NodeRegistry.class);

  private final AtomicReference<List<Node>> nodes = new AtomicReference<>(List.of());
  private final AtomicLong ring = new AtomicLong();
  private final List<Consumer<NodeEvent>> listeners = new CopyOnWriteArrayList<>();
  private final NodePolicy policy;
  private final Object writeLock = new Object();
  // Both guarded by writeLock. A listener may itself change the registry; its events wait here
  // until the event being delivered has reached every listener, so all listeners see one order.
  private final ArrayDeque<NodeEvent> pending = new ArrayDeque<>();
  private boolean dispatching;

  /** An empty registry that accepts any valid node. */
  public NodeRegistry() {
    this(NodePolicy.ALLOW_ALL);
  }

  /** An empty registry whose added or changed nodes must pass the policy. */
  public NodeRegistry(NodePolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  // ---- reads -------------------------------------------------------------------------------

  /** The node at host and port, if registered. */
  public Optional<Node> get(String host, int port) {
    return get(Node.id(host, port));
  }

  /** The node with this id ({@code host:port}, host in any case), if registered. */
  public Optional<Node> get(String id) {
    String wanted = id.toLowerCase(Locale.ROOT);
    for (Node n : nodes.get()) {
      if (n.id().equals(wanted)) {
        return Optional.of(n);
      }
    }
    return Optional.empty();
  }

  /** Every node, in priority order: an immutable snapshot. */
  public List<Node> all() {
    return nodes.get();
  }

  /** The nodes on one host (in any case), in priority order. */
  public List<Node> allByHost(String host) {
    String wanted = host.toLowerCase(Locale.ROOT);
    return nodes.get().stream().filter(n -> n.host().equals(wanted)).toList();
  }

  /** How many nodes are registered. */
  public int size() {
    return nodes.get().size();
  }

  // ---- the ring ----------------------------------------------------------------------------

  /** The node the ring points at (ring order is priority order); empty when there is none. */
  public Optional<Node> current() {
    List<Node> snapshot = nodes.get();
    if (snapshot.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(snapshot.get((int) Math.floorMod(ring.get(), (long) snapshot.size())));
  }

  /** Advances the ring to the next node. */
  public void twist() {
    ring.incrementAndGet();
  }

  /** Points the ring at the first node again. */
  public void resetRing() {
    ring.set(0);
  }

  // ---- changes -----------------------------------------------------------------------------

  /**
   * Adds the node or replaces the one with the same id.
   *
   * @return the node it replaced, empty when it was added
   * @throws IllegalArgumentException when the policy refuses it
   */
  public Optional<Node> put(Node node) {
    Objects.requireNonNull(node, "node");
    policy.check(node);
    synchronized (writeLock) {
      Map<String, Node> next = mutableCopy();
      Node before = next.put(node.id(), node);
      if (node.equals(before)) {
        return Optional.of(before);
      }
      publish(next, List.of(new NodeEvent(before, node)));
      return Optional.ofNullable(before);
    }
  }

  /**
   * Adds or replaces every node given, all or nothing: each node is checked before any change.
   *
   * @throws IllegalArgumentException when the list names a node twice or the policy refuses one
   */
  public void putAll(Collection<Node> newNodes) {
    Objects.requireNonNull(newNodes, "nodes");
    Map<String, Node> given = new LinkedHashMap<>();
    for (Node n : newNodes) {
      Objects.requireNonNull(n, "nodes contains null");
      policy.check(n);
      if (given.put(n.id(), n) != null) {
        throw new IllegalArgumentException("node " + n.id() + " is listed more than once");
      }
    }
    synchronized (writeLock) {
      Map<String, Node> next = mutableCopy();
      List<NodeEvent> events = new ArrayList<>();
      for (Node n : given.values()) {
        Node before = next.put(n.id(), n);
        if (!n.equals(before)) {
          events.add(new NodeEvent(before, n));
        }
      }
      publish(next, events);
    }
  }

  /**
   * Replaces the node at {@code fromHost:fromPort} with {@code node}, which may have another
   * address (the admin API's "move"). When the address changes, listeners see the old node
   * removed and the new one added.
   *
   * @return false when there is no node at the old address
   * @throws IllegalArgumentException when another node already has the new address, or the policy
   *     refuses the node
   */
  public boolean move(String fromHost, int fromPort, Node node) {
    Objects.requireNonNull(node, "node");
    policy.check(node);
    String fromId = Node.id(fromHost, fromPort);
    synchronized (writeLock) {
      Map<String, Node> next = mutableCopy();
      Node before = next.get(fromId);
      if (before == null) {
        return false;
      }
      if (fromId.equals(node.id())) {
        put(node);
        return true;
      }
      if (next.containsKey(node.id())) {
        throw new IllegalArgumentException(
            "cannot move " + fromId + " to " + node.id() + ": that node already exists");
      }
      next.remove(fromId);
      next.put(node.id(), node);
      publish(next, List.of(new NodeEvent(before, null), new NodeEvent(null, node)));
      return true;
    }
  }

  /** Removes the node at host and port; false when there was none. */
  public boolean delete(String host, int port) {
    synchronized (writeLock) {
      Map<String, Node> next = mutableCopy();
      Node before = next.remove(Node.id(host, port));
      if (before == null) {
        return false;
      }
      publish(next, List.of(new NodeEvent(before, null)));
      return true;
    }
  }

  /** Removes every node on the host (in any case); false when there was none. */
  public boolean deleteAllByHost(String host) {
    String wanted = host.toLowerCase(Locale.ROOT);
    synchronized (writeLock) {
      Map<String, Node> next = mutableCopy();
      List<NodeEvent> events = new ArrayList<>();
      next.values()
          .removeIf(
              n -> {
                if (n.host().equals(wanted)) {
                  events.add(new NodeEvent(n, null));
                  return true;
                }
                return false;
              });
      if (events.isEmpty()) {
        return false;
      }
      publish(next, events);
      return true;
    }
  }

  /** Removes every node. */
  public void deleteAll() {
    synchronized (writeLock) {
      List<NodeEvent> events = nodes.get().stream().map(n -> new NodeEvent(n, null)).toList();
      publish(new LinkedHashMap<>(), events);
    }
  }

  // ---- listeners ---------------------------------------------------------------------------

  /**
   * Registers a listener that is told of every change, in order, on the thread that made it,
   * after the new snapshot is visible. A listener that throws is logged and does not stop others.
   * Listeners run while changes are serialised, so they must be quick and must not wait for another
   * thread that changes the registry. A listener may change the registry itself: the events of that
   * change are delivered once the current event has reached every listener.
   *
   * @return a handle that removes the listener when closed
   */
  public AutoCloseable addListener(Consumer<NodeEvent> listener) {
    Objects.requireNonNull(listener, "listener");
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  private Map<String, Node> mutableCopy() {
    Map<String, Node> copy = new LinkedHashMap<>();
    for (Node n : nodes.get()) {
      copy.put(n.id(), n);
    }
    return copy;
  }

  private void publish(Map<String, Node> next, List<NodeEvent> events) {
    List<Node> sorted = new ArrayList<>(next.values());
    sorted.sort(PriorityOrder.NODES);
    nodes.set(List.copyOf(sorted));
    pending.addAll(events);
    if (dispatching) {
      return; // called from a listener: the outer loop below delivers these in turn
    }
    dispatching = true;
    try {
      NodeEvent event;
      while ((event = pending.poll()) != null) {
        deliver(event);
      }
    } finally {
      dispatching = false;
    }
  }

  private void deliver(NodeEvent event) {
    for (Consumer<NodeEvent> listener : listeners) {
      try {
        listener.accept(event);
      } catch (RuntimeException e) {
        log.error("Node listener failed on {} of {}", event.kind(), event.nodeId(), e);
      }
    }
  }
}
