package dev.spawn.mirror;

import dev.spawn.journal.PeerCursor;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Names of the mirror protocol's headers and request attributes, and the few fixed values they
 * carry. Constants only; thread-safe.
 */
public final class MirrorHeaders {

  /** The id the origin gave the request when it accepted it ({@link SpawnIds}). */
  public static final String SPAWN_ID = "Spawn-Id";
  /** The origin's wall clock when it accepted the request, epoch milliseconds. */
  public static final String ORIGIN_TIME = "Spawn-Origin-Time";
  /** {@code <journal-id>:<seq>}: where the update sits in the origin's journal. */
  public static final String SEQ = "Spawn-Seq";
  /** The last seq this peer acknowledged, or {@link #PREV_START}, or {@link #PREV_RESYNC}. */
  public static final String PREV = "Spawn-Prev";
  /**
   * The user the origin's application authenticated. Written percent-encoded as UTF-8 (see {@link
   * #encodePrincipal}) so any name survives HTTP's Latin-1 headers; absent when there was none.
   */
  public static final String PRINCIPAL = "Spawn-Principal";
  /** {@code v1 <key-id> <hex HMAC-SHA256>}, see {@link MirrorSigner}. */
  public static final String SIGNATURE = "Spawn-Signature";
  /** On a 409 from a receiver: the seq it expected next (its high-water mark + 1). */
  public static final String EXPECTED = "Spawn-Expected";
  /** {@code true} on a receiver's 200 for an update it had applied already. */
  public static final String DUPLICATE = "Spawn-Duplicate";
  /** On the origin's answer when a write concern is set: {@code k/n} peers acknowledged. */
  public static final String ACKS = "Spawn-Acks";
  /** {@code false} on the origin's answer when a request was not replicated (body over limit). */
  public static final String REPLICATED = "Spawn-Replicated";
  /** Carries the original client to peers. */
  public static final String X_FORWARDED_FOR = "X-Forwarded-For";

  /** {@link #PREV} of a peer that begins now and has acknowledged nothing yet. */
  public static final String PREV_START = "start";
  /** {@link #PREV} after an operator brought a peer's data over and reset it. */
  public static final String PREV_RESYNC = "resync";

  /** Request attribute: the Spawn-Id ({@code String}), on the origin and on every peer. */
  public static final String ATTR_SPAWN_ID = "dev.spawn.id";
  /** Request attribute: the origin time ({@code Long}, epoch ms), on the origin and every peer. */
  public static final String ATTR_ORIGIN_TIME = "dev.spawn.originTime";
  /** Request attribute: {@code Boolean.TRUE} on a request applied as a mirror (never re-mirrored). */
  public static final String ATTR_REPLICATED = "dev.spawn.replicated";
  /** Request attribute: the parsed {@link InboundMirror} of a mirror request on a peer. */
  public static final String ATTR_INBOUND = "dev.spawn.inbound";

  private static final String HEX = "0123456789ABCDEF";

  private MirrorHeaders() {}

  /**
   * The {@link #PREV} value for the next update sent to a peer whose cursor is this one.
   *
   * <p>Within a batch, the following updates carry the seq of the one before them that was
   * acknowledged; this gives the first one.
   */
  public static String prev(PeerCursor cursor) {
    Objects.requireNonNull(cursor, "cursor");
    switch (cursor.mode()) {
      case START:
        return PREV_START;
      case RESYNC:
        return PREV_RESYNC;
      default:
        return Long.toString(cursor.seq());
    }
  }

  /**
   * Writes a principal for {@link #PRINCIPAL}: visible ASCII stays as it is, everything else
   * (spaces, {@code %}, non-ASCII) becomes {@code %XX} of its UTF-8 bytes.
   */
  public static String encodePrincipal(String principal) {
    Objects.requireNonNull(principal, "principal");
    StringBuilder out = new StringBuilder(principal.length());
    for (byte b : principal.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c > 0x20 && c < 0x7f && c != '%') {
        out.append((char) c);
      } else {
        out.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xf));
      }
    }
    return out.toString();
  }

  /**
   * Reads a {@link #PRINCIPAL} value written by {@link #encodePrincipal}.
   *
   * @throws IllegalArgumentException on a bad escape or bytes that are not UTF-8
   */
  public static String decodePrincipal(String encoded) {
    Objects.requireNonNull(encoded, "encoded");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
    for (int i = 0; i < encoded.length(); i++) {
      char c = encoded.charAt(i);
      if (c == '%') {
        int hi = i + 2 < encoded.length() ? Character.digit(encoded.charAt(i + 1), 16) : -1;
        int lo = hi >= 0 ? Character.digit(encoded.charAt(i + 2), 16) : -1;
        if (lo < 0) {
          throw new IllegalArgumentException(
              PRINCIPAL + " has a bad escape at index " + i + "; expected %XX with two hex digits");
        }
        bytes.write(hi << 4 | lo);
        i += 2;
      } else if (c > 0x20 && c < 0x7f) {
        bytes.write(c);
      } else {
        throw new IllegalArgumentException(
            PRINCIPAL + " holds character U+" + Integer.toHexString(c)
                + "; expected visible ASCII and %XX escapes");
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .decode(java.nio.ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IllegalArgumentException(PRINCIPAL + " does not decode as UTF-8", e);
    }
  }
}
