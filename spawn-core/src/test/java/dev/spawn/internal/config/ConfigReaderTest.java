package dev.spawn.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spawn.SpawnConfig;
import dev.spawn.SpawnConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigReaderTest {

  private static final String SECRET = "0123456789abcdef-secret";

  @TempDir Path dir;

  private static SpawnConfig read(String json, Map<String, String> env) {
    SpawnConfig.Builder b = SpawnConfig.builder();
    new ConfigReader(env::get).merge(ConfigReader.parse(json), b);
    return b.build();
  }

  private static AbstractThrowableAssert<?, ?> failing(String json) {
    return assertThatThrownBy(() -> read(json, Map.of())).isInstanceOf(SpawnConfigException.class);
  }

  private static String key(Throwable e) {
    return ((SpawnConfigException) e).key();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '§', textBlock = """
      {"prot": 1}                                 | prot                       | did you mean 'port'?
      {"journal": {"sycn": "full"}}               | journal.sycn               | did you mean 'journal.sync'?
      {"journal": {"lag-limit": {"age-second": 5}}} | journal.lag-limit.age-second | did you mean 'journal.lag-limit.age-seconds'?
      {"auth": {"settings": {"filters": {"usr": "(a=%s)"}}}} | auth.settings.filters.usr | did you mean 'auth.settings.filters.user'?
      {"nodes": [{"host": "a", "port": 1}, {"hots": "b", "port": 2}]} | nodes[1].hots | did you mean 'nodes[1].host'?
      {"auth": {"users": [{"name": "a", "pass": "x"}]}} | auth.users[0].pass    | 'auth.users[0]' takes name, hash
      {"sync": "full"}                            | sync                       | did you mean 'journal.sync'?
      {"mirror": {"zzz": 1}}                      | mirror.zzz                 | 'mirror' takes methods, secret,
      {"zzz": 1}                                  | zzz                        | the top level takes host, port, api,
      """)
  void everyUnknownKeyIsNamedWithItsPath(String json, String path, String hint) {
    failing(json)
        .hasMessageStartingWith("unknown key '" + path + "'")
        .hasMessageContaining(hint)
        .satisfies(e -> assertThat(key(e)).isEqualTo(path));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '§', textBlock = """
      {"port": "abc"}                       | 'port' must be an integer 1..65535, was "abc"
      {"port": 70000}                       | 'port' must be an integer 1..65535, was 70000
      {"port": 80.5}                        | 'port' must be an integer 1..65535, was 80.5
      {"host": 5}                           | 'host' must be a string, was 5
      {"api": 7118}                         | 'api' must be an object, was 7118
      {"query-mode": {"round-robin": "yes"}}| 'query-mode.round-robin' must be true or false, was "yes"
      {"health-check": {"seconds": 0}}      | 'health-check.seconds' must be an integer 1..31536000, was 0
      {"journal": {"sync": "fast"}}         | 'journal.sync' must be one of "full", "normal", was "fast"
      {"journal": {"sync": 1}}              | 'journal.sync' must be a string, was 1
      {"journal": {"max-bytes": -1}}        | 'journal.max-bytes' must be an integer 1..1125899906842624, was -1
      {"mirror": {"methods": "POST"}}       | 'mirror.methods' must be an array of strings, was "POST"
      {"mirror": {"methods": ["POST", 5]}}  | 'mirror.methods[1]' must be a string, was 5
      {"mirror": {"oversize": "drop"}}      | 'mirror.oversize' must be one of "reject", "pass-through", was "drop"
      {"mirror": {"replicated-statuses": ["2xx", "600"]}} | 'mirror.replicated-statuses[1]' must be a status such as "303" or a class such as "2xx", was "600"
      {"delivery": {"backoff-min-ms": 500, "backoff-max-ms": 100}} | 'delivery.backoff-min-ms' must be at most delivery.backoff-max-ms (100 ms), was 500 ms
      {"delivery": {"trust-store-type": "NOPE"}} | 'delivery.trust-store-type' must be a key store type this JVM knows, such as "PKCS12" or "JKS", was "NOPE"
      {"respond": "all"}                    | 'respond' must be one of "first", "primary", was "all"
      {"nodes": {"host": "a"}}              | 'nodes' must be an array of objects, was {"host":"a"}
      {"nodes": ["a:1"]}                    | 'nodes[0]' must be an object, was "a:1"
      {"nodes": [{"host": "a", "port": 0}]} | 'nodes[0].port' must be an integer 1..65535, was 0
      {"nodes": [{"host": "a"}, {"host": "b", "port": 2}]} | 'nodes[0].port' is required
      {"nodes": [{"host": "a", "port": 1}, {"host": "b b", "port": 2}]} | 'nodes[1].host' must be a DNS name, an IPv4 address or a bracketed IPv6 literal such as [::1], was "b b"
      {"nodes": [{"host": "a", "port": 1, "scheme": "ftp"}]} | 'nodes[0].scheme' must be "http" or "https", was "ftp"
      {"nodes": [{"host": "a", "port": 1, "active": 1}]} | 'nodes[0].active' must be true or false, was 1
      {"nodes": [{"host": "a", "port": 1}, {"host": "a", "port": 1}]} | 'nodes[1]' repeats node a:1 of 'nodes[0]'; list each node once
      {"health-check": {"regexp": "a("}}    | 'health-check.regexp' must be a java.util.regex pattern (Unclosed group at index 2), was "a("
      {"health-check": {"url": "health"}}   | 'health-check.url' must be a path starting with '/', such as "/health", was "health"
      {"health-check": {"seconds": 1}}      | ok
      {"health-check": {"seconds": 2, "timeout-ms": 3000}} | 'health-check.timeout-ms' must be shorter than the interval health-check.seconds (2000 ms), was 3000 ms
      {"cors": {"origins": ["*"]}}          | 'cors.origins[0]' must not be "*": admin calls carry credentials, so list each origin, such as "https://admin.example.com"
      {"cors": {"origins": ["https://a.example/path"]}} | 'cors.origins[0]' must be an origin such as "https://admin.example.com" or "http://localhost:8080" (scheme, host and optional port, nothing else), was "https://a.example/path"
      {"auth": {"type": "ldap"}}            | 'auth.type' "ldap" needs 'auth.host' (the LDAP server's host name)
      {"auth": {"login-limit": {"failures": 0}}} | 'auth.login-limit.failures' must be an integer 1..1000000, was 0
      {"auth": {"login-limit": {"address-failures": -3}}} | 'auth.login-limit.address-failures' must be an integer 1..1000000, was -3
      {"auth": {"login-limit": {"window-seconds": 0}}} | 'auth.login-limit.window-seconds' must be an integer 1..31536000, was 0
      {"auth": {"login-limit": {"failures": "5"}}} | 'auth.login-limit.failures' must be an integer 1..1000000, was "5"
      {"auth": {"type": "ldap", "host": "l"}} | 'auth.type' "ldap" needs 'auth.settings.base' (the search's base DN)
      {"auth": {"type": "static"}}          | 'auth.type' "static" needs 'auth.users' (at least one user)
      {"auth": {"settings": {"filters": {"user": "(uid=x)"}}}} | 'auth.settings.filters.user' must be an LDAP filter with one %s for the user name, such as "(uid=%s)", was "(uid=x)"
      {"auth": {"settings": {"bind-password": "p"}}} | 'auth.settings.bind-password' is set but 'auth.settings.bind-dn' is not; set both
      {"auth": {"users": [{"name": "a", "hash": "md5:x"}]}} | 'auth.users[0].hash' must be "pbkdf2-sha256:<iterations>:<salt base64>:<hash base64>", but it does not have that form
      {"self": "nohost"}                    | 'self' must be this node's id host:port, such as "10.0.0.5:8080" or "[fd00::5]:8080", was "nohost"
      """)
  void badValuesNameTheKeyAndWhatWasExpected(String json, String message) {
    if (message.equals("ok")) {
      // Half of the 1 s interval: a check must end before the next one begins.
      assertThat(read(json, Map.of()).healthCheck().timeout().toMillis()).isEqualTo(500);
    } else {
      failing(json).hasMessage(message);
    }
  }

  @Test
  void aMethodMustBeAnHttpToken() {
    failing("{\"mirror\": {\"methods\": [\"GE T\"]}}")
        .hasMessage("'mirror.methods[0]' must be an HTTP token (letters, digits and"
            + " !#$%&'*+-.^_`|~), was \"GE T\"");
  }

  @Test
  void invalidJsonGivesLineAndColumn() {
    String json = "{\n  \"port\": 7117,\n  \"host\": }\n";

    assertThatThrownBy(() -> ConfigReader.parse(json))
        .isInstanceOf(SpawnConfigException.class)
        .hasMessageStartingWith("invalid JSON at line 3, column 11: ")
        .satisfies(e -> {
          assertThat(((SpawnConfigException) e).line()).isEqualTo(3);
          assertThat(((SpawnConfigException) e).column()).isEqualTo(11);
        });
  }

  @Test
  void duplicateKeysTrailingTextAndNonObjectsAreRefused() {
    assertThatThrownBy(() -> ConfigReader.parse("{\"port\": 1,\n \"port\": 2}"))
        .hasMessageStartingWith("invalid JSON at line 2, column")
        .hasMessageContaining("Duplicate field 'port'");
    assertThatThrownBy(() -> ConfigReader.parse("{} {}"))
        .hasMessageStartingWith("invalid JSON at line 1");
    assertThatThrownBy(() -> ConfigReader.parse("[1]"))
        .hasMessage("the configuration must be a JSON object, was array");
    assertThatThrownBy(() -> ConfigReader.parse("  "))
        .hasMessageStartingWith("the configuration is empty");
  }

  @Test
  void nullMeansAbsent() {
    SpawnConfig c = read("{\"port\": null, \"self\": null, \"journal\": null}", Map.of());

    assertThat(c).isEqualTo(SpawnConfig.defaults());
  }

  @Test
  void secretsComeFromTheEnvironment() throws Exception {
    Path store = Files.writeString(dir.resolve("trust.p12"), "not read here");
    SpawnConfig c = read("{\"mirror\": {\"secret-env\": \"SPAWN_SECRET\"},"
        + " \"delivery\": {\"trust-store-password-env\": \"STORE_PASS\", \"trust-store\": \""
        + store.toString().replace("\\", "\\\\") + "\"}}",
        Map.of("SPAWN_SECRET", SECRET, "STORE_PASS", "changeit"));

    assertThat(c.mirror().secret()).contains(SECRET);
    assertThat(c.delivery().trustStorePassword()).contains("changeit");
  }

  @Test
  void aMissingOrShortSecretNamesWhereItWasRead() throws Exception {
    assertThatThrownBy(() -> read("{\"mirror\": {\"secret-env\": \"NOPE\"}}", Map.of()))
        .hasMessage("'mirror.secret-env' names the environment variable NOPE, which is not set");
    assertThatThrownBy(() -> read("{\"mirror\": {\"secret-env\": \"S\"}}", Map.of("S", "short")))
        .hasMessage("'mirror.secret' must be at least 16 characters (make one with: openssl rand"
            + " -base64 32), was 5 characters (the value read through 'mirror.secret-env')")
        .satisfies(e -> assertThat(key(e)).isEqualTo("mirror.secret-env"));
    Path empty = Files.writeString(dir.resolve("empty"), "\n");
    assertThatThrownBy(() -> read("{\"mirror\": {\"previous-secret-file\": \""
        + empty.toString().replace("\\", "\\\\") + "\"}}", Map.of()))
        .hasMessage("'mirror.previous-secret-file' names " + empty + ", which is empty");
  }

  @Test
  void aSecretIsGivenOneWayOnly() {
    failing("{\"mirror\": {\"secret\": \"" + SECRET + "\", \"secret-env\": \"X\"}}")
        .hasMessage("give only one of 'mirror.secret', 'mirror.secret-file' and"
            + " 'mirror.secret-env'");
  }

  @Test
  void aRotationNeedsBothPreviousKeys() {
    failing("{\"mirror\": {\"secret\": \"" + SECRET + "\", \"previous-secret\": \"" + SECRET
        + "-old\"}}")
        .hasMessageContaining("'mirror.previous-secret' and 'mirror.previous-key-id' go together");
    SpawnConfig c = read("{\"mirror\": {\"secret\": \"" + SECRET + "\", \"key-id\": \"k2\","
        + " \"previous-secret\": \"" + SECRET + "-old\", \"previous-key-id\": \"k1\"}}", Map.of());
    assertThat(c.mirror().previousKeyId()).contains("k1");
  }

  @Test
  void staticUsersAreRead() {
    String hash = "pbkdf2-sha256:210000:c2FsdHNhbHQ=:MDEyMzQ1Njc4OWFiY2RlZg==";
    SpawnConfig c = read("{\"auth\": {\"type\": \"static\", \"users\": [{\"name\": \"ann\","
        + " \"hash\": \"" + hash + "\"}]}}", Map.of());

    assertThat(c.auth().users()).hasSize(1);
    assertThat(c.auth().users().get(0).name()).isEqualTo("ann");
    assertThat(c.auth().users().get(0).iterations()).isEqualTo(210000);
    assertThat(c.auth().users().get(0).salt()).asString().isEqualTo("saltsalt");
    assertThat(c.auth().users().get(0).toString()).doesNotContain(hash);
    failing("{\"auth\": {\"users\": [{\"name\": \"ann\", \"hash\": \"" + hash + "\"}, {\"name\":"
        + " \"ann\", \"hash\": \"" + hash + "\"}]}}")
        .hasMessage("'auth.users[1].name' repeats the user \"ann\" of 'auth.users[0]'; list each"
            + " user once");
  }

  @Test
  void everyNewSectionIsRead() {
    SpawnConfig c = read("""
        {"journal": {"path": "/var/lib/spawn/j.db", "sync": "normal", "max-entries": 1000,
                     "max-bytes": 1048576, "memory": true,
                     "lag-limit": {"entries": 10, "bytes": 2048, "age-seconds": 60}},
         "mirror": {"methods": ["post", "PUT"], "max-body-bytes": 1024, "oversize": "pass-through",
                    "header-excludes": ["X-Internal"], "header-redactions": ["Authorization"],
                    "replicated-statuses": ["2xx", 303, "201"], "ordering": "none",
                    "insecure": true},
         "delivery": {"backoff-min-ms": 50, "backoff-max-ms": 60000, "connect-timeout-ms": 1000,
                      "response-timeout-ms": 2000, "stuck-after-seconds": 30,
                      "max-attempts": 7, "batch-size": 16, "trust-store-type": "JKS"},
         "health-check": {"timeout-ms": 800, "rise": 1, "fall": 5},
         "self": "10.0.0.1:8080", "acks": 2, "ack-timeout-ms": 250, "read-max-lag": 0,
         "priority-tiers": true, "respond": "primary", "nodes-allow": ["10.0.0.0/8"],
         "cors": {"origins": ["https://Admin.example.com/"]}}
        """, Map.of());

    assertThat(c.journal().toString()).isEqualTo("JournalConfig[path=/var/lib/spawn/j.db,"
        + " sync=NORMAL, maxEntries=1000, maxBytes=1048576, lagLimitEntries=10,"
        + " lagLimitBytes=2048, lagLimitAge=PT1M, memory=true]");
    assertThat(c.mirror().methods()).containsExactly("POST", "PUT");
    assertThat(c.mirror().mirrors("put")).isTrue();
    assertThat(c.mirror().mirrors("GET")).isFalse();
    assertThat(c.mirror().headerExcludes()).containsExactly("x-internal");
    assertThat(c.mirror().headerRedactions()).containsExactly("authorization");
    assertThat(c.mirror().replicates(204)).isTrue();
    assertThat(c.mirror().replicates(303)).isTrue();
    assertThat(c.mirror().replicates(302)).isFalse();
    assertThat(c.mirror().toString()).contains("maxBodyBytes=1024", "oversize=pass-through",
        "ordering=none", "insecure=true");
    assertThat(c.delivery().toString()).isEqualTo("DeliveryConfig[backoffMin=PT0.05S,"
        + " backoffMax=PT1M, connectTimeout=PT1S, responseTimeout=PT2S, stuckAfter=PT30S,"
        + " maxAttempts=7, batchSize=16, trustStore=none, trustStorePassword=none,"
        + " trustStoreType=JKS]");
    assertThat(c.healthCheck().timeout().toMillis()).isEqualTo(800);
    assertThat(c.healthCheck().rise()).isEqualTo(1);
    assertThat(c.healthCheck().fall()).isEqualTo(5);
    assertThat(c.self()).contains("10.0.0.1:8080");
    assertThat(c.acks()).isEqualTo(2);
    assertThat(c.ackTimeout().toMillis()).isEqualTo(250);
    assertThat(c.readMaxLag()).isZero();
    assertThat(c.priorityTiers()).isTrue();
    assertThat(c.respond()).isEqualTo(SpawnConfig.Respond.PRIMARY);
    assertThat(c.cors().origins()).containsExactly("https://admin.example.com");
    assertThat(c.cors().allows("https://ADMIN.example.com")).isTrue();
    assertThat(c.cors().allows("https://other.example.com")).isFalse();
  }
}
