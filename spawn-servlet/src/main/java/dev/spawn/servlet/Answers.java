package dev.spawn.servlet;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The filter's own answers: a JSON error in the admin API's shape, {@code {"success": false,
 * "error": <status>, "message": "..."}}, optionally with {@code Retry-After}. Stateless.
 */
final class Answers {

  /** Seconds a client is asked to wait before retrying a 503. */
  static final int RETRY_AFTER_SECONDS = 5;

  private Answers() {}

  /** Answers with an error; the response must not be committed. */
  static void error(HttpServletResponse response, int status, String message) throws IOException {
    write(response, status, message, false);
  }

  /** Answers 503 with {@code Retry-After}; the response must not be committed. */
  static void unavailable(HttpServletResponse response, String message) throws IOException {
    write(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, message, true);
  }

  /** Answers 200 with a short JSON note, for a duplicate the app did not run. */
  static void ok(HttpServletResponse response, String message) throws IOException {
    byte[] body = ("{\"success\": true, \"message\": " + quote(message) + "}\n")
        .getBytes(StandardCharsets.UTF_8);
    send(response, HttpServletResponse.SC_OK, body);
  }

  private static void write(HttpServletResponse response, int status, String message,
      boolean retry) throws IOException {
    if (retry) {
      response.setHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
    }
    byte[] body = ("{\"success\": false, \"error\": " + status + ", \"message\": "
        + quote(message) + "}\n").getBytes(StandardCharsets.UTF_8);
    send(response, status, body);
  }

  private static void send(HttpServletResponse response, int status, byte[] body)
      throws IOException {
    response.setStatus(status);
    response.setContentType("application/json;charset=UTF-8");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  /** A JSON string literal. */
  static String quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
