package dev.spawn;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * Chooses the node that serves a read, and the nodes to fall back on, from the nodes of a {@link
 * NodeRegistry} as its {@link ReadMode} says.
 *
 * <p>Only eligible nodes serve reads ({@link #isEligible}): active, not in maintenance, healthy,
 * not excluded (say, the calling node itself), and not lagging, that is with at most {@code
 * readMaxLag} updates waiting for it, so a node that just came back does not serve stale data.
 * When every node that is otherwise eligible lags, the least lagging one is eligible alone: a
 * slightly stale answer beats none.
 *
 * <pre>{@code
 * ReadRouter reads = ReadRouter.builder(registry)
 *     .health(healthChecker::isHealthy)
 *     .backlog(peer -> journalBacklog(peer))
 *     .mode(ReadMode.ROUND_ROBIN.withPriorityTiers(true))
 *     .build();
 * for (Node node : reads.failoverOrder()) { ... try it, stop at the first that answers ... }
 * }</pre>
 *
 * <p>Every call reads the registry's current snapshot and asks the health and backlog functions
 * once per node, so those must be cheap. Thread-safe; the rotation is shared by all callers.
 */
public final class ReadRouter {

  /** Updates a node may have waiting and still serve reads, unless set: 100. */
  public static final long DEFAULT_READ_MAX_LAG = 100;

  private final NodeRegistry registry;
  private final Predicate<String> healthy;
  private final ToLongFunction<String> backlog;
  private final long readMaxLag;
  private final ReadMode mode;
  private final Predicate<? super Node> excluded;
  private final AtomicLong turn = new AtomicLong();

  private ReadRouter(Builder b) {
    this.registry = b.registry;
    this.healthy = b.healthy;
    this.backlog = b.backlog;
    this.readMaxLag = b.readMaxLag;
    this.mode = b.mode;
    this.excluded = b.excluded;
  }

  /** A builder for a router over this registry. */
  public static Builder builder(NodeRegistry registry) {
    return new Builder(registry);
  }

  /** The mode reads are spread by. */
  public ReadMode mode() {
    return mode;
  }

  /** Updates a node may have waiting and still serve reads. */
  public long readMaxLag() {
    return readMaxLag;
  }

  /**
   * The node that should serve the next read; empty when no node is eligible. With round-robin,
   * each call moves the rotation on.
   */
  public Optional<Node> next() {
    List<Node> eligible = select().eligible();
    if (eligible.isEmpty()) {
      return Optional.empty();
    }
    List<Node> pool = rotationPool(eligible);
    return Optional.of(pool.get(mode.roundRobin() ? nextTurn(pool.size()) : 0));
  }

  /**
   * Every node worth trying for one read, in the order to try them: first the node {@link #next()}
   * would choose (this call moves the rotation on as {@code next()} does), then, after a
   * connection failure, the next one. Eligible nodes come first (with round-robin, continuing the
   * rotation; then the rest in priority order); lagging nodes follow, least lagging first, since
   * the eligibility rule lets the least lagging one serve once all before it have failed. Empty
   * when no node is eligible.
   */
  public List<Node> failoverOrder() {
    Selection s = select();
    if (s.eligible().isEmpty()) {
      return List.of();
    }
    List<Node> order = new ArrayList<>(s.eligible().size() + s.lagging().size());
    List<Node> pool = rotationPool(s.eligible());
    int start = mode.roundRobin() ? nextTurn(pool.size()) : 0;
    for (int i = 0; i < pool.size(); i++) {
      order.add(pool.get((start + i) % pool.size()));
    }
    for (Node node : s.eligible()) {
      if (!pool.contains(node)) {
        order.add(node);
      }
    }
    order.addAll(s.lagging());
    return List.copyOf(order);
  }

  /**
   * Whether the registered node with this node's id may serve reads now: the one place the rule
   * lives (see the class description). False when no such node is registered.
   */
  public boolean isEligible(Node node) {
    Objects.requireNonNull(node, "node");
    for (Node n : select().eligible()) {
      if (n.id().equals(node.id())) {
        return true;
      }
    }
    return false;
  }

  /** The eligible nodes now, in priority order. */
  public List<Node> eligible() {
    return select().eligible();
  }

  /** The eligible nodes and, apart, the ones held back only for lagging, least lagging first. */
  private record Selection(List<Node> eligible, List<Node> lagging) {}

  private record Candidate(Node node, long backlog) {}

  private Selection select() {
    List<Candidate> candidates = new ArrayList<>();
    for (Node node : registry.all()) {
      if (node.active()
          && !node.maintenance()
          && !excluded.test(node)
          && healthy.test(node.id())) {
        candidates.add(new Candidate(node, backlog.applyAsLong(node.id())));
      }
    }
    List<Node> eligible = new ArrayList<>();
    List<Candidate> lagging = new ArrayList<>();
    for (Candidate c : candidates) {
      if (c.backlog() <= readMaxLag) {
        eligible.add(c.node());
      } else {
        lagging.add(c);
      }
    }
    // Stable sort: equal backlogs stay in priority order.
    lagging.sort(Comparator.comparingLong(Candidate::backlog));
    if (eligible.isEmpty() && !lagging.isEmpty()) {
      eligible.add(lagging.remove(0).node()); // all lag: the least lagging serves rather than none
    }
    return new Selection(
        List.copyOf(eligible), lagging.stream().map(Candidate::node).toList());
  }

  // With priority tiers, the rotation keeps to the best priority that has an eligible node.
  private List<Node> rotationPool(List<Node> eligible) {
    if (!mode.priorityTiers()) {
      return eligible;
    }
    int best = eligible.get(0).priority();
    return eligible.stream().filter(n -> n.priority() == best).toList();
  }

  private int nextTurn(int size) {
    return (int) Math.floorMod(turn.getAndIncrement(), (long) size);
  }

  /** Builds a {@link ReadRouter}; setters check their values at once. Not thread-safe. */
  public static final class Builder {
    private final NodeRegistry registry;
    private Predicate<String> healthy = id -> true;
    private ToLongFunction<String> backlog = id -> 0;
    private long readMaxLag = DEFAULT_READ_MAX_LAG;
    private ReadMode mode = ReadMode.ROUND_ROBIN;
    private Predicate<? super Node> excluded = node -> false;

    private Builder(NodeRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * Whether the node with this id is healthy, such as {@code healthChecker::isHealthy}; every
     * node is healthy unless set.
     */
    public Builder health(Predicate<String> healthy) {
      this.healthy = Objects.requireNonNull(healthy, "health");
      return this;
    }

    /**
     * How many updates wait for the node with this id (0 when unknown); 0 for every node unless
     * set.
     */
    public Builder backlog(ToLongFunction<String> backlog) {
      this.backlog = Objects.requireNonNull(backlog, "backlog");
      return this;
    }

    /** Updates a node may have waiting and still serve reads; at least 0, 100 unless set. */
    public Builder readMaxLag(long readMaxLag) {
      if (readMaxLag < 0) {
        throw new IllegalArgumentException(
            "readMaxLag was " + readMaxLag + "; expected 0 or more updates");
      }
      this.readMaxLag = readMaxLag;
      return this;
    }

    /** How reads are spread; {@link ReadMode#ROUND_ROBIN} unless set. */
    public Builder mode(ReadMode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * Nodes that never serve reads through this router whatever their state, such as the calling
     * node itself ({@code n -> n.id().equals(selfId)}); replaces an earlier exclusion. None unless
     * set.
     */
    public Builder exclude(Predicate<? super Node> excluded) {
      this.excluded = Objects.requireNonNull(excluded, "excluded");
      return this;
    }

    /** The router. */
    public ReadRouter build() {
      return new ReadRouter(this);
    }
  }
}
