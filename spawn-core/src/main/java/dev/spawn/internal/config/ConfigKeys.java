package dev.spawn.internal.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every key the config file takes, per JSON object. The reader refuses anything else; tests check
 * that {@code docs/CONFIG.md} documents each one. {@code []} stands for any array index.
 * Immutable; thread-safe.
 */
public final class ConfigKeys {

  private static final Map<String, List<String>> OBJECTS = new LinkedHashMap<>();

  static {
    OBJECTS.put("", List.of("host", "port", "api", "query-mode", "health-check", "nodes", "auth",
        "journal", "mirror", "delivery", "self", "acks", "ack-timeout-ms", "read-max-lag",
        "priority-tiers", "nodes-allow", "respond", "cors"));
    OBJECTS.put("api", List.of("host", "port"));
    OBJECTS.put("query-mode", List.of("round-robin", "by-priority"));
    OBJECTS.put("health-check",
        List.of("seconds", "url", "regexp", "timeout-ms", "rise", "fall"));
    OBJECTS.put("nodes[]",
        List.of("host", "port", "priority", "active", "maintenance", "scheme"));
    OBJECTS.put("auth", List.of("type", "expiration", "host", "port", "settings", "users",
        "login-limit"));
    OBJECTS.put("auth.settings", List.of("base", "ssl", "filters", "attributes", "bind-dn",
        "bind-password", "bind-password-file", "bind-password-env", "trust-store"));
    OBJECTS.put("auth.settings.filters", List.of("user", "group"));
    OBJECTS.put("auth.users[]", List.of("name", "hash"));
    OBJECTS.put("auth.login-limit", List.of("failures", "address-failures", "window-seconds"));
    OBJECTS.put("journal",
        List.of("path", "sync", "max-entries", "max-bytes", "lag-limit", "memory"));
    OBJECTS.put("journal.lag-limit", List.of("entries", "bytes", "age-seconds"));
    OBJECTS.put("mirror", List.of("methods", "secret", "secret-file", "secret-env", "key-id",
        "previous-secret", "previous-secret-file", "previous-secret-env", "previous-key-id",
        "max-body-bytes", "oversize", "header-excludes", "header-redactions",
        "replicated-statuses", "ordering", "insecure"));
    OBJECTS.put("delivery", List.of("backoff-min-ms", "backoff-max-ms", "connect-timeout-ms",
        "response-timeout-ms", "stuck-after-seconds", "max-attempts", "batch-size",
        "trust-store", "trust-store-password", "trust-store-password-file",
        "trust-store-password-env", "trust-store-type"));
    OBJECTS.put("cors", List.of("origins"));
  }

  private ConfigKeys() {}

  /** The keys of the object at a path (indexes written {@code []}), empty when there is none. */
  public static List<String> of(String objectPath) {
    return OBJECTS.getOrDefault(objectPath, List.of());
  }

  /** The full path of every setting that is not itself an object, such as {@code journal.sync}. */
  public static List<String> settings() {
    List<String> out = new ArrayList<>();
    OBJECTS.forEach((object, keys) -> {
      for (String key : keys) {
        String path = object.isEmpty() ? key : object + "." + key;
        if (!OBJECTS.containsKey(path) && !OBJECTS.containsKey(path + "[]")) {
          out.add(path);
        }
      }
    });
    return out;
  }

  /** The full paths of keys (settings or objects) named {@code leaf}, wherever they are. */
  static List<String> named(String leaf) {
    List<String> all = new ArrayList<>(settings());
    OBJECTS.keySet().forEach(o -> all.add(o.replace("[]", "")));
    List<String> out = new ArrayList<>();
    for (String path : all) {
      if (path.equals(leaf) || path.endsWith("." + leaf)) {
        out.add(path);
      }
    }
    return out;
  }
}
