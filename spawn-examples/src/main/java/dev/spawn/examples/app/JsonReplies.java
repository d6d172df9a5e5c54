package dev.spawn.examples.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes JSON answers and JSON errors for the app's servlets. Thread-safe. */
final class JsonReplies {

  private final ObjectMapper mapper;

  JsonReplies(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  ObjectMapper mapper() {
    return mapper;
  }

  void send(HttpServletResponse response, int status, Object body) throws IOException {
    byte[] bytes = mapper.writeValueAsBytes(body);
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  /** An error as {@code {"error": message, "field": field}}; the field is left out when null. */
  void error(HttpServletResponse response, int status, String field, String message)
      throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", message);
    if (field != null) {
      body.put("field", field);
    }
    send(response, status, body);
  }
}
