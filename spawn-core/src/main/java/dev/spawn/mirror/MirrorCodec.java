package dev.spawn.mirror;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
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
    int estimate = 64 + r.target().length() * 3 + r.body().length + r.headers().size() * 48;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(estimate);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      writeString(out, r.method());
      writeString(out, r.target());
      writeString(out, r.spawnId());
      out.writeLong(r.originTimeMillis());
      out.writeByte(r.principal() == null ? 0 : 1);
      if (r.principal() != null) {
        writeString(out, r.principal());
      }
      out.writeInt(r.headers().size());
      for (MirrorRequest.Header h : r.headers()) {
        writeString(out, h.name());
        writeString(out, h.value());
      }
      out.writeInt(r.body().length);
      out.write(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory failed", e); // cannot happen
    }
    return bytes.toByteArray();
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

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
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
