package dev.spawn.servlet.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spawn.Node;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The node fields a PUT body gives, each null when absent; absent fields keep the node's current
 * values (or the defaults for a new node), as the Go service did. Parsing is strict: unknown
 * fields, wrong types and out-of-range numbers are refused with a message that names the field.
 */
record NodeFields(
    String host,
    Integer port,
    Integer priority,
    Boolean active,
    Boolean maintenance,
    String scheme) {

  static final Set<String> NAMES =
      Set.of("host", "port", "priority", "active", "maintenance", "scheme");
  static final String SHAPE =
      "a JSON object such as {\"host\": \"node1.example.org\", \"port\": 8080, \"priority\": 1,"
          + " \"active\": true, \"maintenance\": false, \"scheme\": \"http\"}";

  static final NodeFields NONE = new NodeFields(null, null, null, null, null, null);

  /** Reads an object; {@code where} prefixes field names in messages (such as {@code [2].}). */
  static NodeFields fromJson(JsonNode obj, String where) {
    if (obj == null) {
      return NONE;
    }
    if (!obj.isObject()) {
      throw bad(
          where.isEmpty() ? "the body" : where.substring(0, where.length() - 1),
          "must be a JSON object, was " + Json.describe(obj));
    }
    for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!NAMES.contains(name)) {
        throw ApiError.badRequest(
            "Could not recognize parameters: unknown field '"
                + where
                + Json.shorten(name, 40)
                + "'",
            "a node has the fields host, port, priority, active, maintenance and scheme");
      }
    }
    return new NodeFields(
        text(obj, "host", where),
        port(obj, where),
        integer(obj, "priority", where),
        bool(obj, "active", where),
        bool(obj, "maintenance", where),
        text(obj, "scheme", where));
  }

  /** Reads form parameters (as the Go handler's single-node PUT accepted). */
  static NodeFields fromForm(Map<String, List<String>> form) {
    for (Map.Entry<String, List<String>> e : form.entrySet()) {
      if (!NAMES.contains(e.getKey())) {
        throw ApiError.badRequest(
            "Could not recognize parameters: unknown parameter '"
                + Json.shorten(e.getKey(), 40)
                + "'",
            "a node has the parameters host, port, priority, active, maintenance and scheme");
      }
      if (e.getValue().size() > 1) {
        throw bad(e.getKey(), "was given " + e.getValue().size() + " times; give it once");
      }
    }
    String port = one(form, "port");
    String priority = one(form, "priority");
    return new NodeFields(
        one(form, "host"),
        port == null ? null : parsePort(port, "port", "a node's port is a number 1..65535"),
        priority == null ? null : parseInt(priority, "priority"),
        parseBool(one(form, "active"), "active"),
        parseBool(one(form, "maintenance"), "maintenance"),
        one(form, "scheme"));
  }

  /**
   * This node with the given fields applied over {@code base}.
   *
   * @throws ApiError 400 naming the field the node refused
   */
  Node applyTo(Node base, String where) {
    try {
      return new Node(
          host != null ? host : base.host(),
          port != null ? port : base.port(),
          priority != null ? priority : base.priority(),
          active != null ? active : base.active(),
          maintenance != null ? maintenance : base.maintenance(),
          scheme != null ? scheme : base.scheme());
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(
          "Could not recognize parameters: " + where + Json.shorten(e.getMessage(), 300),
          "see GET /list/nodes/set");
    }
  }

  /** Parses a port given as text (a path segment or form value): 1..65535, digits only. */
  static int parsePort(String s, String field, String info) {
    boolean digits =
        !s.isEmpty() && s.length() <= 5 && s.chars().allMatch(c -> c >= '0' && c <= '9');
    if (!digits || Integer.parseInt(s) < 1 || Integer.parseInt(s) > 65535) {
      throw ApiError.badRequest(
          "Could not recognize "
              + field
              + " parameter: it must be a number 1..65535, was '"
              + Json.shorten(s, 40)
              + "'",
          info);
    }
    return Integer.parseInt(s);
  }

  private static int parseInt(String s, String field) {
    if (!s.matches("-?\\d{1,10}")) {
      throw bad(field, "must be a whole number, was '" + Json.shorten(s, 40) + "'");
    }
    long v = Long.parseLong(s);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw bad(field, "is out of range: " + v);
    }
    return (int) v;
  }

  private static Boolean parseBool(String s, String field) {
    if (s == null) {
      return null;
    }
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw bad(field, "must be true or false, was '" + Json.shorten(s, 40) + "'");
    };
  }

  private static String one(Map<String, List<String>> form, String name) {
    List<String> v = form.get(name);
    return v == null ? null : v.get(0);
  }

  private static String text(JsonNode obj, String name, String where) {
    JsonNode v = obj.get(name);
    if (v == null) {
      return null;
    }
    if (!v.isTextual()) {
      throw bad(where + name, "must be a string, was " + Json.describe(v));
    }
    return v.textValue();
  }

  private static Integer port(JsonNode obj, String where) {
    JsonNode v = obj.get("port");
    if (v == null) {
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 1 || v.intValue() > 65535) {
      throw bad(where + "port", "must be a whole number 1..65535, was " + Json.describe(v));
    }
    return v.intValue();
  }

  private static Integer integer(JsonNode obj, String name, String where) {
    JsonNode v = obj.get(name);
    if (v == null) {
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw bad(where + name, "must be a whole number (32-bit), was " + Json.describe(v));
    }
    return v.intValue();
  }

  private static Boolean bool(JsonNode obj, String name, String where) {
    JsonNode v = obj.get(name);
    if (v == null) {
      return null;
    }
    if (!v.isBoolean()) {
      throw bad(where + name, "must be true or false (a JSON boolean), was " + Json.describe(v));
    }
    return v.booleanValue();
  }

  private static ApiError bad(String field, String problem) {
    return ApiError.badRequest(
        "Could not recognize " + field + " parameter: it " + problem,
        "a node is " + SHAPE + "; see GET /list/nodes/set");
  }
}
