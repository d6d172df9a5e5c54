package dev.spawn.examples.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spawn.Spawn;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A stand-in for the admin REST API until {@code dev.spawn.servlet.admin.AdminServlet} exists: the
 * read-only routes {@code GET /nodes} and {@code GET /queues}, in the Go service's envelope
 * ({@code {"duration", "took", "data": {"success", "total", "results"}}}). See {@link
 * AdminServer} for where the real one is mounted. Thread-safe.
 */
final class InterimAdminServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  private final transient Spawn spawn;
  private final transient ObjectMapper json;

  InterimAdminServlet(Spawn spawn, ObjectMapper json) {
    this.spawn = spawn;
    this.json = json;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    long start = System.nanoTime();
    String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
    List<?> results;
    switch (path) {
      case "/nodes" -> results = spawn.nodes().all();
      case "/queues" -> results = spawn.queues();
      default -> {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("success", false);
        error.put("error", 404);
        error.put("message", "no route " + path + " in this gateway's interim admin API");
        error.put("info", "GET /nodes and GET /queues are served; the full admin API comes with"
            + " spawn-servlet's AdminServlet");
        send(response, 404, error, request);
        return;
      }
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("success", true);
    data.put("total", results.size());
    data.put("results", results);
    long took = System.nanoTime() - start;
    Map<String, Object> envelope = new LinkedHashMap<>();
    envelope.put("duration", took);
    envelope.put("took", String.format(Locale.ROOT, "%.3fms", took / 1e6));
    envelope.put("data", data);
    send(response, 200, envelope, request);
  }

  private void send(HttpServletResponse response, int status, Object body,
      HttpServletRequest request) throws IOException {
    response.setStatus(status);
    response.setContentType("application/json");
    boolean pretty = "true".equals(request.getParameter("pretty"));
    byte[] bytes = pretty ? json.writerWithDefaultPrettyPrinter().writeValueAsBytes(body)
        : json.writeValueAsBytes(body);
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }
}
