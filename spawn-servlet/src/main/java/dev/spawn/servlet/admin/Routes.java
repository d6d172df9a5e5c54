package dev.spawn.servlet.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The route table: path patterns such as {@code /nodes/{host}/{port}}, each with a handler and an
 * access level per method. Literal segments are matched before variables because routes are tried
 * in the order they were added. Immutable once built; thread-safe.
 */
final class Routes {

  /** Who may call an endpoint. */
  enum Access {
    /** Anyone: help, login and logout (a token is its own credential). */
    OPEN,
    /** Anyone, unless the settings ask for tokens on reads too. */
    READ,
    /** Shows request bodies (dead letters): a token, or a loopback caller in dev mode. */
    SENSITIVE,
    /** Changes state: a token, or a loopback caller in dev mode. */
    CHANGE
  }

  /** Handles one request. */
  @FunctionalInterface
  interface Handler {
    Reply handle(Exchange x) throws Exception;
  }

  record Endpoint(Access access, Handler handler) {}

  /** What a path matched: the route, its variables, and the endpoint for the method if any. */
  record Match(String pattern, Map<String, String> vars, Endpoint endpoint, Set<String> allowed) {}

  private final List<Route> routes = new ArrayList<>();

  /** Adds a route; call its methods to add endpoints. */
  Route route(String pattern) {
    Route r = new Route(pattern);
    routes.add(r);
    return r;
  }

  /**
   * Matches a path and method.
   *
   * @return null when no route has this path; a match whose endpoint is null when the path is known
   *     but the method is not allowed on it
   */
  Match match(String method, List<String> segments) {
    Set<String> allowed = new LinkedHashSet<>();
    String firstPattern = null;
    Map<String, String> firstVars = null;
    for (Route r : routes) {
      Map<String, String> vars = r.bind(segments);
      if (vars == null) {
        continue;
      }
      if (firstPattern == null) {
        firstPattern = r.pattern;
        firstVars = vars;
      }
      Endpoint e = r.endpoints.get(method);
      if (e != null) {
        return new Match(r.pattern, vars, e, allowedFor(segments));
      }
      allowed.addAll(r.endpoints.keySet());
    }
    if (firstPattern == null) {
      return null;
    }
    allowed.add("OPTIONS");
    return new Match(firstPattern, firstVars, null, allowed);
  }

  private Set<String> allowedFor(List<String> segments) {
    Set<String> allowed = new LinkedHashSet<>();
    for (Route r : routes) {
      if (r.bind(segments) != null) {
        allowed.addAll(r.endpoints.keySet());
      }
    }
    allowed.add("OPTIONS");
    return allowed;
  }

  /** One path pattern and its endpoints by method. */
  static final class Route {
    private final String pattern;
    private final String[] parts;
    private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();

    private Route(String pattern) {
      this.pattern = pattern;
      this.parts = pattern.substring(1).split("/", -1);
    }

    Route get(Access access, Handler h) {
      return on("GET", access, h);
    }

    Route put(Access access, Handler h) {
      return on("PUT", access, h);
    }

    Route post(Access access, Handler h) {
      return on("POST", access, h);
    }

    Route delete(Access access, Handler h) {
      return on("DELETE", access, h);
    }

    private Route on(String method, Access access, Handler h) {
      endpoints.put(method, new Endpoint(access, h));
      return this;
    }

    private Map<String, String> bind(List<String> segments) {
      if (segments.size() != parts.length) {
        return null;
      }
      Map<String, String> vars = new LinkedHashMap<>();
      for (int i = 0; i < parts.length; i++) {
        String part = parts[i];
        if (part.startsWith("{")) {
          vars.put(part.substring(1, part.length() - 1), segments.get(i));
        } else if (!part.equals(segments.get(i))) {
          return null;
        }
      }
      return vars;
    }
  }
}
