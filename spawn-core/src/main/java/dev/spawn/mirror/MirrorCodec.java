package dev.spawn.mirror;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The binary form of a {@link MirrorRequest} in the journal. Stateless.
 *
 * <p>Version 1: {@code byte 1}, method, target, Spawn-Id (each an {@code int} length then UTF-8),
 * origin time ({@code long}), a principal flag byte (0 or 1) and the principal when 1, the header
 * count ({@code int}) then each name and value, the body length ({@code int}) then the body. Lengths
 * are checked against what is left before anything is allocated, so corrupt data fails with a
 * message instead of an OutOfMemoryError.
 */
final class MirrorCodec {

  static final byte VERSION = 1;

  private MirrorCodec() {}

  static byte[] encode(MirrorRequest r) {
    // The strings are encoded first, so the record is written once into an array of its exact
    // size (no growing buffer, no copy at the end).
    byte[] method = utf8(r.method());
    byte[] target = utf8(r.target());
    byte[] spawnId = utf8(r.spawnId());
    byte[] principal = r.principal() == null ? null : utf8(r.principal());
    List<MirrorRequest.Header> headers = r.headers();
    byte[][] fields = new byte[headers.size() * 2][];
    long size = 1 + 4 + method.length + 4 + target.length + 4 + spawnId.length + 8 + 1
        + (principal == null ? 0 : 4 + principal.length) + 4 + 4 + r.body().length;
    for (int i = 0; i < headers.size(); i++) {
      fields[2 * i] = utf8(headers.get(i).name());
      fields[2 * i + 1] = utf8(headers.get(i).value());
      size += 8 + fields[2 * i].length + fields[2 * i + 1].length;
    }
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "mirror request is " + size + " bytes encoded; at most " + (Integer.MAX_VALUE - 8)
              + " fit in a journal entry");
    }
    ByteBuffer out = ByteBuffer.allocate((int) size); // big-endian, as DataInputStream reads
    out.put(VERSION);
    put(out, method);
    put(out, target);
    put(out, spawnId);
    out.putLong(r.originTimeMillis());
    out.put((byte) (principal == null ? 0 : 1));
    if (principal != null) {
      put(out, principal);
    }
    out.putInt(headers.size());
    for (byte[] field : fields) {
      put(out, field);
    }
    put(out, r.body());
    return out.array();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void put(ByteBuffer out, byte[] b) {
    out.putInt(b.length);
    out.put(b);
  }

  static MirrorRequest decode(byte[] payload) {
    Objects.requireNonNull(payload, "payload");
    if (payload.length == 0) {
      throw new IllegalArgumentException("mirror request payload was empty; expected version 1");
    }
    if (payload[0] != VERSION) {
      throw new IllegalArgumentException(
          "mirror request payload has format version " + payload[0] + "; this build reads only"
              + " version " + VERSION + " (was the journal written by a newer Spawn?)");
    }
    ByteArrayInputStream bytes = new ByteArrayInputStream(payload, 1, payload.length - 1);
    DataInputStream in = new DataInputStream(bytes);
    try {
      String method = readString(in, bytes, "method");
      String target = readString(in, bytes, "target");
      String spawnId = readString(in, bytes, "spawnId");
      long originTime = in.readLong();
      byte flag = in.readByte();
      if (flag != 0 && flag != 1) {
        throw corrupt("principal flag was " + flag + "; expected 0 or 1");
      }
      String principal = flag == 1 ? readString(in, bytes, "principal") : null;
      int count = in.readInt();
      // each header takes at least 8 bytes (two lengths)
      if (count < 0 || (long) count * 8 > bytes.available()) {
        throw corrupt("header count was " + count + " with " + bytes.available() + " bytes left");
      }
      List<MirrorRequest.Header> headers = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        headers.add(
            new MirrorRequest.Header(
                readString(in, bytes, "header name"), readString(in, bytes, "header value")));
      }
      byte[] body = readBytes(in, bytes, "body");
      if (bytes.available() != 0) {
        throw corrupt(bytes.available() + " trailing bytes after the body");
      }
      return new MirrorRequest(method, target, headers, body, spawnId, originTime, principal);
    } catch (EOFException e) {
      throw corrupt("data ends early (truncated)");
    } catch (IOException e) {
      throw new UncheckedIOException("reading from memory failed", e); // cannot happen
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("corrupt")) {
        throw e;
      }
      throw new IllegalArgumentException("corrupt mirror request payload: " + e.getMessage(), e);
    }
  }

  private static String readString(DataInputStream in, ByteArrayInputStream left, String field)
      throws IOException {
    return new String(readBytes(in, left, field), StandardCharsets.UTF_8);
  }

  private static byte[] readBytes(DataInputStream in, ByteArrayInputStream left, String field)
      throws IOException {
    int length = in.readInt();
    if (length < 0 || length > left.available()) {
      throw corrupt(
          field + " length was " + length + " with " + left.available() + " bytes left"
              + " (truncated)");
    }
    byte[] b = new byte[length];
    in.readFully(b);
    return b;
  }

  private static IllegalArgumentException corrupt(String what) {
    return new IllegalArgumentException(
        "corrupt mirror request payload: " + what + "; the journal entry cannot be delivered");
  }
}
