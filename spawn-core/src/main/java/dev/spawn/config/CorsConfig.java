package dev.spawn.config;

import dev.spawn.SpawnConfigException;
import dev.spawn.internal.config.Checks;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * Which browser origins may call the admin API: the {@code cors} section. A wildcard is refused:
 * admin calls carry credentials, and a wildcard with credentials would let any web page drive the
 * cluster. Immutable and thread-safe.
 *
 * @param origins allowed origins such as {@code https://admin.example.com} ({@code
 *     cors.origins}, default none), normalised to lower case without a trailing slash
 */
public record CorsConfig(List<String> origins) {

  /** No origin allowed. */
  public static final CorsConfig NONE = new CorsConfig(List.of());

  /** Validates and normalises every origin. */
  public CorsConfig {
    origins = Checks.list("cors.origins", origins, CorsConfig::checkOrigin);
  }

  /** Whether a request's {@code Origin} header value is allowed. */
  public boolean allows(String origin) {
    return origin != null && origins.contains(origin.toLowerCase(Locale.ROOT));
  }

  /** Checks one origin: {@code http(s)://host[:port]}, nothing else. */
  static String checkOrigin(String key, String origin) {
    if (origin.equals("*")) {
      throw new SpawnConfigException(key, "'" + key + "' must not be \"*\": admin calls"
          + " carry credentials, so list each origin, such as \"https://admin.example.com\"");
    }
    String expected = "an origin such as \"https://admin.example.com\" or \"http://localhost:8080\""
        + " (scheme, host and optional port, nothing else)";
    String normal = origin.toLowerCase(Locale.ROOT);
    normal = normal.endsWith("/") ? normal.substring(0, normal.length() - 1) : normal;
    try {
      URI uri = new URI(normal);
      boolean ok = ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null && uri.getRawUserInfo() == null
          && (uri.getRawPath() == null || uri.getRawPath().isEmpty())
          && uri.getRawQuery() == null && uri.getRawFragment() == null;
      if (!ok) {
        throw Checks.invalid(key, expected, origin);
      }
    } catch (URISyntaxException e) {
      throw Checks.invalid(key, expected, origin);
    }
    return normal;
  }
}
