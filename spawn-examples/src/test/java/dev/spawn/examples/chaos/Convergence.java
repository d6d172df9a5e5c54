package dev.spawn.examples.chaos;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The end of a run, before the checks: every node running and healthy, no node in maintenance in
 * any node's registry, every queue drained, and the digests equal, or, when they stay different
 * with everything drained, settled as they are. Not thread-safe: one run's end.
 */
final class Convergence {

  /** Polls in a row with drained queues and unchanged digests after which waiting stops. */
  private static final int STABLE_POLLS = 5;

  /**
   * What the wait ended with.
   *
   * @param converged whether every node's digest is the same
   * @param millis how long the wait took
   * @param digests each node's last {@code /digest} body
   * @param maintenanceCleared maintenance flags still set that the wait cleared
   * @param drained whether every queue was empty and delivering at the end
   * @param queueProblems queues that were not, at the end
   */
  record Result(boolean converged, long millis, List<String> digests, int maintenanceCleared,
      boolean drained, List<String> queueProblems) {}

  private final ChaosCluster cluster;
  private final Duration timeout;
  private List<String> lastDigests = List.of();
  private List<String> lastQueueProblems = List.of();
  private int stablePolls;
  private int cleared;
  private boolean drained;

  Convergence(ChaosCluster cluster, Duration timeout) {
    this.cluster = cluster;
    this.timeout = timeout;
  }

  Result settle() throws IOException {
    for (ChildNode n : cluster.nodes()) {
      if (!n.alive()) {
        n.start();
      }
    }
    for (int i = 0; i < cluster.size(); i++) {
      cluster.awaitHealthy(i, Duration.ofSeconds(60));
    }
    long start = System.nanoTime();
    try {
      await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofSeconds(1))
          .ignoreExceptions()
          .until(this::settled);
    } catch (ConditionTimeoutException e) {
      // Reported below: not drained, or digests still moving.
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    boolean converged = !lastDigests.isEmpty()
        && lastDigests.stream().distinct().count() == 1;
    return new Result(converged, millis, lastDigests, cleared, drained, lastQueueProblems);
  }

  /** One poll: clears maintenance flags, then looks at queues and digests. */
  private boolean settled() {
    boolean maintenance = clearMaintenance();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < cluster.size(); i++) {
      for (JsonNode q : cluster.queues(i)) {
        String state = q.path("state").asText();
        long depth = q.path("depth").asLong();
        if (!state.equals("delivering") || depth != 0) {
          problems.add("node " + i + " -> " + q.path("node").asText() + ": " + state
              + ", depth " + depth + (q.path("reason").isTextual()
              ? " (" + q.path("reason").asText() + ")" : ""));
        }
      }
    }
    List<String> digests = new ArrayList<>();
    for (int i = 0; i < cluster.size(); i++) {
      digests.add(cluster.digest(i).toString());
    }
    stablePolls = digests.equals(lastDigests) ? stablePolls + 1 : 0;
    lastDigests = digests;
    lastQueueProblems = problems;
    drained = problems.isEmpty() && !maintenance;
    if (!drained) {
      return false;
    }
    // Drained and equal: done. Drained and different for a while: nothing will change any more.
    return digests.stream().distinct().count() == 1 || stablePolls >= STABLE_POLLS;
  }

  /** Clears every maintenance flag in every registry; true if any was set. */
  private boolean clearMaintenance() {
    boolean any = false;
    for (int i = 0; i < cluster.size(); i++) {
      for (JsonNode n : cluster.registry(i)) {
        if (n.path("maintenance").asBoolean()) {
          any = true;
          int target = indexOf(n.path("port").asInt());
          int status = cluster.setMaintenance(i, target, false);
          cleared++;
          System.out.println("[chaos] end: node " + i + " still had node " + target
              + " in maintenance; cleared (" + status + ")");
        }
      }
    }
    return any;
  }

  private int indexOf(int port) {
    for (ChildNode n : cluster.nodes()) {
      if (n.port() == port) {
        return n.index();
      }
    }
    throw new IllegalStateException("a registry names port " + port + ", not a cluster node");
  }
}
