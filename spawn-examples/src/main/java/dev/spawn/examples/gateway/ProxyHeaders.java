package dev.spawn.examples.gateway;

import dev.spawn.Node;
import dev.spawn.mirror.HeaderFilter;
import dev.spawn.mirror.MirrorHeaders;
import dev.spawn.mirror.MirrorRequest.Header;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

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

  private static final List<AsciiString> HOP_BY_HOP_NAMES =
      HOP_BY_HOP.stream().map(AsciiString::of).toList();
  private static final List<AsciiString> DROPPED_FROM_READS = java.util.stream.Stream.concat(
      HOP_BY_HOP.stream(), NOT_FORWARDED.stream()).map(AsciiString::of).toList();

  private ProxyHeaders() {}

  /**
   * Turns a read's own header fields into the ones it is forwarded with, in place (no copies on
   * the path every read takes), apart from {@code Host} and {@code Content-Length}, which belong to
   * each node's request.
   *
   * @param headers the client's fields, changed in place
   * @param originalHost the client's {@code Host}, or {@code null}
   * @param remoteAddress the client's address
   */
  static void forRead(HttpHeaders headers, String originalHost, String remoteAddress) {
    drop(headers, DROPPED_FROM_READS);
    List<CharSequence> spawn = null;
    for (Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence();
        it.hasNext(); ) {
      CharSequence name = it.next().getKey();
      if (name.length() > 6 && AsciiString.regionMatches(name, true, 0, "spawn-", 0, 6)) {
        if (spawn == null) {
          spawn = new ArrayList<>(2);
        }
        spawn.add(name);
      }
    }
    if (spawn != null) {
      spawn.forEach(headers::remove);
    }
    List<String> forwarded = headers.getAll(MirrorHeaders.X_FORWARDED_FOR);
    String chain = remoteAddress;
    if (!forwarded.isEmpty()) {
      StringBuilder b = new StringBuilder();
      for (String v : forwarded) {
        String t = v.strip();
        if (!t.isEmpty()) {
          b.append(t).append(", ");
        }
      }
      chain = b.append(remoteAddress).toString();
      headers.remove(MirrorHeaders.X_FORWARDED_FOR);
    }
    headers.add(MirrorHeaders.X_FORWARDED_FOR, chain);
    headers.add(X_FORWARDED_PROTO, "http");
    if (originalHost != null) {
      headers.add(X_FORWARDED_HOST, originalHost);
    }
  }

  /** The headers a write is journaled and forwarded with. */
  static List<Header> forWrite(ClientRequest request, HeaderFilter filter) {
    List<Header> all = new ArrayList<>(request.headers().size());
    for (Header h : request.headers()) {
      if (!h.is(X_FORWARDED_PROTO) && !h.is(X_FORWARDED_HOST)) {
        all.add(h);
      }
    }
    List<Header> out = new ArrayList<>(
        HeaderFilter.withForwardedFor(filter.filter(all), request.remoteAddress()));
    out.add(new Header(X_FORWARDED_PROTO, request.secure() ? "https" : "http"));
    String host = request.originalHost();
    if (host != null) {
      out.add(new Header(X_FORWARDED_HOST, host));
    }
    return out;
  }

  /**
   * A node's answer headers as the client gets them: hop-by-hop ones dropped, {@code Location}
   * and {@code Content-Location} pointed at the gateway. Changes {@code headers} in place.
   */
  static void toClient(HttpHeaders headers, Node node, String originalHost) {
    drop(headers, HOP_BY_HOP_NAMES);
    rewrite(headers, "Location", node, originalHost);
    rewrite(headers, "Content-Location", node, originalHost);
  }

  /** Whether a node's response header is passed on to the client. */
  static boolean toClient(String name, Set<String> connectionNamed) {
    String lower = name.toLowerCase(Locale.ROOT);
    return !HOP_BY_HOP.contains(lower) && !connectionNamed.contains(lower);
  }

  /**
   * A {@code Location} (or {@code Content-Location}) value as the client should see it: an
   * absolute URI pointing at the node is made to point at the gateway, as the client addressed it
   * ({@code node} may be {@code null}: nothing to rewrite).
   */
  static String location(String value, Node node, String originalHost) {
    if (node == null || originalHost == null) {
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
    return "http://" + originalHost + rest;
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

  // Removes these names and every name the Connection header lists (read before it goes).
  private static void drop(HttpHeaders headers, List<AsciiString> names) {
    List<String> connection = headers.getAll(HttpHeaderNames.CONNECTION);
    for (AsciiString name : names) {
      headers.remove(name);
    }
    if (!connection.isEmpty()) {
      for (String named : connectionNamed(connection)) {
        headers.remove(named);
      }
    }
  }

  private static void rewrite(HttpHeaders headers, String name, Node node, String originalHost) {
    String value = headers.get(name);
    if (value != null) {
      String rewritten = location(value, node, originalHost);
      if (!rewritten.equals(value)) {
        headers.set(name, rewritten);
      }
    }
  }
}
