package dev.spawn;

import dev.spawn.delivery.PeerStatus;
import dev.spawn.journal.Journal;
import dev.spawn.metrics.SpawnMetrics;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The facade a program, the servlet filter and the gateway drive: the cluster's nodes, the durable
 * journal, delivery to peers, health and metrics. (Work in progress: delivery is being wired.)
 *
 * <p>Thread-safe.
 */
public final class Spawn implements AutoCloseable {

  private final NodeRegistry nodes;
  private final Journal journal;
  private final SpawnMetrics metrics = new SpawnMetrics();

  private Spawn(Builder b) {
    this.nodes = b.nodes;
    this.journal = b.journal;
  }

  /** A builder with no nodes and no journal. */
  public static Builder builder() {
    return new Builder();
  }

  /** The cluster's nodes. */
  public NodeRegistry nodes() {
    return nodes;
  }

  /** The journal, empty when none was configured. */
  public Optional<Journal> journal() {
    return Optional.ofNullable(journal);
  }

  /** Per-node counters. */
  public SpawnMetrics metrics() {
    return metrics;
  }

  /** The delivery status of every peer, in priority order. */
  public List<PeerStatus> queues() {
    return List.of();
  }

  /** The delivery status of one peer. */
  public Optional<PeerStatus> queue(String nodeId) {
    return queues().stream().filter(q -> q.nodeId().equals(nodeId)).findFirst();
  }

  /**
   * Resumes delivery to a peer that needs a resync, after an operator brought its data over: its
   * cursor moves to the end of the journal.
   *
   * @throws IllegalArgumentException when the peer is unknown
   */
  public void resetQueue(String nodeId) {
    throw new IllegalArgumentException("no queue for node " + nodeId);
  }

  @Override
  public void close() {
    if (journal != null) {
      journal.close();
    }
  }

  /** Builds a {@link Spawn}. Not thread-safe. */
  public static final class Builder {
    private NodeRegistry nodes = new NodeRegistry();
    private Journal journal;

    private Builder() {}

    /** The registry to use (default: a new empty one). */
    public Builder nodes(NodeRegistry registry) {
      this.nodes = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /** The journal to use. */
    public Builder journal(Journal j) {
      this.journal = Objects.requireNonNull(j, "journal");
      return this;
    }

    /** Builds it. */
    public Spawn build() {
      return new Spawn(this);
    }
  }
}
