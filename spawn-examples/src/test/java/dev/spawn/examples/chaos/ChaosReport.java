package dev.spawn.examples.chaos;

import dev.spawn.examples.chaos.WriteLog.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a chaos run did and found, and its printed summary. Immutable once made.
 *
 * @param settings the run's settings
 * @param started when the chaos began
 * @param attempted writes the clients attempted
 * @param outcomes how they ended
 * @param otherStatuses unexpected statuses and their counts
 * @param otherExamples a few of those answers
 * @param unavailableExamples a few of the 503 answers
 * @param sequences what the sequence keys saw
 * @param kills SIGKILLs
 * @param stops SIGTERMs
 * @param restarts restarts after either
 * @param maintenanceRounds maintenance flags set (and later cleared) through the admin API
 * @param adminRefused maintenance changes a node did not take (it was starting)
 * @param chaosErrors failures of the chaos itself (a restart that failed, an unclean SIGTERM)
 * @param convergence how the end went
 * @param checks what the checks found
 */
record ChaosReport(ChaosSettings settings, Instant started, int attempted,
    Map<Outcome, Integer> outcomes, Map<Integer, Integer> otherStatuses,
    List<String> otherExamples, List<String> unavailableExamples, String sequences, int kills,
    int stops, int restarts, int maintenanceRounds, int adminRefused, List<String> chaosErrors,
    Convergence.Result convergence, Checks.Result checks) {

  int acknowledged() {
    return outcomes.get(Outcome.ACKED);
  }

  /** Every broken guarantee and every failure of the run itself; empty when it passed. */
  List<String> violations() {
    List<String> out = new ArrayList<>(checks.violations());
    chaosErrors.forEach(e -> out.add("chaos: " + e));
    if (!convergence.drained()) {
      out.add("the queues did not drain within " + settings.convergeTimeout().toSeconds()
          + " s: " + convergence.queueProblems());
    }
    otherStatuses.keySet().stream().filter(s -> s >= 400 && s < 500)
        .forEach(s -> out.add("clients got " + s + " (a well-formed write refused): "
            + otherExamples));
    if (!convergence.converged() && checks.crashWindow().isEmpty() && out.isEmpty()) {
      out.add("the digests differ, yet no note differs: " + convergence.digests());
    }
    return out;
  }

  boolean passed() {
    return violations().isEmpty();
  }

  String summary() {
    StringBuilder s = new StringBuilder();
    line(s, "== Spawn chaos run", started + ", seed " + settings.seed() + ", "
        + settings.duration().toSeconds() + " s of chaos, 3 nodes as child JVMs, journal sync"
        + " full, clients limited to " + settings.writesPerSecond() + " writes/s");
    line(s, "writes attempted", Integer.toString(attempted));
    line(s, "  acknowledged", acknowledged() + " (200/201: the client saw success)");
    line(s, "  not acknowledged", (attempted - acknowledged()) + ": refused "
        + outcomes.get(Outcome.REFUSED) + " (node down), connection cut "
        + outcomes.get(Outcome.BROKEN) + ", timed out " + outcomes.get(Outcome.TIMEOUT)
        + ", 503 " + outcomes.get(Outcome.UNAVAILABLE) + ", other statuses "
        + outcomes.get(Outcome.OTHER_STATUS)
        + (otherStatuses.isEmpty() ? "" : " " + otherStatuses));
    unavailableExamples.forEach(e -> line(s, "  e.g. 503", e));
    line(s, "chaos", "SIGKILL " + kills + ", SIGTERM " + stops + ", restarts " + restarts
        + ", maintenance rounds " + maintenanceRounds + " (admin calls not taken: "
        + adminRefused + ")");
    line(s, "end", (convergence.drained() ? "queues drained" : "queues NOT drained")
        + (convergence.converged() ? ", digests equal" : ", digests differ") + " after "
        + String.format("%.1f", convergence.millis() / 1000.0) + " s; maintenance flags left"
        + " over and cleared: " + convergence.maintenanceCleared());
    if (convergence.converged() && !convergence.digests().isEmpty()) {
      line(s, "final digest", convergence.digests().get(0) + " (on all 3 nodes)");
    } else {
      for (int i = 0; i < convergence.digests().size(); i++) {
        line(s, "digest node " + i, convergence.digests().get(i));
      }
    }
    line(s, "checked", checks.ackedIds() + " acknowledged note ids on every node ("
        + checks.reads() + " GET /notes/{id}); " + sequences + ", each node holding the last"
        + " acknowledged version or a later attempt");
    line(s, "unacknowledged", checks.unackedEverywhere() + " unique writes on every node"
        + " (journaled, answer lost), " + checks.unackedNowhere() + " on none, "
        + checks.crashWindow().size() + " on one node only (origin-crash window)");
    checks.crashWindow().forEach(c -> line(s, "  crash window", c));
    List<String> v = violations();
    line(s, "violations", v.isEmpty() ? "none" : Integer.toString(v.size()));
    v.stream().limit(50).forEach(x -> line(s, "  VIOLATION", x));
    line(s, "RESULT", passed() ? "PASS" : "FAIL");
    return s.toString();
  }

  private static void line(StringBuilder s, String label, String text) {
    s.append(String.format("%-18s %s%n", label, text));
  }
}
