package dev.spawn.internal.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.spawn.Node;
import dev.spawn.SpawnConfig;
import dev.spawn.SpawnConfigException;
import dev.spawn.config.AuthConfig;
import dev.spawn.config.DeliveryConfig;
import dev.spawn.config.JournalConfig;
import dev.spawn.config.LdapSettings;
import dev.spawn.config.MirrorConfig;
import dev.spawn.config.StaticUser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Reads a JSON config file into a {@link SpawnConfig.Builder}: only the keys present change the
 * builder, so a file can be merged over defaults or over another config. Walks the JSON tree by
 * hand rather than binding it, so that every error names the exact key. Stateless apart from the
 * environment lookup; thread-safe.
 */
public final class ConfigReader {

  private static final JsonMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private final Function<String, String> env;

  /** Looks up {@code *-env} settings with {@code env} ({@code System::getenv} outside tests). */
  public ConfigReader(Function<String, String> env) {
    this.env = Objects.requireNonNull(env, "env");
  }

  /** Parses JSON text into an object tree, reporting syntax errors with line and column. */
  public static JsonNode parse(String json) {
    Objects.requireNonNull(json, "json");
    try {
      return checkRoot(MAPPER.readTree(json));
    } catch (JsonProcessingException e) {
      throw syntax(e);
    }
  }

  /** Parses JSON bytes (UTF-8, or UTF-16/32 with a byte order mark) into an object tree. */
  public static JsonNode parse(byte[] json) {
    Objects.requireNonNull(json, "json");
    try {
      return checkRoot(MAPPER.readTree(json));
    } catch (JsonProcessingException e) {
      throw syntax(e);
    } catch (IOException e) {
      throw new SpawnConfigException("", "cannot read the configuration: " + e.getMessage(), e);
    }
  }

  private static JsonNode checkRoot(JsonNode root) {
    if (root == null || root.isMissingNode()) {
      throw new SpawnConfigException("", "the configuration is empty; expected a JSON object"
          + " such as {\"port\": 7117}");
    }
    if (!root.isObject()) {
      throw new SpawnConfigException("", "the configuration must be a JSON object, was "
          + root.getNodeType().name().toLowerCase(Locale.ROOT));
    }
    return root;
  }

  private static SpawnConfigException syntax(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    int line = at == null ? 0 : Math.max(0, at.getLineNr());
    int column = at == null ? 0 : Math.max(0, at.getColumnNr());
    return new SpawnConfigException("", "invalid JSON at line " + line + ", column " + column
        + ": " + e.getOriginalMessage(), line, column, e);
  }

  /** Sets on {@code b} every setting present in {@code root}, a tree from {@link #parse}. */
  public void merge(JsonNode root, SpawnConfig.Builder b) {
    ConfigObject o = new ConfigObject("", checkRoot(root));
    o.checkKeys();
    o.ifText("host", b::host);
    o.ifInteger("port", 1, 65535, p -> b.port(p.intValue()));
    o.ifObject("api", api -> {
      api.checkKeys();
      api.ifText("host", b::apiHost);
      api.ifInteger("port", 1, 65535, p -> b.apiPort(p.intValue()));
    });
    o.ifObject("query-mode", q -> {
      q.checkKeys();
      q.ifBool("round-robin", b::roundRobin);
      q.ifBool("by-priority", b::byPriority);
    });
    o.ifObject("health-check", h -> b.healthCheck(hb -> {
      h.checkKeys();
      h.ifSeconds("seconds", hb::interval);
      h.ifText("url", hb::url);
      h.ifText("regexp", hb::regexp);
      h.ifMillis("timeout-ms", hb::timeout);
      h.ifInteger("rise", 1, 100, n -> hb.rise(n.intValue()));
      h.ifInteger("fall", 1, 100, n -> hb.fall(n.intValue()));
    }));
    if (o.has("nodes")) {
      b.nodes(nodes(o.objects("nodes")));
    }
    o.ifObject("auth", a -> b.auth(ab -> auth(a, ab)));
    o.ifObject("journal", j -> b.journal(jb -> journal(j, jb)));
    o.ifObject("mirror", m -> b.mirror(mb -> mirror(m, mb)));
    o.ifObject("delivery", d -> b.delivery(db -> delivery(d, db)));
    o.ifText("self", b::self);
    o.ifInteger("acks", 0, SpawnConfig.MAX_ACKS, n -> b.acks(n.intValue()));
    o.ifMillis("ack-timeout-ms", b::ackTimeout);
    o.ifInteger("read-max-lag", 0, Long.MAX_VALUE, b::readMaxLag);
    o.ifBool("priority-tiers", b::priorityTiers);
    o.ifTexts("nodes-allow", b::nodesAllow);
    o.ifChoice("respond", SpawnConfig.Respond.class, b::respond);
    o.ifObject("cors", c -> {
      c.checkKeys();
      c.ifTexts("origins", b::corsOrigins);
    });
  }

  private static List<Node> nodes(List<ConfigObject> elements) {
    List<Node> nodes = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    for (ConfigObject n : elements) {
      n.checkKeys();
      n.require("host");
      n.require("port");
      String host = Checks.host(n.key("host"), n.text("host"));
      int port = (int) n.integer("port", 1, 65535);
      int priority = n.has("priority")
          ? (int) n.integer("priority", Integer.MIN_VALUE, Integer.MAX_VALUE) : 0;
      boolean active = !n.has("active") || n.bool("active");
      boolean maintenance = n.has("maintenance") && n.bool("maintenance");
      String scheme = n.has("scheme") ? n.text("scheme").toLowerCase(Locale.ROOT) : "http";
      if (!scheme.equals("http") && !scheme.equals("https")) {
        throw Checks.invalid(n.key("scheme"), "\"http\" or \"https\"", n.text("scheme"));
      }
      String where = n.path();
      Node node;
      try {
        node = new Node(host, port, priority, active, maintenance, scheme);
      } catch (IllegalArgumentException e) {
        throw new SpawnConfigException(where, "'" + where + "': " + e.getMessage(), e);
      }
      String before = seen.putIfAbsent(node.id(), where);
      if (before != null) {
        throw new SpawnConfigException(where, "'" + where + "' repeats node " + node.id()
            + " of '" + before + "'; list each node once");
      }
      nodes.add(node);
    }
    return nodes;
  }

  private void auth(ConfigObject a, AuthConfig.Builder b) {
    a.checkKeys();
    a.ifChoice("type", AuthConfig.Type.class, b::type);
    a.ifSeconds("expiration", b::expiration);
    a.ifText("host", b::host);
    a.ifInteger("port", 1, 65535, p -> b.port(p.intValue()));
    a.ifObject("settings", s -> b.settings(sb -> ldap(s, sb)));
    a.ifObject("login-limit", l -> {
      l.checkKeys();
      l.ifInteger("failures", 1, AuthConfig.MAX_LOGIN_FAILURES,
          n -> b.loginLimitFailures(n.intValue()));
      l.ifInteger("address-failures", 1, AuthConfig.MAX_LOGIN_FAILURES,
          n -> b.loginLimitAddressFailures(n.intValue()));
      l.ifSeconds("window-seconds", b::loginLimitWindow);
    });
    if (a.has("users")) {
      List<StaticUser> users = new ArrayList<>();
      Map<String, String> seen = new HashMap<>();
      for (ConfigObject u : a.objects("users")) {
        u.checkKeys();
        u.require("name");
        u.require("hash");
        String name = Checks.userName(u.key("name"), u.text("name"));
        String before = seen.putIfAbsent(name, u.path());
        if (before != null) {
          throw new SpawnConfigException(u.key("name"), "'" + u.key("name") + "' repeats the user "
              + Checks.show(name) + " of '" + before + "'; list each user once");
        }
        users.add(new StaticUser(name, Checks.passwordHash(u.key("hash"), u.text("hash"))));
      }
      b.users(users);
    }
  }

  private void ldap(ConfigObject s, LdapSettings.Builder b) {
    s.checkKeys();
    s.ifText("base", b::base);
    s.ifBool("ssl", b::ssl);
    s.ifObject("filters", f -> {
      f.checkKeys();
      f.ifText("user", b::userFilter);
      f.ifText("group", b::groupFilter);
    });
    s.ifTexts("attributes", b::attributes);
    s.ifText("bind-dn", b::bindDn);
    secret(s, "bind-password", b::bindPassword);
    s.ifText("trust-store", p -> b.trustStore(Checks.path(s.key("trust-store"), p)));
  }

  private static void journal(ConfigObject j, JournalConfig.Builder b) {
    j.checkKeys();
    j.ifText("path", p -> b.path(Checks.path(j.key("path"), p)));
    j.ifChoice("sync", JournalConfig.Sync.class, b::sync);
    j.ifInteger("max-entries", 1, JournalConfig.MAX_ENTRIES, b::maxEntries);
    j.ifInteger("max-bytes", 1, JournalConfig.MAX_BYTES, b::maxBytes);
    j.ifObject("lag-limit", l -> {
      l.checkKeys();
      l.ifInteger("entries", 1, JournalConfig.MAX_ENTRIES, b::lagLimitEntries);
      l.ifInteger("bytes", 1, JournalConfig.MAX_BYTES, b::lagLimitBytes);
      l.ifSeconds("age-seconds", b::lagLimitAge);
    });
    j.ifBool("memory", b::memory);
  }

  private void mirror(ConfigObject m, MirrorConfig.Builder b) {
    m.checkKeys();
    m.ifTexts("methods", b::methods);
    secret(m, "secret", b::secret);
    m.ifText("key-id", b::keyId);
    secret(m, "previous-secret", b::previousSecret);
    m.ifText("previous-key-id", b::previousKeyId);
    m.ifInteger("max-body-bytes", 1, Integer.MAX_VALUE, b::maxBodyBytes);
    m.ifChoice("oversize", MirrorConfig.Oversize.class, b::oversize);
    m.ifTexts("header-excludes", b::headerExcludes);
    m.ifTexts("header-redactions", b::headerRedactions);
    if (m.has("replicated-statuses")) {
      b.replicatedStatuses(m.texts("replicated-statuses", true));
    }
    m.ifChoice("ordering", MirrorConfig.Ordering.class, b::ordering);
    m.ifBool("insecure", b::insecure);
  }

  private void delivery(ConfigObject d, DeliveryConfig.Builder b) {
    d.checkKeys();
    d.ifMillis("backoff-min-ms", b::backoffMin);
    d.ifMillis("backoff-max-ms", b::backoffMax);
    d.ifMillis("connect-timeout-ms", b::connectTimeout);
    d.ifMillis("response-timeout-ms", b::responseTimeout);
    d.ifSeconds("stuck-after-seconds", b::stuckAfter);
    d.ifInteger("max-attempts", 0, 1_000_000, n -> b.maxAttempts(n.intValue()));
    d.ifInteger("batch-size", 1, 100_000, n -> b.batchSize(n.intValue()));
    d.ifText("trust-store", p -> b.trustStore(Checks.path(d.key("trust-store"), p)));
    secret(d, "trust-store-password", b::trustStorePassword);
    d.ifText("trust-store-type", b::trustStoreType);
  }

  /**
   * A secret given as {@code name} (the value), {@code name-file} (a file holding it) or {@code
   * name-env} (an environment variable holding it), at most one of them.
   */
  private void secret(ConfigObject o, String name, Consumer<String> setter) {
    List<String> given = new ArrayList<>();
    for (String k : List.of(name, name + "-file", name + "-env")) {
      if (o.has(k)) {
        given.add(k);
      }
    }
    if (given.size() > 1) {
      throw new SpawnConfigException(o.key(given.get(1)), "give only one of '" + o.key(name)
          + "', '" + o.key(name + "-file") + "' and '" + o.key(name + "-env") + "'");
    }
    if (given.isEmpty()) {
      return;
    }
    String source = given.get(0);
    String key = o.key(source);
    String value;
    if (source.endsWith("-file")) {
      value = Secrets.fromFile(key, Checks.path(key, o.text(source)));
    } else if (source.endsWith("-env")) {
      value = Secrets.fromEnv(key, o.text(source), env);
    } else {
      setter.accept(o.text(source));
      return;
    }
    try {
      setter.accept(value);
    } catch (SpawnConfigException e) {
      throw new SpawnConfigException(
          key, e.getMessage() + " (the value read through '" + key + "')", e);
    }
  }

  /** Reads a config file's bytes; the caller names the file in the error. */
  public static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new SpawnConfigException("", "the config file cannot be read ("
          + e.getClass().getSimpleName() + ")", e);
    }
  }
}
