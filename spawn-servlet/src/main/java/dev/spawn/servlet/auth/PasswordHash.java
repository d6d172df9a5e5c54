package dev.spawn.servlet.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A salted PBKDF2-HMAC-SHA256 password hash in the text form {@code
 * pbkdf2-sha256:<iterations>:<salt base64>:<hash base64>}. Immutable and thread-safe.
 */
final class PasswordHash {

  static final String PREFIX = "pbkdf2-sha256";
  static final int DEFAULT_ITERATIONS = 600_000;
  static final int MIN_ITERATIONS = 1_000;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final int iterations;
  private final byte[] salt;
  private final byte[] hash;

  private PasswordHash(int iterations, byte[] salt, byte[] hash) {
    this.iterations = iterations;
    this.salt = salt;
    this.hash = hash;
  }

  /** Hashes a password with a new random salt. */
  static String create(char[] password, int iterations) {
    Objects.requireNonNull(password, "password");
    if (iterations < MIN_ITERATIONS) {
      throw new IllegalArgumentException(
          "iterations was " + iterations + "; expected at least " + MIN_ITERATIONS);
    }
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    byte[] hash = derive(password, salt, iterations, HASH_BYTES);
    Base64.Encoder b64 = Base64.getEncoder();
    return PREFIX
        + ":"
        + iterations
        + ":"
        + b64.encodeToString(salt)
        + ":"
        + b64.encodeToString(hash);
  }

  /**
   * Parses the text form.
   *
   * @throws IllegalArgumentException saying which part is wrong (never echoing the hash)
   */
  static PasswordHash parse(String text) {
    Objects.requireNonNull(text, "hash");
    String[] parts = text.split(":", -1);
    if (parts.length != 4 || !parts[0].equals(PREFIX)) {
      throw new IllegalArgumentException(
          "password hash is not in the form "
              + PREFIX
              + ":<iterations>:<salt base64>:<hash base64>; make one with"
              + " StaticUsersAuthenticator.hash(password)");
    }
    int iterations;
    try {
      iterations = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "password hash iterations was '" + parts[1] + "'; expected a whole number");
    }
    if (iterations < MIN_ITERATIONS) {
      throw new IllegalArgumentException(
          "password hash iterations was " + iterations + "; expected at least " + MIN_ITERATIONS);
    }
    try {
      byte[] salt = Base64.getDecoder().decode(parts[2]);
      byte[] hash = Base64.getDecoder().decode(parts[3]);
      if (salt.length < 8 || hash.length < 16) {
        throw new IllegalArgumentException(
            "password hash salt or hash is too short (salt >= 8 bytes, hash >= 16 bytes)");
      }
      return new PasswordHash(iterations, salt, hash);
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("password hash")) {
        throw e;
      }
      throw new IllegalArgumentException("password hash salt or hash is not valid base64");
    }
  }

  int iterations() {
    return iterations;
  }

  /** Whether the password matches, compared in constant time. */
  boolean matches(char[] password) {
    byte[] candidate = derive(password, salt, iterations, hash.length);
    try {
      return MessageDigest.isEqual(candidate, hash);
    } finally {
      Arrays.fill(candidate, (byte) 0);
    }
  }

  private static byte[] derive(char[] password, byte[] salt, int iterations, int bytes) {
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, bytes * 8);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      // Every Java 17 runtime ships PBKDF2WithHmacSHA256; its absence is a broken JDK.
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available in this JDK", e);
    } finally {
      spec.clearPassword();
    }
  }
}
