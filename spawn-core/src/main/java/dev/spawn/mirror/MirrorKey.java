package dev.spawn.mirror;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * One named secret for signing mirror requests.
 *
 * <p>The key id travels in every {@code Spawn-Signature} so a receiver knows which of its keys to
 * check with; it is 1..64 HTTP token characters. The secret is at least {@value #MIN_SECRET_BYTES}
 * bytes. The secret array is copied in and out, and {@link #toString()} shows only its length, so
 * the secret does not end up in logs. Immutable and thread-safe.
 *
 * @param keyId the key's public name, e.g. {@code 2024-06}
 * @param secret the shared secret bytes (a copy is returned)
 */
public record MirrorKey(String keyId, byte[] secret) {

  /** Shortest secret accepted: 128 bits. */
  public static final int MIN_SECRET_BYTES = 16;
  /** Longest key id accepted. */
  public static final int MAX_KEY_ID_LENGTH = 64;

  /** Validates the key id and the secret's length, and copies the secret. */
  public MirrorKey {
    checkKeyId(keyId);
    Objects.requireNonNull(secret, "secret");
    if (secret.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(
          "secret of key '" + keyId + "' was " + secret.length + " bytes; expected at least "
              + MIN_SECRET_BYTES + " (e.g. 32 random bytes: openssl rand -hex 32)");
    }
    secret = secret.clone();
  }

  /** A key whose secret is the UTF-8 bytes of {@code secret}, as a config file gives it. */
  public static MirrorKey of(String keyId, String secret) {
    Objects.requireNonNull(secret, "secret");
    return new MirrorKey(keyId, secret.getBytes(StandardCharsets.UTF_8));
  }

  /** A copy of the secret. */
  @Override
  public byte[] secret() {
    return secret.clone();
  }

  /** The secret itself, for the signer in this package only. */
  byte[] secretBytes() {
    return secret;
  }

  /**
   * Checks a key id.
   *
   * @throws IllegalArgumentException naming the bad key id and the allowed characters
   */
  static String checkKeyId(String keyId) {
    Objects.requireNonNull(keyId, "keyId");
    if (keyId.isEmpty() || keyId.length() > MAX_KEY_ID_LENGTH || !Syntax.isToken(keyId)) {
      throw new IllegalArgumentException(
          "key id was " + Syntax.quote(keyId) + "; expected 1.." + MAX_KEY_ID_LENGTH
              + " characters of letters, digits and !#$%&'*+-.^_`|~ (no spaces)");
    }
    return keyId;
  }

  /** Same key id and same secret bytes (compared in constant time). */
  @Override
  public boolean equals(Object o) {
    return o instanceof MirrorKey k
        && keyId.equals(k.keyId)
        && MessageDigest.isEqual(secret, k.secret);
  }

  @Override
  public int hashCode() {
    return keyId.hashCode(); // never derived from the secret
  }

  /** The key id and the secret's length; never the secret. */
  @Override
  public String toString() {
    return "MirrorKey[keyId=" + keyId + ", secret=(" + secret.length + " bytes)]";
  }
}
