package dev.spawn.servlet.admin;

import java.util.List;
import java.util.Map;

/** What a handler answers: a status and JSON data (wrapped in the envelope) or plain text. */
record Reply(int status, Object data, String text, String contentType) {

  /** The Go service's success object: {@code {"success": true, "total": N, "results": [...]}}. */
  record Results(boolean success, int total, List<?> results) {}

  static Reply results(int status, List<?> results) {
    return new Reply(status, new Results(true, results.size(), List.copyOf(results)), null, null);
  }

  /** A success object with other members than results (login, token info). */
  static Reply object(int status, Map<String, ?> data) {
    return new Reply(status, data, null, null);
  }

  static Reply text(int status, String contentType, String text) {
    return new Reply(status, null, text, contentType);
  }

  static Reply error(ApiError e) {
    return new Reply(e.status(), e.failure(), null, null);
  }

  boolean isText() {
    return text != null;
  }
}
