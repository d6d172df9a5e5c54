package dev.spawn.servlet;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Arrays;

/**
 * A request body the filter has read: all of it (the bytes that are journaled), or, for a body
 * over the limit that runs locally only, the prefix read while finding that out plus the rest of
 * the stream. Not thread-safe: it belongs to one request.
 */
final class Body {

  private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

  private byte[] bytes; // all of it, once known
  private final byte[] prefix;
  private InputStream rest;
  private InputStream partialStream;

  private Body(byte[] bytes, byte[] prefix, InputStream rest) {
    this.bytes = bytes;
    this.prefix = prefix;
    this.rest = rest;
  }

  /** A body read in full. */
  static Body of(byte[] bytes) {
    return new Body(bytes, null, null);
  }

  /** A body of which {@code prefix} was read; {@code rest} holds what follows. */
  static Body partial(byte[] prefix, InputStream rest) {
    return new Body(null, prefix, rest);
  }

  /**
   * Reads at most {@code max + 1} bytes, so that a result longer than {@code max} tells the body
   * is over the limit without reading all of it.
   *
   * @param declared the Content-Length, or -1 when unknown (chunked), to size the buffer
   */
  static byte[] readUpTo(InputStream in, long declared, long max) throws IOException {
    int cap = (int) Math.min(max + 1, MAX_ARRAY);
    if (declared >= 0 && declared < cap) {
      // The usual case: read straight into an array of the declared size, then make sure
      // nothing follows (a client that sends more than it said is caught too).
      byte[] bytes = new byte[(int) declared];
      int n = in.readNBytes(bytes, 0, bytes.length);
      if (n < bytes.length) {
        return Arrays.copyOf(bytes, n); // the container reports a short body
      }
      int extra = in.read();
      if (extra < 0) {
        return bytes;
      }
      byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
      longer[bytes.length] = (byte) extra;
      return longer;
    }
    return in.readNBytes(cap);
  }

  /** Whether all bytes are in memory. */
  boolean isComplete() {
    return bytes != null;
  }

  /** All the bytes, reading the rest of the stream first if needed. */
  byte[] bytes() throws IOException {
    if (bytes == null) {
      try (InputStream in = stream()) {
        bytes = in.readAllBytes();
      }
      partialStream = null;
      rest = null;
    }
    return bytes;
  }

  /**
   * A stream of the body from its start: a fresh one for a complete body; for a partial body,
   * one stream (prefix, then the rest) shared by every caller, since the rest can be read once.
   */
  InputStream stream() {
    if (bytes != null) {
      return new ByteArrayInputStream(bytes);
    }
    if (partialStream == null) {
      partialStream = new SequenceInputStream(new ByteArrayInputStream(prefix), rest);
    }
    return partialStream;
  }
}
