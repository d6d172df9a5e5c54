package dev.spawn.servlet.admin;

import dev.spawn.Spawn;
import dev.spawn.journal.DeadLetter;
import dev.spawn.journal.Journal;
import dev.spawn.journal.JournalException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /deadletters}: updates a peer rejected, with their bodies (base64), to retry or purge.
 * Needs a journal; without one every route answers 404 saying so. Thread-safe.
 */
final class DeadLetterHandlers {

  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  /** Bounds one "retry all" so that a huge backlog is retried in several calls. */
  static final int MAX_RETRY_ALL = 10_000;

  private final Spawn spawn;
  private final PayloadDescriber describer;

  DeadLetterHandlers(Spawn spawn, PayloadDescriber describer) {
    this.spawn = spawn;
    this.describer = describer;
  }

  Reply list(Exchange x) {
    int limit = x.query("limit").map(DeadLetterHandlers::limit).orElse(DEFAULT_LIMIT);
    List<Map<String, Object>> views = new ArrayList<>();
    for (DeadLetter d : guarded(() -> journal().deadLetters(limit))) {
      views.add(view(d));
    }
    return Reply.results(200, views);
  }

  Reply get(Exchange x) {
    long id = id(x);
    DeadLetter d = guarded(() -> journal().deadLetter(id)).orElseThrow(() -> missing(id));
    return Reply.results(200, List.of(view(d)));
  }

  Reply retry(Exchange x) {
    long id = id(x);
    Journal j = journal();
    Optional<DeadLetter> d = guarded(() -> j.deadLetter(id));
    d.ifPresent(letter -> x.auditNode(letter.peer()));
    Optional<Long> seq = guarded(() -> j.retryDeadLetter(id));
    if (seq.isEmpty()) {
      throw missing(id);
    }
    return Reply.results(200, List.of(Map.of("id", id, "seq", seq.get())));
  }

  Reply retryAll(Exchange x) {
    Journal j = journal();
    List<Map<String, Object>> retried = new ArrayList<>();
    for (DeadLetter d : guarded(() -> j.deadLetters(MAX_RETRY_ALL))) {
      Optional<Long> seq = guarded(() -> j.retryDeadLetter(d.id()));
      seq.ifPresent(s -> retried.add(Map.of("id", d.id(), "seq", s)));
    }
    x.auditDetail("retried " + retried.size());
    return Reply.results(200, retried);
  }

  Reply delete(Exchange x) {
    long id = id(x);
    Journal j = journal();
    Optional<DeadLetter> d = guarded(() -> j.deadLetter(id));
    d.ifPresent(letter -> x.auditNode(letter.peer()));
    if (!guarded(() -> j.removeDeadLetter(id))) {
      throw missing(id);
    }
    return Reply.results(200, List.of(Map.of("id", id)));
  }

  Reply purge(Exchange x) {
    int purged = guarded(() -> journal().purgeDeadLetters());
    x.auditDetail("purged " + purged);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("success", true);
    data.put("total", purged);
    data.put("results", List.of());
    return Reply.object(200, data);
  }

  private Map<String, Object> view(DeadLetter d) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", d.id());
    v.put("node", d.peer());
    v.put("seq", d.seq());
    v.put("status", d.status());
    v.put("reason", d.reason());
    v.put("created", Instant.ofEpochMilli(d.createdAtMillis()).toString());
    v.put("bytes", d.payload().length);
    v.put("body", Base64.getEncoder().encodeToString(d.payload()));
    if (describer != null) {
      Object summary;
      try {
        summary = describer.describe(d.payload());
      } catch (RuntimeException e) {
        summary = Map.of("error", "could not describe the payload: " + e);
      }
      v.put("summary", summary);
    }
    return v;
  }

  private Journal journal() {
    return spawn.journal();
  }

  private static long id(Exchange x) {
    String s = x.var("id");
    if (s.isEmpty() || s.length() > 18 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw ApiError.badRequest(
          "Could not recognize id parameter: it must be a number, was '"
              + Json.shorten(s, 40)
              + "'",
          "take the id from GET /deadletters");
    }
    return Long.parseLong(s);
  }

  private static int limit(String s) {
    if (!s.matches("\\d{1,4}") || Integer.parseInt(s) < 1 || Integer.parseInt(s) > MAX_LIMIT) {
      throw ApiError.badRequest(
          "Could not recognize limit parameter: it must be a number 1.."
              + MAX_LIMIT
              + ", was '"
              + Json.shorten(s, 40)
              + "'",
          "for example ?limit=100");
    }
    return Integer.parseInt(s);
  }

  private static ApiError missing(long id) {
    return ApiError.notFound("no dead letter " + id + "; list them with GET /deadletters");
  }

  private static <T> T guarded(java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (JournalException e) {
      throw new ApiError(
              503,
              "The journal is unavailable: " + Json.shorten(e.getMessage(), 200),
              "try again later; see the server log")
          .header("Retry-After", "5");
    }
  }
}
