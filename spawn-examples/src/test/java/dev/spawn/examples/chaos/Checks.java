package dev.spawn.examples.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spawn.examples.chaos.WriteLog.Attempt;
import dev.spawn.examples.chaos.WriteLog.Outcome;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The checks after the cluster settled. Every acknowledged write is read back from every node
 * with {@code GET /notes/{id}} and must have the exact title and text sent (for a sequence key:
 * the last acknowledged version or a later attempt). Then the nodes' full note lists are compared:
 * a note that differs between nodes is either the origin-crash window (an unacknowledged write,
 * on the node it was sent to only, that was SIGKILLed while it was in flight), reported as such,
 * or a violation. Finally no queue may need a resync or be stuck, and no dead letter or
 * maintenance flag may be left. Not thread-safe: one run's end.
 */
final class Checks {

  /**
   * What the checks found.
   *
   * @param ackedIds acknowledged note ids read back from every node
   * @param reads the {@code GET /notes/{id}} calls made for that
   * @param violations broken guarantees; empty when all is well
   * @param crashWindow notes on one node only, explained by the origin-crash window
   * @param unackedEverywhere unacknowledged unique writes found on every node (journaled, but the
   *     answer was lost)
   * @param unackedNowhere unacknowledged unique writes on no node
   */
  record Result(int ackedIds, int reads, List<String> violations, List<String> crashWindow,
      int unackedEverywhere, int unackedNowhere) {}

  private final ChaosCluster cluster;
  private final Map<String, List<Attempt>> attempts;
  private final List<String> violations = new ArrayList<>();
  private final List<String> crashWindow = new ArrayList<>();
  private int reads;

  Checks(ChaosCluster cluster, WriteLog log) {
    this.cluster = cluster;
    this.attempts = log.byId();
  }

  Result run() {
    int ackedIds = 0;
    for (Map.Entry<String, List<Attempt>> e : attempts.entrySet()) {
      Attempt last = lastAcked(e.getValue());
      if (last != null) {
        ackedIds++;
        checkAcknowledged(e.getKey(), e.getValue(), last);
      }
    }
    int[] unacked = compareNodes();
    checkQueuesAndFlags();
    return new Result(ackedIds, reads, List.copyOf(violations), List.copyOf(crashWindow),
        unacked[0], unacked[1]);
  }

  private void checkAcknowledged(String id, List<Attempt> tries, Attempt last) {
    for (int n = 0; n < cluster.size(); n++) {
      HttpResponse<String> r = cluster.http().call("GET", cluster.node(n).uri("/notes/" + id),
          null);
      reads++;
      if (r.statusCode() == 404) {
        violations.add("acknowledged " + id + " v" + last.version() + " (sent to node "
            + last.node() + ") is missing on node " + n);
        continue;
      }
      if (r.statusCode() != 200) {
        violations.add("GET /notes/" + id + " on node " + n + " answered " + r.statusCode());
        continue;
      }
      JsonNode note = ChaosHttp.parse(r.body());
      Attempt held = match(tries, note);
      if (held == null) {
        violations.add(id + " on node " + n + " holds a body no client sent: " + note);
      } else if (held.version() < last.version() && held.outcome() != Outcome.TIMEOUT) {
        // Only a write the client gave up on (timeout) can still be applied after later ones.
        violations.add(id + " on node " + n + " is v" + held.version() + ", but v"
            + last.version() + " was acknowledged after it (sent to node " + last.node() + ")");
      }
    }
  }

  /** Compares the nodes' note lists; returns {unacked everywhere, unacked nowhere}. */
  private int[] compareNodes() {
    List<Map<String, JsonNode>> lists = new ArrayList<>();
    TreeSet<String> ids = new TreeSet<>();
    for (int n = 0; n < cluster.size(); n++) {
      lists.add(cluster.notes(n));
      ids.addAll(lists.get(n).keySet());
    }
    for (String id : ids) {
      if (!attempts.containsKey(id)) {
        violations.add("note " + id + " is on a node but no client ever wrote it");
        continue;
      }
      List<JsonNode> values = new ArrayList<>();
      lists.forEach(l -> values.add(l.get(id)));
      if (values.stream().distinct().count() > 1) {
        classify(id, values);
      }
    }
    int everywhere = 0;
    int nowhere = 0;
    for (Map.Entry<String, List<Attempt>> e : attempts.entrySet()) {
      if (e.getValue().size() == 1 && !e.getValue().get(0).acked()) {
        long on = lists.stream().filter(l -> l.containsKey(e.getKey())).count();
        everywhere += on == lists.size() ? 1 : 0;
        nowhere += on == 0 ? 1 : 0;
      }
    }
    return new int[] {everywhere, nowhere};
  }

  /** One note differs between nodes: the origin-crash window, or a violation. */
  private void classify(String id, List<JsonNode> values) {
    Map<JsonNode, List<Integer>> groups = new LinkedHashMap<>();
    for (int n = 0; n < values.size(); n++) {
      groups.computeIfAbsent(values.get(n) == null ? MISSING : values.get(n),
          k -> new ArrayList<>()).add(n);
    }
    List<Attempt> tries = attempts.get(id);
    StringBuilder where = new StringBuilder();
    for (int n = 0; n < values.size(); n++) {
      Attempt a = values.get(n) == null ? null : match(tries, values.get(n));
      where.append(n == 0 ? "" : ", ").append("node ").append(n).append(": ")
          .append(values.get(n) == null ? "missing" : a == null ? "unknown body"
              : "v" + a.version());
    }
    List<Integer> single = groups.size() != 2 ? null
        : groups.values().stream().filter(g -> g.size() == 1).findFirst().orElse(null);
    if (single != null) {
      int odd = single.get(0);
      JsonNode others = values.get(odd == 0 ? 1 : 0);
      Attempt w = values.get(odd) == null ? null : match(tries, values.get(odd));
      Attempt behind = others == null ? null : match(tries, others);
      if (w != null && w.node() == odd && inFlightAtKill(w)
          && (others == null || behind != null && behind.version() < w.version())) {
        crashWindow.add(id + " v" + w.version() + " only on node " + odd + " (" + where
            + "): sent to node " + odd + ", which was SIGKILLed (incarnation "
            + w.incarnationBefore() + ") while it was in flight; the client saw " + w.detail());
        return;
      }
    }
    violations.add("nodes differ on " + id + " (" + where + ")");
  }

  /** An unanswered attempt whose node was SIGKILLed while it was in flight. */
  private boolean inFlightAtKill(Attempt a) {
    if (a.acked() || (a.outcome() != Outcome.BROKEN && a.outcome() != Outcome.TIMEOUT)) {
      return false;
    }
    ChildNode node = cluster.node(a.node());
    for (int i = a.incarnationBefore(); i <= a.incarnationAfter(); i++) {
      if (node.wasKilled(i)) {
        return true;
      }
    }
    return false;
  }

  private void checkQueuesAndFlags() {
    for (int n = 0; n < cluster.size(); n++) {
      for (JsonNode q : cluster.queues(n)) {
        String state = q.path("state").asText();
        if (!state.equals("delivering") || q.path("depth").asLong() != 0) {
          violations.add("node " + n + "'s queue for " + q.path("node").asText() + " is " + state
              + " with depth " + q.path("depth").asLong() + ": " + q);
        }
      }
      int dead = cluster.deadLetters(n);
      if (dead > 0) {
        violations.add("node " + n + " holds " + dead + " dead letters");
      }
      for (JsonNode r : cluster.registry(n)) {
        if (r.path("maintenance").asBoolean()) {
          violations.add("node " + n + " still has " + r.path("host").asText() + ":"
              + r.path("port").asInt() + " in maintenance");
        }
      }
    }
  }

  private static Attempt lastAcked(List<Attempt> tries) {
    Attempt last = null;
    for (Attempt a : tries) {
      if (a.acked()) {
        last = a;
      }
    }
    return last;
  }

  /** The attempt whose title and text the note holds, or null. */
  private static Attempt match(List<Attempt> tries, JsonNode note) {
    for (Attempt a : tries) {
      if (Objects.equals(a.title(), note.path("title").asText(null))
          && Objects.equals(a.text(), note.path("text").asText(null))) {
        return a;
      }
    }
    return null;
  }

  private static final JsonNode MISSING = ChaosHttp.JSON.getNodeFactory().textNode("(missing)");
}
