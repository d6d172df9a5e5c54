package dev.spawn.servlet.admin;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One audited call of the admin API: who did what, from where, and how it ended. Never holds a
 * password or a whole token. Immutable.
 *
 * @param at when the answer was sent
 * @param principal the authenticated user, the attempted user name for a login, or {@code
 *     anonymous}
 * @param remoteAddr the caller's address as the container saw it
 * @param method the HTTP method
 * @param path the path below the servlet's mount, with any token cut to a short prefix
 * @param nodes the ids of the nodes concerned, when there are any
 * @param status the HTTP status answered
 * @param detail a short note (such as "login refused"), or null
 */
public record AuditEvent(
    Instant at,
    String principal,
    String remoteAddr,
    String method,
    String path,
    List<String> nodes,
    int status,
    String detail) {

  /** Copies the node list. */
  public AuditEvent {
    Objects.requireNonNull(at, "at");
    nodes = List.copyOf(nodes);
  }

  /** Whether the call succeeded (a 2xx status). */
  public boolean succeeded() {
    return status >= 200 && status < 300;
  }
}
