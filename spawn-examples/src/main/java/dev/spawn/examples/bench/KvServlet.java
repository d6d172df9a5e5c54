package dev.spawn.examples.bench;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keys and values in memory at {@code /notes/{key}}: {@code PUT} stores the body as it came (201
 * new, 200 replaced, no body), {@code GET} returns it, {@code DELETE} removes it; {@code GET
 * /notes} answers the number of keys as text. The same paths as the notes app, so one load
 * script drives both. Thread-safe.
 */
final class KvServlet extends HttpServlet {

  static final String PATH = "/notes";
  private static final int MAX_BODY_BYTES = 64 * 1024;

  private final transient ConcurrentHashMap<String, byte[]> values = new ConcurrentHashMap<>();
  private final transient FanOut fanOut;

  /** A servlet that copies each write it takes to the nodes of {@code fanOut}, when not null. */
  KvServlet(FanOut fanOut) {
    this.fanOut = fanOut;
  }

  @Override
  protected void doPut(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String key = keyOf(request);
    if (key == null) {
      response.sendError(405, "PUT needs a key: /notes/{key}");
      return;
    }
    byte[] body = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
    if (body.length > MAX_BODY_BYTES) {
      response.sendError(413, "body must be at most " + MAX_BODY_BYTES + " bytes");
      return;
    }
    int status = values.put(key, body) == null ? 201 : 200;
    if (fanOut != null && request.getHeader(FanOut.COPY_HEADER) == null) {
      try {
        fanOut.send(request.getRequestURI(), body);
      } catch (IOException e) {
        response.sendError(502, "copying the write failed: " + e.getMessage());
        return;
      }
    }
    response.setStatus(status);
    response.setContentLength(0);
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String key = keyOf(request);
    byte[] body = key == null
        ? Integer.toString(values.size()).getBytes(StandardCharsets.US_ASCII) : values.get(key);
    if (body == null) {
      response.sendError(404, "no key '" + key + "'");
      return;
    }
    response.setContentType(key == null ? "text/plain" : "application/octet-stream");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  @Override
  protected void doDelete(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String key = keyOf(request);
    if (key == null || values.remove(key) == null) {
      response.sendError(404, "no key '" + key + "'");
      return;
    }
    response.setStatus(204);
  }

  /** The key in {@code /notes/{key}}, or null for {@code /notes} itself. */
  private static String keyOf(HttpServletRequest request) {
    String path = request.getPathInfo();
    return path == null || path.length() < 2 ? null : path.substring(1);
  }
}
