package dev.spawn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spawn.config.AuthConfig;
import dev.spawn.config.JournalConfig;
import dev.spawn.config.MirrorConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpawnConfigTest {

  private static final String SECRET = "0123456789abcdef-secret";

  @TempDir Path dir;

  private static Path goFile() throws Exception {
    return Path.of(SpawnConfigTest.class.getResource("/config/go-service.json").toURI());
  }

  @Test
  void theGoServicesFileLoadsUnchanged() throws Exception {
    SpawnConfig c = SpawnConfig.load(goFile());

    assertThat(c.host()).isEqualTo("0.0.0.0");
    assertThat(c.port()).isEqualTo(7117);
    assertThat(c.api().host()).isEqualTo("0.0.0.0");
    assertThat(c.api().port()).isEqualTo(7118);
    assertThat(c.queryMode().roundRobin()).isTrue();
    assertThat(c.queryMode().byPriority()).isTrue();
    assertThat(c.healthCheck().interval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.healthCheck().url()).isEqualTo("/");
    assertThat(c.healthCheck().pattern()).isEmpty();
    assertThat(c.nodes()).containsExactly(
        new Node("10.0.0.1", 8080, 1, true, false, "http"),
        new Node("app2.example.com", 8080, 2, true, false, "http"),
        new Node("10.0.0.3", 8081, -1, false, true, "http"));
    AuthConfig auth = c.auth();
    assertThat(auth.type()).isEqualTo(AuthConfig.Type.LDAP);
    assertThat(auth.expiration()).isEqualTo(Duration.ofHours(1));
    assertThat(auth.host()).contains("ldap.example.com");
    assertThat(auth.port()).isEqualTo(389);
    assertThat(auth.settings().base()).contains("dc=example,dc=com");
    assertThat(auth.settings().ssl()).isFalse();
    assertThat(auth.settings().userFilter()).isEqualTo("(uid=%s)");
    assertThat(auth.settings().groupFilter())
        .contains("(&(objectClass=posixGroup)(cn=spawn-admins)(memberUid=%s))");
    assertThat(auth.settings().attributes()).containsExactly("uid", "cn", "mail");
    // What the Go file does not say takes its default.
    assertThat(c.journal()).isEqualTo(JournalConfig.DEFAULT);
    assertThat(c.mirror()).isEqualTo(MirrorConfig.DEFAULT);
  }

  @Test
  void anEmptyObjectGivesEveryDefault() {
    SpawnConfig c = SpawnConfig.parse("{}");

    assertThat(c).isEqualTo(SpawnConfig.defaults());
    assertThat(c.host()).isEqualTo("0.0.0.0");
    assertThat(c.port()).isEqualTo(7117);
    assertThat(c.api().host()).isEqualTo("127.0.0.1");
    assertThat(c.api().port()).isEqualTo(7118);
    assertThat(c.queryMode().roundRobin()).isFalse();
    assertThat(c.queryMode().byPriority()).isFalse();
    assertThat(c.healthCheck().interval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.healthCheck().regexp()).isEmpty();
    assertThat(c.healthCheck().timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.healthCheck().rise()).isEqualTo(2);
    assertThat(c.healthCheck().fall()).isEqualTo(3);
    assertThat(c.nodes()).isEmpty();
    assertThat(c.auth().type()).isEqualTo(AuthConfig.Type.NONE);
    assertThat(c.auth().expiration()).isEqualTo(Duration.ofSeconds(3600));
    assertThat(c.auth().port()).isEqualTo(389);
    assertThat(c.auth().settings().userFilter()).isEqualTo("(uid=%s)");
    assertThat(c.journal().path()).isEqualTo(Path.of("spawn-journal.db"));
    assertThat(c.journal().sync()).isEqualTo(JournalConfig.Sync.FULL);
    assertThat(c.journal().maxEntries()).isEqualTo(10_000_000);
    assertThat(c.journal().maxBytes()).isEqualTo(1L << 30);
    assertThat(c.journal().lagLimitEntries()).isEqualTo(10_000_000);
    assertThat(c.journal().lagLimitBytes()).isEqualTo(1L << 30);
    assertThat(c.journal().lagLimitAge()).isEqualTo(Duration.ofHours(24));
    assertThat(c.journal().memory()).isFalse();
    assertThat(c.mirror().methods()).containsExactly("POST", "PUT", "PATCH", "DELETE");
    assertThat(c.mirror().secret()).isEmpty();
    assertThat(c.mirror().keyId()).isEqualTo("k1");
    assertThat(c.mirror().maxBodyBytes()).isEqualTo(10L << 20);
    assertThat(c.mirror().oversize()).isEqualTo(MirrorConfig.Oversize.REJECT);
    assertThat(c.mirror().replicatedStatuses()).containsExactly("2xx", "303");
    assertThat(c.mirror().ordering()).isEqualTo(MirrorConfig.Ordering.PATH);
    assertThat(c.mirror().insecure()).isFalse();
    assertThat(c.delivery().backoffMin()).isEqualTo(Duration.ofMillis(100));
    assertThat(c.delivery().backoffMax()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.delivery().connectTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.delivery().responseTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.delivery().stuckAfter()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.delivery().maxAttempts()).isZero();
    assertThat(c.delivery().batchSize()).isEqualTo(256);
    assertThat(c.delivery().trustStoreType()).isEqualTo("PKCS12");
    assertThat(c.self()).isEmpty();
    assertThat(c.acks()).isZero();
    assertThat(c.ackTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.readMaxLag()).isEqualTo(100);
    assertThat(c.priorityTiers()).isFalse();
    assertThat(c.nodesAllow()).isEmpty();
    assertThat(c.nodePolicy()).isSameAs(NodePolicy.ALLOW_ALL);
    assertThat(c.respond()).isEqualTo(SpawnConfig.Respond.FIRST);
    assertThat(c.cors().origins()).isEmpty();
  }

  @Test
  void aCopyBuildsEqualAndOverridesWinOverTheFile() throws Exception {
    SpawnConfig loaded = SpawnConfig.load(goFile());

    assertThat(SpawnConfig.builder(loaded).build()).isEqualTo(loaded);

    SpawnConfig changed = SpawnConfig.builder(loaded)
        .port(9000)
        .journal(j -> j.sync(JournalConfig.Sync.NORMAL))
        .auth(a -> a.settings(s -> s.ssl(true)))
        .build();
    assertThat(changed.port()).isEqualTo(9000);
    assertThat(changed.journal().sync()).isEqualTo(JournalConfig.Sync.NORMAL);
    assertThat(changed.nodes()).isEqualTo(loaded.nodes());
    assertThat(changed.auth().port()).as("a port equal to the default follows ssl").isEqualTo(636);
    assertThat(loaded.port()).isEqualTo(7117);
  }

  @Test
  void defaultsThatFollowAnotherSettingKeepFollowingItInACopy() {
    SpawnConfig base = SpawnConfig.defaults();

    SpawnConfig smaller = SpawnConfig.builder(base)
        .journal(j -> j.maxEntries(1000).maxBytes(4096))
        .healthCheck(h -> h.interval(Duration.ofSeconds(2)))
        .auth(a -> a.settings(s -> s.ssl(true)))
        .build();

    assertThat(smaller.journal().lagLimitEntries()).isEqualTo(1000);
    assertThat(smaller.journal().lagLimitBytes()).isEqualTo(4096);
    assertThat(smaller.healthCheck().timeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(smaller.auth().port()).isEqualTo(636);
  }

  @Test
  void aShortHealthCheckIntervalGetsATimeoutTheCheckerAccepts() {
    for (int seconds = 1; seconds <= 10; seconds++) {
      SpawnConfig c = SpawnConfig.parse(
          "{\"health-check\": {\"seconds\": " + seconds + "}, \"journal\": {\"memory\": true}}");

      assertThat(c.healthCheck().timeout()).isLessThan(c.healthCheck().interval());
      Spawn.builder(c).build().close(); // the health checker refused timeout == interval before
    }
  }

  @Test
  void mergeAppliesOnlyTheKeysPresent() {
    SpawnConfig c = SpawnConfig.builder()
        .port(8000)
        .journal(j -> j.maxEntries(500))
        .merge("{\"journal\": {\"sync\": \"normal\"}, \"acks\": 1}")
        .build();

    assertThat(c.port()).isEqualTo(8000);
    assertThat(c.journal().maxEntries()).isEqualTo(500);
    assertThat(c.journal().sync()).isEqualTo(JournalConfig.Sync.NORMAL);
    assertThat(c.acks()).isEqualTo(1);
  }

  @Test
  void toStringNeverShowsSecretsOrPasswords() throws Exception {
    Path store = Files.writeString(dir.resolve("trust.p12"), "not read here");
    SpawnConfig c = SpawnConfig.builder()
        .mirror(m -> m.secret(SECRET).previousSecret("previous-" + SECRET).previousKeyId("k0"))
        .delivery(d -> d.trustStore(store).trustStorePassword("store-pass-1"))
        .auth(a -> a.type(AuthConfig.Type.LDAP).host("ldap.example.com")
            .settings(s -> s.base("dc=x").bindDn("cn=svc").bindPassword("bind-pass-2")))
        .build();

    String text = c.toString();

    assertThat(text).doesNotContain(SECRET, "store-pass-1", "bind-pass-2")
        .contains("secret=***", "previousSecret=***", "trustStorePassword=***",
            "bindPassword=***", "keyId=k1");
    assertThat(c.mirror().secret()).contains(SECRET);
  }

  @Test
  void theSecretComesFromAFileWithoutItsNewline() throws Exception {
    Path file = Files.writeString(dir.resolve("secret"), SECRET + "\n");
    String json = "{\"mirror\": {\"secret-file\": \"" + file.toString().replace("\\", "\\\\")
        + "\"}}";

    assertThat(SpawnConfig.parse(json).mirror().secret()).contains(SECRET);
    assertThat(SpawnConfig.builder().mirror(m -> m.secretFile(file)).build().mirror().secret())
        .contains(SECRET);
  }

  @Test
  void loadNamesTheFileAndTheKey() throws Exception {
    Path file = dir.resolve("spawn.json");
    Files.writeString(file, "{\"journal\": {\"sycn\": \"full\"}}", StandardCharsets.UTF_8);

    assertThatThrownBy(() -> SpawnConfig.load(file))
        .isInstanceOf(SpawnConfigException.class)
        .hasMessage(file + ": unknown key 'journal.sycn'; did you mean 'journal.sync'?")
        .extracting(e -> ((SpawnConfigException) e).key()).isEqualTo("journal.sycn");
  }

  @Test
  void aMissingFileIsAConfigError() {
    Path file = dir.resolve("absent.json");

    assertThatThrownBy(() -> SpawnConfig.load(file))
        .isInstanceOf(SpawnConfigException.class)
        .hasMessage(file + ": the config file cannot be read (NoSuchFileException)");
  }

  @Test
  void buildRulesBetweenSettingsAreCheckedInFilesToo() throws Exception {
    Path file = dir.resolve("spawn.json");
    Files.writeString(
        file, "{\"journal\": {\"max-entries\": 10, \"lag-limit\": {\"entries\": 11}}}");

    assertThatThrownBy(() -> SpawnConfig.load(file))
        .isInstanceOf(SpawnConfigException.class)
        .hasMessage(file + ": 'journal.lag-limit.entries' must be at most journal.max-entries (10);"
            + " raise the cap or lower the limit, was 11");
  }

  @Test
  void nodesAreListedOnce() {
    Node a = Node.of("a.example", 80);

    assertThatThrownBy(() -> SpawnConfig.builder().nodes(List.of(a, Node.of("b", 1), a)))
        .isInstanceOf(SpawnConfigException.class)
        .hasMessage("'nodes[2]' repeats node a.example:80; list each node once");
    assertThatThrownBy(() -> SpawnConfig.builder().addNode(a).addNode(a))
        .hasMessageContaining("repeats node a.example:80");
  }

  @Test
  void configuredNodesMustPassNodesAllow() {
    SpawnConfig.Builder b = SpawnConfig.builder()
        .nodesAllow(List.of("10.0.0.0/8"))
        .nodes(List.of(Node.of("10.1.2.3", 80), Node.of("192.168.0.1", 80)));

    assertThatThrownBy(b::build)
        .isInstanceOf(SpawnConfigException.class)
        .hasMessageStartingWith(
            "'nodes[1]': node 192.168.0.1:80 is not allowed by nodes-allow [10.0.0.0/8]")
        .extracting(e -> ((SpawnConfigException) e).key()).isEqualTo("nodes[1]");
  }

  @Test
  void theNodePolicyComesFromNodesAllow() {
    SpawnConfig c = SpawnConfig.parse("{\"nodes-allow\": [\"app.example.com\", \"fd00::/8\"]}");
    NodeRegistry registry = new NodeRegistry(c.nodePolicy());

    registry.put(Node.of("APP.example.com", 1));
    registry.put(Node.of("[fd00::1]", 1));

    assertThatThrownBy(() -> registry.put(Node.of("evil.example.com", 1)))
        .hasMessageStartingWith("node evil.example.com:1 is not allowed by nodes-allow"
            + " [app.example.com, fd00::/8]");
    assertThat(registry.size()).isEqualTo(2);
  }

  @Test
  void theProxyAndTheApiCannotShareAPort() {
    assertThatThrownBy(() -> SpawnConfig.builder().port(7118).build())
        .isInstanceOf(SpawnConfigException.class)
        .hasMessageStartingWith("'api.port' must be different from 'port'");
    assertThat(SpawnConfig.builder().host("10.0.0.1").apiHost("10.0.0.2").port(7118).build()
        .port()).isEqualTo(7118);
  }

  @Test
  void selfIsAHostAndPort() {
    assertThat(SpawnConfig.builder().self("10.0.0.5:8080").build().self())
        .contains("10.0.0.5:8080");
    assertThat(SpawnConfig.builder().self("[fd00::5]:8080").build().self())
        .isEqualTo(Optional.of("[fd00::5]:8080"));
    for (String bad : List.of("10.0.0.5", "host:0", ":80", "a b:80", "host:x")) {
      assertThatThrownBy(() -> SpawnConfig.builder().self(bad))
          .as(bad)
          .isInstanceOf(SpawnConfigException.class)
          .hasMessageStartingWith("'self' must be this node's id host:port");
    }
  }

  @Test
  void topLevelSettersFailFast() {
    SpawnConfig.Builder b = SpawnConfig.builder();

    assertThatThrownBy(() -> b.port(0)).hasMessage("'port' must be an integer 1..65535, was 0");
    assertThatThrownBy(() -> b.apiHost("not a host")).hasMessageStartingWith(
        "'api.host' must be a DNS name, an IPv4 address or a bracketed IPv6 literal");
    assertThatThrownBy(() -> b.acks(-1)).hasMessage("'acks' must be an integer 0..1000, was -1");
    assertThatThrownBy(() -> b.ackTimeout(Duration.ZERO))
        .hasMessage("'ack-timeout-ms' must be a duration of 1 ms .. 365 days, was 0 ms");
    assertThatThrownBy(() -> b.readMaxLag(-5))
        .hasMessageStartingWith("'read-max-lag' must be an integer 0..");
    assertThatThrownBy(() -> b.nodesAllow(List.of("10.0.0.0/33")))
        .hasMessageStartingWith("'nodes-allow[0]' must be");
    assertThatThrownBy(() -> b.corsOrigins(List.of("*")))
        .hasMessageStartingWith("'cors.origins[0]' must not be \"*\"");
    assertThatThrownBy(() -> b.respond(null))
        .isInstanceOf(NullPointerException.class).hasMessage("'respond' must not be null");
    assertThat(b.build()).isEqualTo(SpawnConfig.defaults());
  }
}
