package dev.spawn.metrics;

import java.util.Locale;

/** The Go service's kinds of request: reads, sets (POST, PUT, PATCH) and deletes. */
public enum Operation {
  GET,
  SET,
  DELETE;

  /** The kind of an HTTP method; anything that is neither a read nor DELETE counts as a set. */
  public static Operation of(String method) {
    String m = method.toUpperCase(Locale.ROOT);
    return switch (m) {
      case "GET", "HEAD", "OPTIONS" -> GET;
      case "DELETE" -> DELETE;
      default -> SET;
    };
  }
}
