package dev.spawn.servlet.admin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import java.util.Set;

/**
 * Cross-origin headers, only for the configured origins: the caller's exact origin is echoed (never
 * a wildcard), credentials are not offered (the API uses bearer tokens, not cookies), and every
 * answer says {@code Vary: Origin} so caches keep origins apart. Immutable and thread-safe.
 */
final class Cors {

  private final Set<String> origins;

  Cors(Set<String> origins) {
    this.origins = Set.copyOf(origins);
  }

  /** Adds {@code Vary} and, for an allowed origin, {@code Access-Control-Allow-Origin}. */
  void decorate(HttpServletRequest req, HttpServletResponse resp) {
    resp.addHeader("Vary", "Origin");
    String origin = req.getHeader("Origin");
    if (allowed(origin)) {
      resp.setHeader("Access-Control-Allow-Origin", origin);
    }
  }

  /** Adds the preflight headers when the origin is allowed and this is a preflight. */
  void preflight(HttpServletRequest req, HttpServletResponse resp, Set<String> methods) {
    if (!allowed(req.getHeader("Origin"))
        || req.getHeader("Access-Control-Request-Method") == null) {
      return;
    }
    resp.setHeader("Access-Control-Allow-Methods", String.join(", ", methods));
    resp.setHeader("Access-Control-Allow-Headers", "Authorization, Content-Type");
    resp.setHeader("Access-Control-Max-Age", "600");
  }

  private boolean allowed(String origin) {
    return origin != null && origins.contains(origin.toLowerCase(Locale.ROOT));
  }
}
