package dev.spawn.mirror;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs mirror requests on the sending side and verifies them on the receiving side.
 *
 * <p>{@code Spawn-Signature: v1 <key-id> <hex HMAC-SHA256>}, computed over these values joined by
 * {@code \n} (no trailing newline) and encoded as UTF-8: {@code v1}, key id, method, raw
 * path?query, the target peer's {@code host:port}, journal id, seq, prev, origin time, Spawn-Id,
 * principal, Content-Type, Content-Encoding (each of the last three empty when absent), and the
 * lower-case hex SHA-256 of the body. Binding the target's {@code host:port} and the journal
 * position means a captured request cannot be replayed to another node or at another place in the
 * order. The current key signs; the current or the previous key verifies, chosen by key id; the
 * comparison takes constant time. No value may hold a line break, so no field can pose as
 * another.
 *
 * <p>Thread-safe: each thread keeps its own {@link Mac} per key and its own SHA-256 digest.
 */
public final class MirrorSigner {

  private static final String ALGORITHM = "HmacSHA256";
  private static final String VERSION = "v1";
  private static final HexFormat HEX = HexFormat.of();

  private final MirrorKeys keys;
  private final Map<String, SecretKeySpec> specs = new HashMap<>();
  // A Mac per thread and key, made and keyed once: Mac.getInstance looks the algorithm up in the
  // providers and init hashes the key, which cost more than signing a short string.
  private final ThreadLocal<Map<SecretKeySpec, Mac>> macs =
      ThreadLocal.withInitial(IdentityHashMap::new);
  private static final ThreadLocal<MessageDigest> SHA_256 =
      ThreadLocal.withInitial(MirrorSigner::newSha256);

  /** A signer with these keys. */
  public MirrorSigner(MirrorKeys keys) {
    this.keys = Objects.requireNonNull(keys, "keys");
    for (String id : keys.keyIds()) {
      specs.put(id, new SecretKeySpec(keys.find(id).orElseThrow().secretBytes(), ALGORITHM));
    }
  }

  /** The keys this signer uses. */
  public MirrorKeys keys() {
    return keys;
  }

  /**
   * The {@code Spawn-Signature} value for sending {@code r} to a peer with the current key.
   *
   * @param targetHostPort the peer's node id ({@code Node.id()}), as the receiver knows itself
   * @param journalId the sending journal's id
   * @param seq the update's seq in that journal, >= 1
   * @param prev the last seq the peer acknowledged, {@code start} or {@code resync}
   */
  public String sign(
      MirrorRequest r, String targetHostPort, String journalId, long seq, String prev) {
    Objects.requireNonNull(r, "r");
    MirrorFields.checkHostPort(targetHostPort);
    MirrorFields.checkJournalId(journalId);
    MirrorFields.checkSeq(seq);
    MirrorFields.checkPrev(prev);
    MirrorKey key = keys.current();
    String canonical =
        canonical(
            key.keyId(), r.method(), r.target(), targetHostPort, journalId, seq, prev,
            r.originTimeMillis(), r.spawnId(), r.principal(), r.contentType(),
            r.contentEncoding(), r.body());
    if (canonical == null) {
      throw new IllegalArgumentException(
          "a header value of " + r + " holds a line break; it cannot be signed");
    }
    return VERSION + " " + key.keyId() + " " + HEX.formatHex(hmac(specs.get(key.keyId()),
        canonical));
  }

  /**
   * The {@code Spawn-*} headers to add when sending {@code r} to a peer: Spawn-Id,
   * Spawn-Origin-Time, Spawn-Seq ({@code <journalId>:<seq>}), Spawn-Prev, Spawn-Principal (when
   * there is one, percent-encoded) and Spawn-Signature.
   */
  public List<MirrorRequest.Header> outboundHeaders(
      MirrorRequest r, String targetHostPort, String journalId, long seq, String prev) {
    List<MirrorRequest.Header> out = new ArrayList<>(unsignedHeaders(r, journalId, seq, prev));
    out.add(
        new MirrorRequest.Header(
            MirrorHeaders.SIGNATURE, sign(r, targetHostPort, journalId, seq, prev)));
    return List.copyOf(out);
  }

  /**
   * The {@code Spawn-*} headers of a mirror request without a signature, for an explicitly
   * insecure cluster and for a gateway's unmodified nodes, which verify nothing.
   */
  public static List<MirrorRequest.Header> unsignedHeaders(
      MirrorRequest r, String journalId, long seq, String prev) {
    List<MirrorRequest.Header> out = new ArrayList<>(6);
    out.add(new MirrorRequest.Header(MirrorHeaders.SPAWN_ID, r.spawnId()));
    out.add(
        new MirrorRequest.Header(MirrorHeaders.ORIGIN_TIME, Long.toString(r.originTimeMillis())));
    out.add(new MirrorRequest.Header(MirrorHeaders.SEQ, journalId + ":" + seq));
    out.add(new MirrorRequest.Header(MirrorHeaders.PREV, prev));
    if (r.principal() != null) {
      out.add(
          new MirrorRequest.Header(
              MirrorHeaders.PRINCIPAL, MirrorHeaders.encodePrincipal(r.principal())));
    }
    return List.copyOf(out);
  }

  /**
   * Checks a received {@code Spawn-Signature} against the request's values.
   *
   * @param hostPort this node's id, as senders address it
   * @param principal the decoded principal, {@code null} when none was sent
   * @param contentType the Content-Type header as received, {@code null} when absent
   * @param contentEncoding the Content-Encoding header as received, {@code null} when absent
   * @return whether it verified and, if not, why; never the expected signature or a secret
   */
  public Verification verify(
      String signatureHeader, String method, String target, String hostPort, String journalId,
      long seq, String prev, long originTime, String spawnId, String principal,
      String contentType, String contentEncoding, byte[] body) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(hostPort, "hostPort");
    Objects.requireNonNull(journalId, "journalId");
    Objects.requireNonNull(prev, "prev");
    Objects.requireNonNull(spawnId, "spawnId");
    Objects.requireNonNull(body, "body");
    if (signatureHeader == null) {
      return Verification.failed(Verification.Status.MALFORMED, null,
          MirrorHeaders.SIGNATURE + " is missing; every mirror request must be signed");
    }
    String[] parts = signatureHeader.strip().split(" ", -1);
    if (parts.length != 3 || !parts[0].equals(VERSION)) {
      return Verification.failed(Verification.Status.MALFORMED, null,
          MirrorHeaders.SIGNATURE + " was " + Syntax.quote(signatureHeader)
              + "; expected 'v1 <key-id> <64 hex digits>'");
    }
    String keyId = parts[1];
    byte[] given;
    try {
      MirrorKey.checkKeyId(keyId);
      if (parts[2].length() != 64) {
        throw new IllegalArgumentException("length " + parts[2].length());
      }
      given = HEX.parseHex(parts[2]);
    } catch (IllegalArgumentException e) {
      return Verification.failed(Verification.Status.MALFORMED, null,
          MirrorHeaders.SIGNATURE + " was " + Syntax.quote(signatureHeader)
              + "; expected 'v1 <key-id> <64 hex digits>'");
    }
    SecretKeySpec spec = specs.get(keyId);
    if (spec == null) {
      return Verification.failed(Verification.Status.UNKNOWN_KEY, keyId,
          "signed with key id '" + keyId + "', which this node does not have (it accepts "
              + keys.keyIds() + "); give both nodes the same keys");
    }
    String canonical =
        canonical(keyId, method, target, hostPort, journalId, seq, prev, originTime, spawnId,
            principal, contentType, contentEncoding, body);
    if (canonical == null) {
      return Verification.failed(Verification.Status.MALFORMED, keyId,
          "a signed value holds a line break; such a request cannot be verified");
    }
    if (!MessageDigest.isEqual(hmac(spec, canonical), given)) {
      return Verification.failed(Verification.Status.BAD_SIGNATURE, keyId,
          "signature does not match for key id '" + keyId + "' and target " + hostPort
              + "; check that both nodes have the same secret for this key id, that the sender"
              + " addresses this node as " + hostPort + ", and that nothing between them rewrites"
              + " the request");
    }
    return new Verification(Verification.Status.OK, keyId, "verified with key id '" + keyId + "'");
  }

  /** The string to sign, or {@code null} when a value holds a line break. */
  private static String canonical(
      String keyId, String method, String target, String hostPort, String journalId, long seq,
      String prev, long originTime, String spawnId, String principal, String contentType,
      String contentEncoding, byte[] body) {
    String[] lines = {
      VERSION, keyId, method, target, hostPort, journalId, Long.toString(seq), prev,
      Long.toString(originTime), spawnId, nullToEmpty(principal), nullToEmpty(contentType),
      nullToEmpty(contentEncoding), sha256Hex(body)
    };
    for (String line : lines) {
      if (Syntax.hasLineBreak(line)) {
        return null;
      }
    }
    return String.join("\n", lines);
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  private static String sha256Hex(byte[] body) {
    return HEX.formatHex(SHA_256.get().digest(body)); // digest() resets it for the next use
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private byte[] hmac(SecretKeySpec spec, String canonical) {
    // doFinal leaves the Mac keyed and reset, ready for the next message.
    return macs.get().computeIfAbsent(spec, MirrorSigner::newMac)
        .doFinal(canonical.getBytes(StandardCharsets.UTF_8));
  }

  private static Mac newMac(SecretKeySpec spec) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(spec);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(ALGORITHM + " is missing from this JVM", e);
    }
  }

  @Override
  public String toString() {
    return "MirrorSigner[keys=" + keys.keyIds() + "]";
  }

  /**
   * The result of {@link #verify}: ok, or why not, in words fit for a log line and a 401 body.
   * Immutable and thread-safe.
   *
   * @param status what happened
   * @param keyId the key id the signature named, {@code null} when it could not be read
   * @param message what was wrong and what to check; never a secret or the expected signature
   */
  public record Verification(Status status, String keyId, String message) {

    /** Outcomes of a verification. */
    public enum Status {
      /** The signature matches one of the accepted keys. */
      OK,
      /** The header is missing, not {@code v1 <key-id> <hex>}, or a value cannot be signed. */
      MALFORMED,
      /** The key id is neither the current nor the previous key's. */
      UNKNOWN_KEY,
      /** The signature does not match the request. */
      BAD_SIGNATURE
    }

    public Verification {
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(message, "message");
    }

    /** Whether the request verified. */
    public boolean ok() {
      return status == Status.OK;
    }

    static Verification failed(Status status, String keyId, String message) {
      return new Verification(status, keyId, message);
    }
  }
}
