package dev.spawn.examples.app;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.UUID;

/**
 * The id and the time that one write gives to what it creates. Immutable and thread-safe.
 *
 * <p>Why this class exists: Spawn replicates requests, not data. Every node runs the same POST
 * itself, so a note id made from a random UUID, or a timestamp read from the local clock, would
 * differ on every node and the copies would drift apart at the first write. Spawn makes a unique,
 * time-ordered id and notes the origin's clock when it accepts a request, before the app runs, and
 * hands both to the app on the origin and on every peer: as request attributes (set by the Spawn
 * filter) and as the headers {@code Spawn-Id} and {@code Spawn-Origin-Time} (which also reach nodes
 * behind the Spawn gateway, where no filter runs). Taking them from there makes the write
 * deterministic. Only when neither is present, when the app runs without Spawn, does it fall back
 * to a random id and its own clock.
 */
record WriteStamp(String id, long time) {

  /** The request attribute holding the Spawn id (a String), as the Spawn filter sets it. */
  static final String ID_ATTRIBUTE = "dev.spawn.id";
  /** The request attribute holding the origin's acceptance time (epoch ms, a Long). */
  static final String TIME_ATTRIBUTE = "dev.spawn.originTime";
  static final String ID_HEADER = "Spawn-Id";
  static final String TIME_HEADER = "Spawn-Origin-Time";

  /**
   * The stamp for a request: the attribute if set, else the header, else a random UUID and the
   * given clock (each of id and time on its own).
   *
   * @throws BadInputException if a Spawn header is present but malformed
   * @throws IllegalStateException if an attribute has a type no Spawn filter would set
   */
  static WriteStamp of(HttpServletRequest request, Clock clock) {
    return new WriteStamp(idOf(request), timeOf(request, clock));
  }

  private static String idOf(HttpServletRequest request) {
    Object attribute = request.getAttribute(ID_ATTRIBUTE);
    String id = attribute != null ? attribute.toString() : request.getHeader(ID_HEADER);
    if (id == null) {
      return UUID.randomUUID().toString();
    }
    if (!Note.isValidId(id)) {
      throw new BadInputException(ID_HEADER,
          ID_HEADER + " must match " + Note.idPattern() + " to serve as a note id, was '" + id
              + "'");
    }
    return id;
  }

  private static long timeOf(HttpServletRequest request, Clock clock) {
    Object attribute = request.getAttribute(TIME_ATTRIBUTE);
    if (attribute instanceof Number number) {
      return number.longValue();
    }
    if (attribute != null) {
      throw new IllegalStateException("request attribute " + TIME_ATTRIBUTE
          + " must be a Long (epoch ms), was a " + attribute.getClass().getName());
    }
    String header = request.getHeader(TIME_HEADER);
    if (header == null) {
      return clock.millis();
    }
    try {
      return Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      throw new BadInputException(TIME_HEADER,
          TIME_HEADER + " must be epoch milliseconds, was '" + header + "'");
    }
  }
}
