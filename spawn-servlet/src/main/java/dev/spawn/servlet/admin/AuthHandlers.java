package dev.spawn.servlet.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spawn.servlet.auth.Authenticator;
import dev.spawn.servlet.auth.TokenStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /login}, {@code GET /login/{token}} and {@code DELETE /logout[/{token}]}. A failed
 * login never says whether the user exists; an authenticator that throws is a failed login (401),
 * never a server error. After too many failed logins the {@link LoginLimiter} refuses further
 * attempts (429) before any password is checked. Tokens appear in logs and audit lines only as a
 * short prefix. Thread-safe.
 */
final class AuthHandlers {

  private static final Logger log = LoggerFactory.getLogger(AuthHandlers.class);
  private static final String SHAPE =
      "username and password as a form (application/x-www-form-urlencoded) or as JSON"
          + " {\"username\": \"...\", \"password\": \"...\"}";

  private final Authenticator authenticator;
  private final TokenStore tokens;
  private final Clock clock;
  private final LoginLimiter limiter;

  AuthHandlers(Authenticator authenticator, TokenStore tokens, Clock clock, LoginLimiter limiter) {
    this.authenticator = authenticator;
    this.tokens = tokens;
    this.clock = clock;
    this.limiter = limiter;
  }

  Reply login(Exchange x) {
    String[] credentials = credentials(x);
    String username = credentials[0];
    String address = x.remoteAddr();
    x.principal(username);
    Optional<LoginLimiter.Refusal> refusal = limiter.check(username, address);
    if (refusal.isPresent()) {
      throw tooMany(x, username, address, refusal.get());
    }
    char[] password = credentials[1].toCharArray();
    Optional<String> principal;
    boolean checked = true;
    try {
      principal = authenticator.authenticate(username, password);
    } catch (RuntimeException e) {
      log.warn("Authenticator {} failed: {}", authenticator.name(), e.toString());
      // Nothing was learnt about the password (directory down): not a failure to count.
      checked = false;
      principal = Optional.empty();
    } finally {
      Arrays.fill(password, '\0');
    }
    if (principal.isEmpty()) {
      if (checked) {
        limiter.failed(username, address);
      }
      x.auditDetail("login refused");
      throw new ApiError(401, "Not authorized", "the user name or password is wrong")
          .header("WWW-Authenticate", Gate.CHALLENGE);
    }
    limiter.succeeded(username, address);
    x.principal(principal.get());
    TokenStore.Issued issued = tokens.issue(principal.get());
    x.auditDetail("login, token " + TokenStore.prefix(issued.token()));
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("success", true);
    data.put("token", issued.token());
    data.put("user", principal.get());
    data.put("expires", issued.session().expiresAt().toString());
    data.put("expiresIn", tokens.expiration().toSeconds());
    return Reply.object(200, data);
  }

  Reply tokenInfo(Exchange x) {
    String token = x.var("token");
    x.auditPath("/login/" + TokenStore.prefix(token));
    TokenStore.Session s = tokens.find(token).orElseThrow(AuthHandlers::notValid);
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("user", s.principal());
    info.put("issued", s.issuedAt().toString());
    info.put("expires", s.expiresAt().toString());
    info.put(
        "expiresIn", Math.max(0, Duration.between(clock.instant(), s.expiresAt()).toSeconds()));
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("success", true);
    data.put("info", info);
    return Reply.object(200, data);
  }

  Reply logoutPath(Exchange x) {
    String token = x.var("token");
    x.auditPath("/logout/" + TokenStore.prefix(token));
    return logout(x, token);
  }

  Reply logoutBearer(Exchange x) {
    String token = Gate.bearer(x.header("Authorization"));
    if (token == null) {
      throw new ApiError(
              401, "Not authorized", "send the token to revoke as 'Authorization: Bearer <token>'")
          .header("WWW-Authenticate", Gate.CHALLENGE);
    }
    return logout(x, token);
  }

  private Reply logout(Exchange x, String token) {
    Optional<TokenStore.Session> s = tokens.find(token);
    s.ifPresent(session -> x.principal(session.principal()));
    if (s.isEmpty() || !tokens.revoke(token)) {
      throw notValid();
    }
    x.auditDetail("logout, token " + TokenStore.prefix(token));
    return Reply.object(200, Map.of("success", true));
  }

  /** The 429 for a paused login; logged once per run of failures, audited every time. */
  private static ApiError tooMany(
      Exchange x, String username, String address, LoginLimiter.Refusal r) {
    String scope = r.byAddress() ? "this address" : "this user name from this address";
    if (r.firstInRun()) {
      log.warn(
          "Refusing logins for {} (user '{}', address {}) for {} s after too many failed logins",
          scope,
          Json.shorten(username, 100),
          address,
          r.retryAfterSeconds());
    }
    x.auditDetail("login refused: too many failed logins from " + scope);
    return new ApiError(
            429,
            "Too many failed logins",
            "logins for "
                + scope
                + " are paused after repeated failures; try again in "
                + r.retryAfterSeconds()
                + " s (Retry-After)")
        .header("Retry-After", Long.toString(r.retryAfterSeconds()));
  }

  private static ApiError notValid() {
    return new ApiError(401, "Not authorized", "the token is not valid or has expired")
        .header("WWW-Authenticate", Gate.CHALLENGE + ", error=\"invalid_token\"");
  }

  /** {username, password} from a form or JSON body. */
  private static String[] credentials(Exchange x) {
    String media = x.mediaType();
    String username;
    String password;
    if (media.equals("application/json")) {
      JsonNode body = Json.parse(x.body(), SHAPE);
      if (body == null || !body.isObject()) {
        throw ApiError.badRequest("Could not recognize parameters: expected a JSON object", SHAPE);
      }
      for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        if (!name.equals("username") && !name.equals("password")) {
          throw ApiError.badRequest(
              "Could not recognize parameters: unknown field '" + Json.shorten(name, 40) + "'",
              SHAPE);
        }
      }
      username = text(body.get("username"), "username");
      password = text(body.get("password"), "password");
    } else if (media.equals("application/x-www-form-urlencoded") || media.isEmpty()) {
      Map<String, List<String>> form = x.form();
      username = single(form, "username");
      password = single(form, "password");
    } else {
      throw new ApiError(415, "Unsupported media type '" + Json.shorten(media, 60) + "'", SHAPE);
    }
    if (username == null || username.isEmpty()) {
      throw ApiError.badRequest("Could not recognize username parameter: it is missing", SHAPE);
    }
    if (password == null) {
      throw ApiError.badRequest("Could not recognize password parameter: it is missing", SHAPE);
    }
    return new String[] {username, password};
  }

  private static String text(JsonNode v, String field) {
    if (v == null) {
      return null;
    }
    if (!v.isTextual()) {
      throw ApiError.badRequest(
          "Could not recognize " + field + " parameter: it must be a string", SHAPE);
    }
    return v.textValue();
  }

  private static String single(Map<String, List<String>> form, String field) {
    List<String> v = form.get(field);
    if (v == null) {
      return null;
    }
    if (v.size() > 1) {
      throw ApiError.badRequest(
          "Could not recognize " + field + " parameter: it was given " + v.size() + " times",
          SHAPE);
    }
    return v.get(0);
  }
}
