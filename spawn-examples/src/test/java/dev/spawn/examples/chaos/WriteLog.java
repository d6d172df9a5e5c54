package dev.spawn.examples.chaos;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Every write the clients attempted and how it ended. Thread-safe: writers add concurrently; the
 * views are taken after the writers stopped.
 */
final class WriteLog {

  /** How one attempt ended, from the client's side. */
  enum Outcome {
    /** 200 or 201: the client saw success. */
    ACKED,
    /** The connection was refused or could not be made: the node was down. */
    REFUSED,
    /** The connection broke (reset, closed) before an answer: the node died or was stopping. */
    BROKEN,
    /** No answer within the client's timeout. */
    TIMEOUT,
    /** 503: the node was stopping, or refused the write before the app ran. */
    UNAVAILABLE,
    /** Any other status: not expected under this load; reported. */
    OTHER_STATUS
  }

  /**
   * One PUT of {@code /notes/{id}}.
   *
   * @param id the note id; unique-id writes use each id once, sequence keys many times
   * @param version 1 for a unique id; the n-th write of a sequence key
   * @param node the node it was sent to
   * @param incarnationBefore the node's incarnation when the request was sent
   * @param incarnationAfter its incarnation when the answer (or error) came
   * @param title the title sent
   * @param text the text sent
   * @param outcome how it ended
   * @param status the HTTP status, 0 without one
   * @param detail the error or the body of an unexpected answer, shortened
   */
  record Attempt(String id, int version, int node, int incarnationBefore, int incarnationAfter,
      String title, String text, Outcome outcome, int status, String detail) {

    boolean acked() {
      return outcome == Outcome.ACKED;
    }
  }

  private final Queue<Attempt> attempts = new ConcurrentLinkedQueue<>();

  void add(Attempt attempt) {
    attempts.add(attempt);
  }

  int size() {
    return attempts.size();
  }

  /** Attempts by note id, each list in version order. */
  Map<String, List<Attempt>> byId() {
    Map<String, List<Attempt>> out = new LinkedHashMap<>();
    for (Attempt a : attempts) {
      out.computeIfAbsent(a.id(), k -> new ArrayList<>()).add(a);
    }
    out.values().forEach(l -> l.sort(Comparator.comparingInt(Attempt::version)));
    return out;
  }

  Map<Outcome, Integer> counts() {
    Map<Outcome, Integer> out = new EnumMap<>(Outcome.class);
    for (Outcome o : Outcome.values()) {
      out.put(o, 0);
    }
    attempts.forEach(a -> out.merge(a.outcome(), 1, Integer::sum));
    return out;
  }

  /** Statuses other than 200, 201 and 503, with how often each came. */
  Map<Integer, Integer> otherStatuses() {
    Map<Integer, Integer> out = new TreeMap<>();
    attempts.stream().filter(a -> a.outcome() == Outcome.OTHER_STATUS)
        .forEach(a -> out.merge(a.status(), 1, Integer::sum));
    return out;
  }

  /** How many sequence keys were written and how many of their versions were acknowledged. */
  String sequenceSummary() {
    long keys = attempts.stream().filter(a -> a.id().startsWith("seq-")).map(Attempt::id)
        .distinct().count();
    long acked = attempts.stream().filter(a -> a.id().startsWith("seq-") && a.acked()).count();
    return keys + " sequence keys, " + acked + " of their versions acknowledged";
  }

  /** A few examples of the answers that ended with {@code outcome}, to show in the summary. */
  List<String> examples(Outcome outcome, int max) {
    return attempts.stream().filter(a -> a.outcome() == outcome).limit(max)
        .map(a -> a.status() + " for " + a.id() + " on node " + a.node() + ": " + a.detail())
        .toList();
  }
}
