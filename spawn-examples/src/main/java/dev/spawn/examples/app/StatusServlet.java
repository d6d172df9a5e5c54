package dev.spawn.examples.app;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /health} (200 "ok": what a Spawn health check polls) and {@code GET /digest} (the
 * count and SHA-256 of all notes, to compare nodes). Thread-safe.
 */
final class StatusServlet extends HttpServlet {

  static final String HEALTH = "/health";
  static final String DIGEST = "/digest";

  private final transient NoteStore store;
  private final transient JsonReplies json;

  StatusServlet(NoteStore store, JsonReplies json) {
    this.store = store;
    this.json = json;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    switch (request.getServletPath()) {
      case HEALTH -> {
        byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
        response.setContentType("text/plain;charset=UTF-8");
        response.setContentLength(ok.length);
        response.getOutputStream().write(ok);
      }
      case DIGEST -> json.send(response, HttpServletResponse.SC_OK, store.digest());
      default -> json.error(response, HttpServletResponse.SC_NOT_FOUND, null,
          "no such resource: " + request.getRequestURI());
    }
  }
}
