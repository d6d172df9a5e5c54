package dev.spawn.mirror;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One accepted update as it is journaled and repeated on every peer: method, raw target, the
 * end-to-end headers worth forwarding, the body bytes as received, and the identity the origin gave
 * it.
 *
 * <p>{@link #encode()} and {@link #decode(byte[])} turn it into the journal's payload, a compact
 * versioned binary form ({@link MirrorCodec}). Values are validated when the record is made: the
 * method must be an HTTP token, the target must start with {@code /}, the Spawn-Id must not be
 * empty, header names must be tokens and no value may hold a line break.
 *
 * <p>Immutable and thread-safe, except that the body array is not copied (as in {@code
 * JournalEntry}): do not change it. {@link #equals} compares the body's content, and {@link
 * #toString} shows header names but never their values, since they may carry credentials.
 *
 * @param method the HTTP method, e.g. {@code POST}
 * @param target the raw path and query as received, e.g. {@code /items?x=%20}
 * @param headers end-to-end headers to forward, already filtered by {@link HeaderFilter}
 * @param body the body bytes as received (still content-encoded), empty when there was none
 * @param spawnId the id made when the origin accepted the request ({@link SpawnIds})
 * @param originTimeMillis the origin's wall clock at acceptance, epoch milliseconds
 * @param principal the user the origin's application authenticated, or {@code null}
 */
public record MirrorRequest(
    String method,
    String target,
    List<Header> headers,
    byte[] body,
    String spawnId,
    long originTimeMillis,
    String principal) {

  /** Validates every field and copies the header list. */
  public MirrorRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(spawnId, "spawnId");
    if (!Syntax.isToken(method)) {
      throw new IllegalArgumentException(
          "method was " + Syntax.quote(method) + "; expected an HTTP token such as POST");
    }
    if (!target.startsWith("/") || Syntax.hasLineBreak(target)) {
      throw new IllegalArgumentException(
          "target was " + Syntax.quote(target)
              + "; expected the raw path and query, starting with '/', without line breaks");
    }
    if (spawnId.isEmpty() || Syntax.hasLineBreak(spawnId)) {
      throw new IllegalArgumentException(
          "spawnId was " + Syntax.quote(spawnId) + "; expected a non-empty id from SpawnIds");
    }
    if (originTimeMillis < 0) {
      throw new IllegalArgumentException(
          "originTimeMillis was " + originTimeMillis + "; expected epoch milliseconds >= 0");
    }
    if (principal != null && Syntax.hasLineBreak(principal)) {
      throw new IllegalArgumentException(
          "principal was " + Syntax.quote(principal) + "; expected a name without line breaks");
    }
    headers = List.copyOf(headers);
  }

  /**
   * The first value of a header, by name, ignoring case.
   *
   * @return the value, empty when the header is absent
   */
  public Optional<String> header(String name) {
    Objects.requireNonNull(name, "name");
    for (Header h : headers) {
      if (h.name().equalsIgnoreCase(name)) {
        return Optional.of(h.value());
      }
    }
    return Optional.empty();
  }

  /** The {@code Content-Type} header as received, or {@code null} when absent. */
  public String contentType() {
    return header("Content-Type").orElse(null);
  }

  /** The {@code Content-Encoding} header as received, or {@code null} when absent. */
  public String contentEncoding() {
    return header("Content-Encoding").orElse(null);
  }

  /** This request with other headers, everything else kept. */
  public MirrorRequest withHeaders(List<Header> newHeaders) {
    return new MirrorRequest(
        method, target, newHeaders, body, spawnId, originTimeMillis, principal);
  }

  /** The journal payload: a format version byte, then the fields. */
  public byte[] encode() {
    return MirrorCodec.encode(this);
  }

  /**
   * Reads a payload written by {@link #encode()}.
   *
   * @throws IllegalArgumentException when the format version is unknown, the data is truncated or
   *     has trailing bytes, or a decoded value is invalid
   */
  public static MirrorRequest decode(byte[] payload) {
    return MirrorCodec.decode(payload);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MirrorRequest r
        && method.equals(r.method)
        && target.equals(r.target)
        && headers.equals(r.headers)
        && Arrays.equals(body, r.body)
        && spawnId.equals(r.spawnId)
        && originTimeMillis == r.originTimeMillis
        && Objects.equals(principal, r.principal);
  }

  @Override
  public int hashCode() {
    return Objects.hash(method, target, headers, Arrays.hashCode(body), spawnId, originTimeMillis);
  }

  @Override
  public String toString() {
    StringBuilder names = new StringBuilder();
    for (Header h : headers) {
      names.append(names.length() == 0 ? "" : ", ").append(h.name());
    }
    return "MirrorRequest[" + method + " " + target + ", spawnId=" + spawnId
        + ", originTimeMillis=" + originTimeMillis + ", principal=" + principal
        + ", headers=[" + names + "], body=" + body.length + " bytes]";
  }

  /**
   * One request header. Immutable and thread-safe.
   *
   * @param name an HTTP token; case is kept as received
   * @param value the value, without line breaks
   */
  public record Header(String name, String value) {

    /** Validates the name and the value. */
    public Header {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      if (!Syntax.isToken(name)) {
        throw new IllegalArgumentException(
            "header name was " + Syntax.quote(name) + "; expected an HTTP token");
      }
      if (Syntax.hasLineBreak(value)) {
        throw new IllegalArgumentException(
            "value of header " + name + " holds a line break or NUL; expected a single line");
      }
    }

    /** Whether this header has the given name, ignoring case. */
    public boolean is(String otherName) {
      return name.equalsIgnoreCase(otherName);
    }

    /** The name in lower case, for lookups. */
    String lowerName() {
      return name.toLowerCase(Locale.ROOT);
    }

    /** Shows the name only: values may be credentials. */
    @Override
    public String toString() {
      return "Header[" + name + "]";
    }
  }
}
