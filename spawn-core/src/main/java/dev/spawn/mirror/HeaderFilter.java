package dev.spawn.mirror;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Decides which headers of an accepted request are journaled and forwarded to peers.
 *
 * <p>Always dropped: hop-by-hop headers ({@code Connection}, {@code Keep-Alive}, {@code TE}, {@code
 * Trailer}, {@code Transfer-Encoding}, {@code Upgrade}, every {@code Proxy-*}, and every header
 * that the {@code Connection} header names), {@code Expect} (the origin has read the body already),
 * {@code Host} (a peer gets its own), {@code Content-Length} (the client sending to a peer computes
 * it), {@code Cookie} (sessions are per node) and every {@code Spawn-*} header a client sent (only an
 * origin may set them). Also dropped: the configured excludes, and the configured redactions, which
 * are headers never to be written to the journal at all. Everything else, {@code Authorization}
 * included (so stateless auth works on peers), is kept in its order, with its name's case as
 * received. The filter adds nothing; {@link #withForwardedFor} adds the client address.
 *
 * <p>Immutable and thread-safe; made by {@link #defaults()}, {@link #of} or {@link #builder()}.
 */
public final class HeaderFilter {

  private static final Set<String> ALWAYS_DROPPED =
      Set.of(
          "connection", "keep-alive", "te", "trailer", "transfer-encoding", "upgrade", "expect",
          "host", "content-length", "cookie");

  private static final HeaderFilter DEFAULTS = new HeaderFilter(Set.of(), Set.of());

  private final Set<String> excluded; // lower case
  private final Set<String> redacted; // lower case

  private HeaderFilter(Set<String> excluded, Set<String> redacted) {
    this.excluded = Set.copyOf(excluded);
    this.redacted = Set.copyOf(redacted);
  }

  /** The built-in rules with no excludes and no redactions. */
  public static HeaderFilter defaults() {
    return DEFAULTS;
  }

  /**
   * A filter from the config's lists ({@code mirror.header-excludes}, {@code
   * mirror.header-redactions}).
   *
   * @throws IllegalArgumentException when a name is not an HTTP token
   */
  public static HeaderFilter of(Collection<String> excludes, Collection<String> redactions) {
    return builder().exclude(excludes).redact(redactions).build();
  }

  /** A builder starting from the built-in rules. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Filters headers given as a list, e.g. from a journaled request or a gateway's request.
   *
   * @return the headers to forward, in their order
   */
  public List<MirrorRequest.Header> filter(List<MirrorRequest.Header> headers) {
    Objects.requireNonNull(headers, "headers");
    Set<String> named = connectionNamed(headers);
    List<MirrorRequest.Header> kept = new ArrayList<>(headers.size());
    for (MirrorRequest.Header h : headers) {
      if (forwards(h.lowerName(), named)) {
        kept.add(h);
      }
    }
    return List.copyOf(kept);
  }

  /**
   * Filters headers given as names and a way to get each name's values, which is how a servlet
   * request offers them:
   *
   * <pre>{@code
   * filter.filter(Collections.list(request.getHeaderNames()),
   *     name -> Collections.list(request.getHeaders(name)));
   * }</pre>
   *
   * <p>A header with several values gives several headers, in order.
   *
   * @return the headers to forward
   * @throws IllegalArgumentException when a name is not a token or a value holds a line break
   */
  public List<MirrorRequest.Header> filter(
      Iterable<String> names, Function<String, ? extends Iterable<String>> valuesOf) {
    Objects.requireNonNull(names, "names");
    Objects.requireNonNull(valuesOf, "valuesOf");
    List<MirrorRequest.Header> all = new ArrayList<>();
    for (String name : names) {
      Iterable<String> values = valuesOf.apply(name);
      if (values != null) {
        for (String value : values) {
          all.add(new MirrorRequest.Header(name, value));
        }
      }
    }
    return filter(all);
  }

  /** Whether a header with this name would be forwarded (ignoring {@code Connection}'s list). */
  public boolean forwards(String name) {
    return forwards(name.toLowerCase(Locale.ROOT), Set.of());
  }

  /** The configured excludes, lower case. */
  public Set<String> excluded() {
    return excluded;
  }

  /** The configured redactions, lower case. */
  public Set<String> redacted() {
    return redacted;
  }

  /**
   * Adds the original client to {@code X-Forwarded-For}: appended to the existing value (several
   * such headers are first joined into one, in order, where the first one was), or added as a new
   * header at the end.
   *
   * @param clientAddress the address of the client that sent the request to the origin
   * @return a new list; {@code headers} is not changed
   */
  public static List<MirrorRequest.Header> withForwardedFor(
      List<MirrorRequest.Header> headers, String clientAddress) {
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(clientAddress, "clientAddress");
    String client = clientAddress.strip();
    if (client.isEmpty() || client.indexOf(',') >= 0 || Syntax.hasLineBreak(client)) {
      throw new IllegalArgumentException(
          "clientAddress was " + Syntax.quote(clientAddress)
              + "; expected one address such as 192.0.2.7 or 2001:db8::1");
    }
    StringBuilder chain = new StringBuilder();
    int at = -1;
    List<MirrorRequest.Header> out = new ArrayList<>(headers.size() + 1);
    for (MirrorRequest.Header h : headers) {
      if (h.is(MirrorHeaders.X_FORWARDED_FOR)) {
        if (at < 0) {
          at = out.size();
          out.add(h); // replaced below
        }
        String v = h.value().strip();
        if (!v.isEmpty()) {
          chain.append(chain.length() == 0 ? "" : ", ").append(v);
        }
      } else {
        out.add(h);
      }
    }
    chain.append(chain.length() == 0 ? "" : ", ").append(client);
    if (at < 0) {
      out.add(new MirrorRequest.Header(MirrorHeaders.X_FORWARDED_FOR, chain.toString()));
    } else {
      out.set(at, new MirrorRequest.Header(out.get(at).name(), chain.toString()));
    }
    return List.copyOf(out);
  }

  private boolean forwards(String lowerName, Set<String> connectionNamed) {
    return !ALWAYS_DROPPED.contains(lowerName)
        && !lowerName.startsWith("proxy-")
        && !lowerName.startsWith("spawn-")
        && !connectionNamed.contains(lowerName)
        && !excluded.contains(lowerName)
        && !redacted.contains(lowerName);
  }

  /** Names listed in {@code Connection} headers, lower case: hop-by-hop by declaration. */
  private static Set<String> connectionNamed(List<MirrorRequest.Header> headers) {
    Set<String> named = new HashSet<>();
    for (MirrorRequest.Header h : headers) {
      if (h.is("Connection")) {
        for (String token : h.value().split(",")) {
          String t = token.strip();
          if (!t.isEmpty()) {
            named.add(t.toLowerCase(Locale.ROOT));
          }
        }
      }
    }
    return named;
  }

  @Override
  public String toString() {
    return "HeaderFilter[excluded=" + excluded + ", redacted=" + redacted + "]";
  }

  /** Collects excludes and redactions; validates each name at once. Not thread-safe. */
  public static final class Builder {

    private final Set<String> excluded = new HashSet<>();
    private final Set<String> redacted = new HashSet<>();

    private Builder() {}

    /** Headers never forwarded (kept out of the journal too), by name, ignoring case. */
    public Builder exclude(String... names) {
      return exclude(List.of(names));
    }

    /** Headers never forwarded (kept out of the journal too), by name, ignoring case. */
    public Builder exclude(Collection<String> names) {
      add(excluded, names, "mirror.header-excludes");
      return this;
    }

    /**
     * Headers that must never be written to the journal (for example a secret token that peers do
     * not need); they are dropped and therefore not forwarded either.
     */
    public Builder redact(String... names) {
      return redact(List.of(names));
    }

    /** As {@link #redact(String...)}. */
    public Builder redact(Collection<String> names) {
      add(redacted, names, "mirror.header-redactions");
      return this;
    }

    /** An immutable filter with what was collected. */
    public HeaderFilter build() {
      return new HeaderFilter(excluded, redacted);
    }

    private static void add(Set<String> into, Collection<String> names, String field) {
      Objects.requireNonNull(names, field);
      for (String name : names) {
        Objects.requireNonNull(name, field + " entry");
        if (!Syntax.isToken(name)) {
          throw new IllegalArgumentException(
              field + " holds " + Syntax.quote(name) + "; expected header names (HTTP tokens)");
        }
      }
      for (String name : names) {
        into.add(name.toLowerCase(Locale.ROOT));
      }
    }
  }
}
