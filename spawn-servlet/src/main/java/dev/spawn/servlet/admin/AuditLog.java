package dev.spawn.servlet.admin;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the admin API writes one line per change (and per login, logout and dead-letter view).
 * The default, {@link #logging()}, writes to the SLF4J logger {@value #LOGGER_NAME}, so operators
 * route audit lines with their logging configuration. Implementations must be thread-safe and
 * must not throw.
 */
@FunctionalInterface
public interface AuditLog {

  /** The name of the default logger. */
  String LOGGER_NAME = "dev.spawn.audit";

  /** Records one event. */
  void record(AuditEvent event);

  /**
   * Logs each event at INFO (WARN when refused) to {@value #LOGGER_NAME}, as {@code who=alice
   * from=10.0.0.7 PUT /nodes/a/80 nodes=[a:80] status=201}; control characters are replaced so a
   * crafted path or user name cannot forge lines.
   */
  static AuditLog logging() {
    Logger log = LoggerFactory.getLogger(LOGGER_NAME);
    return e -> {
      String line =
          "who=" + clean(e.principal()) + " from=" + clean(e.remoteAddr()) + " " + e.method() + " "
              + clean(e.path()) + (e.nodes().isEmpty() ? "" : " nodes=" + clean(e.nodes().toString()))
              + " status=" + e.status() + (e.detail() == null ? "" : " (" + clean(e.detail()) + ")");
      if (e.succeeded()) {
        log.info(line);
      } else {
        log.warn(line);
      }
    };
  }

  private static String clean(String s) {
    if (s == null) {
      return "-";
    }
    String c = s.replaceAll("\\p{Cntrl}", "?");
    return c.length() > 300 ? c.substring(0, 300) + "\u2026" : c;
  }
}
