package dev.spawn.metrics;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * Per-node counters: success, failure and queued for each {@link Operation}, and delivery latency.
 * Counting is lock-free; {@link #snapshot()} gives immutable {@link NodeStats}. Thread-safe.
 */
public final class SpawnMetrics {

  /** The outcome a counter records. */
  public enum Result {
    SUCCESS,
    FAILURE,
    QUEUED
  }

  private final Map<String, NodeCounters> nodes = new ConcurrentHashMap<>();

  /** Counts one request of the given kind with the given result for a node. */
  public void record(String nodeId, Operation op, Result result) {
    counters(nodeId).counts[result.ordinal()][op.ordinal()].increment();
  }

  /** Records that an update reached a node, {@code nanos} after its first attempt. */
  public void recordDelivery(String nodeId, long nanos) {
    NodeCounters c = counters(nodeId);
    c.deliveries.increment();
    c.deliveryNanos.addAndGet(nanos);
    c.maxNanos.accumulate(nanos);
  }

  /** Forgets a node (it was removed). */
  public void remove(String nodeId) {
    nodes.remove(nodeId);
  }

  /** The counters of every node seen, ordered by node id. */
  public List<NodeStats> snapshot() {
    return nodes.entrySet().stream()
        .map(e -> e.getValue().snapshot(e.getKey()))
        .sorted(Comparator.comparing(NodeStats::nodeId))
        .toList();
  }

  /** The counters of one node (zero when never seen). */
  public NodeStats snapshot(String nodeId) {
    NodeCounters c = nodes.get(nodeId);
    return c == null ? new NodeCounters().snapshot(nodeId) : c.snapshot(nodeId);
  }

  private NodeCounters counters(String nodeId) {
    Objects.requireNonNull(nodeId, "nodeId");
    return nodes.computeIfAbsent(nodeId, k -> new NodeCounters());
  }

  private static final class NodeCounters {
    final LongAdder[][] counts = new LongAdder[Result.values().length][Operation.values().length];
    final LongAdder deliveries = new LongAdder();
    final AtomicLong deliveryNanos = new AtomicLong();
    final LongAccumulator maxNanos = new LongAccumulator(Math::max, 0);

    NodeCounters() {
      for (LongAdder[] row : counts) {
        for (int i = 0; i < row.length; i++) {
          row[i] = new LongAdder();
        }
      }
    }

    NodeStats snapshot(String nodeId) {
      long n = deliveries.sum();
      return new NodeStats(
          nodeId,
          counts(Result.SUCCESS),
          counts(Result.FAILURE),
          counts(Result.QUEUED),
          n,
          n == 0 ? 0 : deliveryNanos.get() / 1e6 / n,
          maxNanos.get() / 1e6);
    }

    private NodeStats.Counts counts(Result r) {
      LongAdder[] row = counts[r.ordinal()];
      return new NodeStats.Counts(
          row[Operation.GET.ordinal()].sum(),
          row[Operation.SET.ordinal()].sum(),
          row[Operation.DELETE.ordinal()].sum());
    }
  }
}
