package dev.spawn.servlet.admin;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the admin API writes one line per change (and per login, logout and dead-letter view). The
 * default, {@link #logging()}, writes to the SLF4J logger {@value #LOGGER_NAME}, so operators route
 * audit lines with their logging configuration. Implementations must be thread-safe and must not
 * throw.
 */
@FunctionalInterface
public interface AuditLog {

  /** The name of the default logger. */
  String LOGGER_NAME = "dev.spawn.audit";

  /** Records one event. */
  void record(AuditEvent event);

  /**
   * Logs each event's {@link AuditEvent#line()} at INFO (WARN when refused) to {@value
   * #LOGGER_NAME}.
   */
  static AuditLog logging() {
    Logger log = LoggerFactory.getLogger(LOGGER_NAME);
    return e -> {
      if (e.succeeded()) {
        log.info(e.line());
      } else {
        log.warn(e.line());
      }
    };
  }
}
