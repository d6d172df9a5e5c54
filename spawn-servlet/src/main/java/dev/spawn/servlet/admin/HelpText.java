package dev.spawn.servlet.admin;

import java.util.List;

/**
 * The plain-text help of {@code /list} and its sub-routes: tables of method, path, access and
 * meaning, and the node fields. Immutable and thread-safe.
 */
final class HelpText {

  record Line(String method, String path, String access, String meaning) {}

  private static final String HEADER =
      "Spawn admin API\n\nKeeps the node list of a Spawn cluster and shows its queues, dead letters"
          + " and metrics.\nPaths are relative to where this API is mounted. Add ?pretty=true for"
          + " indented JSON.\nAccess: open = anyone; read = anyone unless tokens are required for"
          + " reads;\ntoken = 'Authorization: Bearer <token>' from POST /login (in development mode"
          + " without\nauthentication: loopback callers only).\n";

  static final List<Line> NODES_GET =
      List.of(
          new Line("GET", "/nodes", "read", "all nodes, in priority order"),
          new Line("GET", "/nodes/{host}", "read", "the nodes on one host"),
          new Line("GET", "/nodes/{host}/{port}", "read", "one node"));
  static final List<Line> NODES_SET =
      List.of(
          new Line(
              "PUT",
              "/nodes/{host}/{port}",
              "token",
              "create (201) or update (202) one node; a body host/port moves it"),
          new Line(
              "PUT",
              "/nodes",
              "token",
              "update existing nodes from a JSON array, all or nothing (202)"));
  static final List<Line> NODES_DELETE =
      List.of(
          new Line("DELETE", "/nodes/{host}/{port}", "token", "delete one node"),
          new Line("DELETE", "/nodes/{host}", "token", "delete every node on a host"),
          new Line("DELETE", "/nodes", "token", "delete every node"));
  static final List<Line> OTHERS =
      List.of(
          new Line("GET", "/info", "read", "service, host, Java runtime and release"),
          new Line("GET", "/list[/nodes[/get|/set|/delete]]", "open", "this help"),
          new Line("POST", "/login", "open", "username + password (form or JSON) -> token"),
          new Line("GET", "/login/{token}", "open", "whether a token is valid, and until when"),
          new Line("DELETE", "/logout[/{token}]", "open", "revoke a token (path or Bearer header)"),
          new Line("GET", "/queues", "read", "per peer: state, depth, oldest age, stuck update"),
          new Line("GET", "/queues/{host}/{port}", "read", "one peer's queue"),
          new Line(
              "POST",
              "/queues/{host}/{port}/reset",
              "token",
              "resume a needs-resync peer after its data was brought over"),
          new Line("GET", "/deadletters[/{id}]", "token", "updates peers rejected, with bodies"),
          new Line("POST", "/deadletters/{id}/retry", "token", "send one again"),
          new Line("POST", "/deadletters/retry", "token", "send all again"),
          new Line("DELETE", "/deadletters[/{id}]", "token", "drop one, or all"),
          new Line(
              "GET",
              "/metrics",
              "read",
              "per node success/failure/queued x get/set/delete (text; JSON with ?format=json)"),
          new Line("GET", "/metrics/prometheus", "read", "Prometheus text (needs Micrometer)"));

  private static final String FIELDS =
      "\nNode fields (JSON body, or form parameters for PUT /nodes/{host}/{port}):\n"
          + table(
              List.of(
                  new Line("host", "string", "yes", "DNS name, IPv4, or [IPv6]"),
                  new Line("port", "number", "yes", "1..65535"),
                  new Line("priority", "number", "no (0)", "1,2,3 first, then 0, then -1,-2,-3"),
                  new Line("active", "boolean", "no (true)", "false: no updates, queue dropped"),
                  new Line("maintenance", "boolean", "no (false)", "true: no reads, updates held"),
                  new Line("scheme", "string", "no (http)", "http or https")),
              new String[] {"Field", "Type", "Required", "Meaning"})
          + "Fields left out of a PUT keep their current values.\n";

  private HelpText() {}

  private static final List<Line> NODES =
      java.util.stream.Stream.of(NODES_GET, NODES_SET, NODES_DELETE).flatMap(List::stream).toList();

  static String all() {
    return HEADER + "\nNodes\n" + table(NODES) + "\nEverything else\n" + table(OTHERS) + FIELDS;
  }

  static String nodes() {
    return HEADER + "\nNodes\n" + table(NODES) + FIELDS;
  }

  static String nodes(List<Line> lines, String title) {
    return HEADER + "\n" + title + "\n" + table(lines) + FIELDS;
  }

  private static String table(List<Line> lines) {
    return table(lines, new String[] {"Method", "Path", "Access", "Meaning"});
  }

  private static String table(List<Line> lines, String[] head) {
    int[] w = new int[4];
    for (int i = 0; i < 4; i++) {
      w[i] = head[i].length();
    }
    for (Line l : lines) {
      String[] c = {l.method(), l.path(), l.access(), l.meaning()};
      for (int i = 0; i < 4; i++) {
        w[i] = Math.max(w[i], c[i].length());
      }
    }
    StringBuilder rule = new StringBuilder("+");
    for (int width : w) {
      rule.append("-".repeat(width + 2)).append('+');
    }
    rule.append('\n');
    StringBuilder out = new StringBuilder().append(rule);
    row(out, head, w);
    out.append(rule);
    for (Line l : lines) {
      row(out, new String[] {l.method(), l.path(), l.access(), l.meaning()}, w);
    }
    return out.append(rule).toString();
  }

  private static void row(StringBuilder out, String[] cells, int[] w) {
    out.append('|');
    for (int i = 0; i < 4; i++) {
      out.append(' ').append(cells[i]).append(" ".repeat(w[i] - cells[i].length())).append(" |");
    }
    out.append('\n');
  }
}
