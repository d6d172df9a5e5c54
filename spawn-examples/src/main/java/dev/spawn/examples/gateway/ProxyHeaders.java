package dev.spawn.examples.gateway;

import dev.spawn.Node;
import dev.spawn.mirror.HeaderFilter;
import dev.spawn.mirror.MirrorHeaders;
import dev.spawn.mirror.MirrorRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Request;

/**
 * Which headers cross the gateway in each direction, and the {@code X-Forwarded-*} headers it adds.
 * The one place these rules live. Stateless and thread-safe.
 *
 * <p>Towards a node: hop-by-hop headers (and every header the {@code Connection} header names),
 * {@code Host} (the node gets its own), {@code Content-Length} (recomputed), {@code Expect} (the
 * gateway answers it), client-sent {@code Spawn-*} headers (only the gateway may set them) and
 * client-sent {@code X-Forwarded-Proto}/{@code X-Forwarded-Host} (a client could lie) are dropped;
 * {@code X-Forwarded-For} gets the client's address appended. Writes go through the configured
 * {@link HeaderFilter} as well, which also drops {@code Cookie}: sessions are per node. Towards the
 * client: hop-by-hop headers are dropped.
 */
final class ProxyHeaders {

  static final String X_FORWARDED_PROTO = "X-Forwarded-Proto";
  static final String X_FORWARDED_HOST = "X-Forwarded-Host";

  private static final Set<String> HOP_BY_HOP = Set.of(
      "connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding",
      "upgrade", "proxy-authenticate", "proxy-authorization");

  private static final Set<String> NOT_FORWARDED = Set.of(
      "host", "content-length", "expect", "x-forwarded-proto", "x-forwarded-host");

  private ProxyHeaders() {}

  /**
   * The headers a read is forwarded with. The client's own fields are passed on as they are (no
   * copies, no checks beyond these rules): they go straight from Jetty's parsed request to the node,
   * on the path every read takes.
   */
  static HttpFields forRead(Request request) {
    HttpFields fields = request.getHeaders();
    Set<String> named = connectionNamed(fields);
    HttpFields.Mutable out = HttpFields.build(fields.size() + 3);
    StringBuilder forwardedFor = null;
    for (HttpField f : fields) {
      String lower = f.getLowerCaseName();
      if (lower.equals("x-forwarded-for")) {
        String v = f.getValue().strip();
        if (!v.isEmpty()) {
          forwardedFor = forwardedFor == null
              ? new StringBuilder(v) : forwardedFor.append(", ").append(v);
        }
      } else if (!HOP_BY_HOP.contains(lower) && !NOT_FORWARDED.contains(lower)
          && !lower.startsWith("spawn-") && !named.contains(lower)) {
        out.add(f);
      }
    }
    String client = Request.getRemoteAddr(request);
    out.add(MirrorHeaders.X_FORWARDED_FOR,
        forwardedFor == null ? client : forwardedFor.append(", ").append(client).toString());
    out.add(X_FORWARDED_PROTO, request.isSecure() ? "https" : "http");
    String host = originalHost(request);
    if (host != null) {
      out.add(X_FORWARDED_HOST, host);
    }
    return out; // read only from here on: copied into each node's request
  }

  /** The headers a write is journaled and forwarded with. */
  static List<MirrorRequest.Header> forWrite(Request request, HeaderFilter filter) {
    HttpFields fields = request.getHeaders();
    List<MirrorRequest.Header> all = new ArrayList<>(fields.size());
    for (HttpField f : fields) {
      String lower = f.getLowerCaseName();
      if (!lower.equals("x-forwarded-proto") && !lower.equals("x-forwarded-host")) {
        all.add(new MirrorRequest.Header(f.getName(), f.getValue()));
      }
    }
    return forwarded(filter.filter(all), request);
  }

  /** Whether a node's response header is passed on to the client. */
  static boolean toClient(String name, Set<String> connectionNamed) {
    return endToEnd(name.toLowerCase(Locale.ROOT), connectionNamed);
  }

  /** As {@link #toClient(String, Set)}, for a field Jetty parsed (which knows its lower case). */
  static boolean toClient(HttpField field, Set<String> connectionNamed) {
    return endToEnd(field.getLowerCaseName(), connectionNamed);
  }

  private static boolean endToEnd(String lower, Set<String> connectionNamed) {
    return !HOP_BY_HOP.contains(lower) && !connectionNamed.contains(lower);
  }

  /**
   * A {@code Location} (or {@code Content-Location}) value as the client should see it: an
   * absolute URI pointing at the node is made to point at the gateway, as the client addressed it
   * ({@code node} may be {@code null}: nothing to rewrite).
   */
  static String location(String value, Node node, Request request) {
    if (node == null) {
      return value;
    }
    String base = node.baseUri();
    if (!value.regionMatches(true, 0, base, 0, base.length())) {
      return value;
    }
    String rest = value.substring(base.length());
    if (!rest.isEmpty() && rest.charAt(0) != '/' && rest.charAt(0) != '?'
        && rest.charAt(0) != '#') {
      return value; // another port that starts with the same digits
    }
    return (request.isSecure() ? "https://" : "http://") + originalHost(request) + rest;
  }

  /** The names a {@code Connection} header lists (hop-by-hop by declaration), lower case. */
  static Set<String> connectionNamed(Iterable<String> connectionValues) {
    Set<String> named = new HashSet<>();
    for (String value : connectionValues) {
      for (String token : value.split(",")) {
        String t = token.strip();
        if (!t.isEmpty()) {
          named.add(t.toLowerCase(Locale.ROOT));
        }
      }
    }
    return named;
  }

  private static Set<String> connectionNamed(HttpFields fields) {
    List<String> values = fields.getValuesList("Connection");
    return values.isEmpty() ? Set.of() : connectionNamed(values);
  }

  private static List<MirrorRequest.Header> forwarded(
      List<MirrorRequest.Header> headers, Request request) {
    List<MirrorRequest.Header> out =
        new ArrayList<>(HeaderFilter.withForwardedFor(headers, Request.getRemoteAddr(request)));
    out.add(new MirrorRequest.Header(X_FORWARDED_PROTO, request.isSecure() ? "https" : "http"));
    String host = originalHost(request);
    if (host != null) {
      out.add(new MirrorRequest.Header(X_FORWARDED_HOST, host));
    }
    return out;
  }

  /** The host (and port) the client addressed, {@code null} when it named none. */
  private static String originalHost(Request request) {
    String host = request.getHeaders().get("Host");
    if (host == null) {
      host = request.getHttpURI().getAuthority();
    }
    return host == null || host.isBlank() ? null : host.strip();
  }
}
