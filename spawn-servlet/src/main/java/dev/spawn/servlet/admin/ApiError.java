package dev.spawn.servlet.admin;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An answer other than success, thrown by a handler and written in the Go service's error shape:
 * {@code {"success": false, "error": <status>, "message": ..., "info": ...}}.
 */
final class ApiError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String info;
  private final Map<String, String> headers = new LinkedHashMap<>();

  ApiError(int status, String message, String info) {
    super(message, null, false, false);
    this.status = status;
    this.info = info;
  }

  static ApiError badRequest(String message, String info) {
    return new ApiError(400, message, info);
  }

  static ApiError notFound(String info) {
    return new ApiError(404, "Record(s) not found", info);
  }

  /** Adds a header to send with the error (Allow, WWW-Authenticate). */
  ApiError header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  int status() {
    return status;
  }

  String info() {
    return info;
  }

  Map<String, String> headers() {
    return headers;
  }

  /** The body's {@code data}. */
  Failure failure() {
    return new Failure(false, status, getMessage(), info);
  }

  /** The Go service's error object. */
  record Failure(boolean success, int error, String message, String info) {}
}
