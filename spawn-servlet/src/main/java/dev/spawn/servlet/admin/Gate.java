package dev.spawn.servlet.admin;

import dev.spawn.servlet.auth.Authenticator;
import dev.spawn.servlet.auth.TokenStore;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a caller may use an endpoint, from its access level, the bearer token and the
 * remote address. With authentication on, state changes and request bodies need a valid token; in
 * development mode (an open authenticator) they are allowed from loopback callers only. Immutable
 * and thread-safe.
 */
final class Gate {

  private static final Logger log = LoggerFactory.getLogger(Gate.class);
  static final String CHALLENGE = "Bearer realm=\"spawn\"";

  private final Authenticator authenticator;
  private final TokenStore tokens;
  private final boolean tokenForReads;
  private final Predicate<String> loopback;

  Gate(
      Authenticator authenticator,
      TokenStore tokens,
      boolean tokenForReads,
      Predicate<String> loopback) {
    this.authenticator = authenticator;
    this.tokens = tokens;
    this.tokenForReads = tokenForReads;
    this.loopback = loopback;
  }

  /**
   * Admits the caller or refuses it.
   *
   * @param authorization the Authorization header, may be null
   * @return the caller's principal, {@code anonymous} when it presented no valid token
   * @throws ApiError 401 (no or bad token) or 403 (dev mode, not a loopback caller)
   */
  String admit(Routes.Access access, String authorization, String remoteAddr) {
    String token = bearer(authorization);
    Optional<TokenStore.Session> session = token == null ? Optional.empty() : tokens.find(token);
    String principal = session.map(TokenStore.Session::principal).orElse("anonymous");
    boolean strict = access == Routes.Access.CHANGE || access == Routes.Access.SENSITIVE;
    if (authenticator.isOpen()) {
      if (strict && !loopback.test(remoteAddr)) {
        throw new ApiError(
            403,
            "Forbidden: authentication is off (development mode), so changes and dead letters are"
                + " accepted from loopback callers only",
            "call from the same machine, or configure an authenticator (static users or LDAP)");
      }
      return principal;
    }
    boolean needsToken = strict || (access == Routes.Access.READ && tokenForReads);
    if (!needsToken) {
      return principal;
    }
    if (token == null) {
      throw new ApiError(
              401,
              "Not authorized",
              "this route needs a token: POST /login with username and password, then send"
                  + " 'Authorization: Bearer <token>'")
          .header("WWW-Authenticate", CHALLENGE);
    }
    if (session.isEmpty()) {
      log.info("Refused token {} from {}", TokenStore.prefix(token), remoteAddr);
      throw new ApiError(
              401, "Not authorized", "the token is not valid or has expired; log in again")
          .header("WWW-Authenticate", CHALLENGE + ", error=\"invalid_token\"");
    }
    return principal;
  }

  /** The token of an {@code Authorization: Bearer <token>} header, null when there is none. */
  static String bearer(String authorization) {
    if (authorization == null) {
      return null;
    }
    String h = authorization.trim();
    if (h.length() < 7 || !h.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
      return null;
    }
    String token = h.substring(7).trim();
    return token.isEmpty() ? null : token;
  }
}
