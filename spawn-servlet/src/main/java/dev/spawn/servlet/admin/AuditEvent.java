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

  /**
   * This event as one line, such as {@code who=alice from=10.0.0.7 PUT /nodes/a/80 nodes=[a:80]
   * status=201}. Control characters are replaced and long values cut, so a crafted path or user
   * name cannot forge or flood log lines.
   */
  public String line() {
    return "who="
        + clean(principal)
        + " from="
        + clean(remoteAddr)
        + " "
        + clean(method)
        + " "
        + clean(path)
        + (nodes.isEmpty() ? "" : " nodes=" + clean(nodes.toString()))
        + " status="
        + status
        + (detail == null ? "" : " (" + clean(detail) + ")");
  }

  private static String clean(String s) {
    if (s == null) {
      return "-";
    }
    String c = s.replaceAll("\\p{Cntrl}", "?");
    return c.length() > 300 ? c.substring(0, 300) + "\u2026" : c;
  }
}
