package dev.spawn.servlet.admin;

import dev.spawn.mirror.MirrorHeaders;
import jakarta.servlet.http.HttpServletRequest;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One request to the admin API as the handlers see it: its route variables, query, bounded body,
 * and what the audit line will say. Not thread-safe (one per request).
 */
final class Exchange {

  private static final String ANONYMOUS = "anonymous";

  private final HttpServletRequest request;
  private final String path;
  private final List<String> segments;
  private Map<String, List<String>> query;
  private String pattern = "(no route)";
  private Map<String, String> vars = Map.of();
  private byte[] body;

  private String principal = ANONYMOUS;
  private String auditPath;
  private final List<String> auditNodes = new ArrayList<>();
  private String auditDetail;

  Exchange(HttpServletRequest request) {
    this.request = request;
    String p = request.getPathInfo();
    if (p == null) {
      // Mapped as the default servlet ("/"): the whole path is the servlet path.
      p = request.getServletPath() == null ? "/" : request.getServletPath();
    }
    this.path = p.isEmpty() ? "/" : p;
    String trimmed = path.startsWith("/") ? path.substring(1) : path;
    this.segments = List.of(trimmed.split("/", -1));
    this.auditPath = path;
  }

  /** Whether SpawnFilter applied this request from a peer (signature verified). */
  boolean replicated() {
    return Boolean.TRUE.equals(request.getAttribute(MirrorHeaders.ATTR_REPLICATED));
  }

  String method() {
    return request.getMethod().toUpperCase(Locale.ROOT);
  }

  String path() {
    return path;
  }

  List<String> segments() {
    return segments;
  }

  String remoteAddr() {
    return request.getRemoteAddr();
  }

  String header(String name) {
    return request.getHeader(name);
  }

  void route(String routePattern, Map<String, String> routeVars) {
    this.pattern = routePattern;
    this.vars = routeVars;
  }

  /** The matched route's pattern, such as {@code /nodes/{host}/{port}}. */
  String pattern() {
    return pattern;
  }

  /** A route variable such as {@code host}. */
  String var(String name) {
    String v = vars.get(name);
    if (v == null) {
      throw new IllegalStateException("route has no variable " + name);
    }
    return v;
  }

  /** One query parameter, parsed from the raw query string (the body is never touched). */
  Optional<String> query(String name) {
    if (query == null) {
      query = Forms.parse(request.getQueryString(), "query string");
    }
    List<String> values = query.get(name);
    if (values == null || values.isEmpty()) {
      return Optional.empty();
    }
    if (values.size() > 1) {
      throw ApiError.badRequest(
          "Could not recognize " + name + " parameter: it was given " + values.size() + " times",
          "give the query parameter '" + name + "' once");
    }
    return Optional.of(values.get(0));
  }

  /** Whether {@code ?pretty=true} asks for indented JSON. Never fails. */
  boolean pretty() {
    try {
      return query("pretty").map("true"::equalsIgnoreCase).orElse(false);
    } catch (ApiError e) {
      return false;
    }
  }

  /** The media type of the body, lower case without parameters; empty when none was sent. */
  String mediaType() {
    String ct = request.getContentType();
    if (ct == null) {
      return "";
    }
    int semi = ct.indexOf(';');
    return (semi < 0 ? ct : ct.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
  }

  boolean isForm() {
    return mediaType().equals("application/x-www-form-urlencoded");
  }

  /**
   * The request body, read at most once and never past {@link AdminSettings#MAX_BODY_BYTES}.
   *
   * @throws ApiError 413 when it is larger, 400 when it cannot be read
   */
  byte[] body() {
    if (body != null) {
      return body;
    }
    long declared = request.getContentLengthLong();
    if (declared > AdminSettings.MAX_BODY_BYTES) {
      throw tooLarge("declares " + declared + " bytes");
    }
    byte[] read;
    try (InputStream in = request.getInputStream()) {
      read = in.readNBytes(AdminSettings.MAX_BODY_BYTES + 1);
    } catch (Exception e) {
      // A broken chunked encoding or a client that went away: the input is bad, not the server.
      throw ApiError.badRequest(
          "Could not read the request body: " + Json.shorten(e.getMessage(), 120),
          "send a complete body of at most " + AdminSettings.MAX_BODY_BYTES + " bytes");
    }
    if (read.length > AdminSettings.MAX_BODY_BYTES) {
      throw tooLarge("is longer than that");
    }
    body = read;
    return body;
  }

  /** The body parsed as a form ({@code application/x-www-form-urlencoded}). */
  Map<String, List<String>> form() {
    return Forms.parse(new String(body(), StandardCharsets.UTF_8), "form body");
  }

  private static ApiError tooLarge(String what) {
    return new ApiError(
            413,
            "Request body too large: it "
                + what
                + "; at most "
                + AdminSettings.MAX_BODY_BYTES
                + " bytes (1 MiB) are accepted",
            "send a smaller body; node lists are a few hundred bytes per node")
        .header("Connection", "close");
  }

  // ---- who, and what the audit line says ------------------------------------------------------

  String principal() {
    return principal;
  }

  void principal(String who) {
    this.principal = who == null ? ANONYMOUS : who;
  }

  String auditPath() {
    return auditPath;
  }

  /** Replaces the path in the audit line (to hide a token in it). */
  void auditPath(String p) {
    this.auditPath = p;
  }

  List<String> auditNodes() {
    return auditNodes;
  }

  void auditNode(String nodeId) {
    auditNodes.add(nodeId);
  }

  String auditDetail() {
    return auditDetail;
  }

  void auditDetail(String detail) {
    this.auditDetail = detail;
  }

  /** Parses {@code a=1&b=2} strings. */
  static final class Forms {
    private Forms() {}

    static Map<String, List<String>> parse(String raw, String where) {
      Map<String, List<String>> out = new LinkedHashMap<>();
      if (raw == null || raw.isEmpty()) {
        return out;
      }
      for (String pair : raw.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String name = decode(eq < 0 ? pair : pair.substring(0, eq), where);
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1), where);
        out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      }
      return out;
    }

    private static String decode(String s, String where) {
      try {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw ApiError.badRequest(
            "Could not recognize parameters: the " + where + " has a malformed %-escape",
            "percent-encode parameters as UTF-8 (%XX)");
      }
    }
  }
}
