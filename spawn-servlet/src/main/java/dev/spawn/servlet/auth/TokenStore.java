package dev.spawn.servlet.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The bearer tokens handed out at login: random 256-bit values (base64url), each valid for a fixed
 * time after it was issued.
 *
 * <p>The store keeps only a SHA-256 digest of each token, so a heap dump does not reveal usable
 * tokens; it holds at most {@value #MAX_TOKENS} tokens (the oldest go first). Expiry runs on an
 * injectable nanosecond ticker; the wall clock only stamps {@link Session#issuedAt()} and {@link
 * Session#expiresAt()}. Thread-safe.
 */
public final class TokenStore {

  /** The most tokens held at once, so repeated logins cannot exhaust memory. */
  public static final int MAX_TOKENS = 10_000;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Cache<String, Session> sessions;
  private final Duration expiration;
  private final Clock clock;

  /**
   * A store whose tokens expire after {@code expiration}.
   *
   * @param clock stamps issue and expiry times
   * @param nanoTime a monotonic nanosecond source (such as {@code System::nanoTime}) that decides
   *     expiry
   */
  public TokenStore(Duration expiration, Clock clock, LongSupplier nanoTime) {
    Objects.requireNonNull(expiration, "expiration");
    if (expiration.isNegative() || expiration.isZero()) {
      throw new IllegalArgumentException(
          "expiration was " + expiration + "; expected a positive duration");
    }
    this.expiration = expiration;
    this.clock = Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(nanoTime, "nanoTime");
    this.sessions =
        Caffeine.newBuilder()
            .expireAfterWrite(expiration)
            .maximumSize(MAX_TOKENS)
            .ticker(nanoTime::getAsLong)
            .executor(Runnable::run)
            .build();
  }

  /** Issues a new token for the principal and returns it with its session. */
  public Issued issue(String principal) {
    Objects.requireNonNull(principal, "principal");
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Instant now = clock.instant();
    Session session = new Session(principal, now, now.plus(expiration));
    sessions.put(digest(token), session);
    return new Issued(token, session);
  }

  /** The session of a token that is valid now; empty when unknown, revoked or expired. */
  public Optional<Session> find(String token) {
    if (token == null || token.isEmpty() || token.length() > 128) {
      return Optional.empty();
    }
    return Optional.ofNullable(sessions.getIfPresent(digest(token)));
  }

  /** Revokes a token; false when it was not valid. */
  public boolean revoke(String token) {
    if (token == null || token.isEmpty() || token.length() > 128) {
      return false;
    }
    return sessions.asMap().remove(digest(token)) != null;
  }

  /** How long a token is valid after it is issued. */
  public Duration expiration() {
    return expiration;
  }

  /** The start of a token, safe to log: its first 6 characters and an ellipsis. */
  public static String prefix(String token) {
    if (token == null) {
      return "null";
    }
    return (token.length() <= 6 ? token : token.substring(0, 6)) + "\u2026";
  }

  private static String digest(String token) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JDK", e);
    }
  }

  /**
   * Who a token belongs to and when it expires. Immutable.
   *
   * @param principal the authenticated user
   * @param issuedAt when the token was issued
   * @param expiresAt when it stops being valid
   */
  public record Session(String principal, Instant issuedAt, Instant expiresAt) {}

  /**
   * A newly issued token and its session. Immutable. Its {@code toString()} hides the token.
   *
   * @param token the bearer token to hand to the client
   * @param session who it belongs to
   */
  public record Issued(String token, Session session) {
    @Override
    public String toString() {
      return "Issued[token=" + prefix(token) + ", session=" + session + "]";
    }
  }
}
