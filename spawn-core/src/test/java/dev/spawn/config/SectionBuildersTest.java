package dev.spawn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spawn.SpawnConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each setter refuses a bad value at once, naming the JSON key; build() checks the rest. */
class SectionBuildersTest {

  private static final String SECRET = "0123456789abcdef-secret";
  private static final String HASH = "pbkdf2-sha256:1000:c2FsdHNhbHQ=:MDEyMzQ1Njc4OWFiY2RlZg==";

  @TempDir Path dir;

  private static void refused(ThrowingCallable call, String message) {
    assertThatThrownBy(call).isInstanceOf(SpawnConfigException.class).hasMessage(message);
  }

  @Test
  void healthCheck() {
    HealthCheckConfig.Builder b = HealthCheckConfig.builder();

    refused(() -> b.interval(Duration.ofNanos(10)),
        "'health-check.seconds' must be a duration of 10 ms .. 365 days, was PT0.00000001S");
    refused(() -> b.interval(Duration.ofMillis(9)),
        "'health-check.seconds' must be a duration of 10 ms .. 365 days, was 9 ms");
    refused(() -> b.url("http://x/"),
        "'health-check.url' must be a path starting with '/', such as \"/health\", was \"http://x/\"");
    refused(() -> b.rise(0), "'health-check.rise' must be an integer 1..100, was 0");
    refused(() -> b.fall(101), "'health-check.fall' must be an integer 1..100, was 101");
    refused(() -> b.timeout(Duration.ofSeconds(11)).build(), "'health-check.timeout-ms' must be"
        + " shorter than the interval health-check.seconds (10000 ms), was 11000 ms");
    refused(() -> b.timeout(Duration.ofSeconds(10)).build(), "'health-check.timeout-ms' must be"
        + " shorter than the interval health-check.seconds (10000 ms), was 10000 ms");
    HealthCheckConfig ok = b.timeout(Duration.ofSeconds(1)).regexp("\"status\":\\s*\"UP\"").build();
    assertThat(ok.pattern()).hasValueSatisfying(
        p -> assertThat(p.matcher("{\"status\": \"UP\"}").find()).isTrue());
    assertThat(HealthCheckConfig.builder(ok).build()).isEqualTo(ok);
  }

  @Test
  void journal() {
    JournalConfig.Builder b = JournalConfig.builder();

    refused(() -> b.maxEntries(0), "'journal.max-entries' must be an integer 1..1000000000000,"
        + " was 0");
    refused(() -> b.lagLimitAge(Duration.ofDays(400)),
        "'journal.lag-limit.age-seconds' must be a duration of 1 ms .. 365 days, was 34560000000 ms");
    assertThatThrownBy(() -> b.sync(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("'journal.sync' must not be null");
    refused(() -> b.maxBytes(100).lagLimitBytes(101).build(), "'journal.lag-limit.bytes' must be"
        + " at most journal.max-bytes (100); raise the cap or lower the limit, was 101");
    JournalConfig ok = b.lagLimitBytes(50).memory(true).build();
    assertThat(ok.lagLimitBytes()).isEqualTo(50);
    assertThat(JournalConfig.builder(ok).build()).isEqualTo(ok);
  }

  @Test
  void mirror() throws Exception {
    MirrorConfig.Builder b = MirrorConfig.builder();

    refused(() -> b.methods(List.of()),
        "'mirror.methods' must be a list of at least one HTTP method, was []");
    refused(() -> b.secret("short"), "'mirror.secret' must be at least 16 characters (make one"
        + " with: openssl rand -base64 32), was 5 characters");
    refused(() -> b.keyId("k 1"),
        "'mirror.key-id' must be 1 to 64 letters, digits, '.', '_' or '-', was \"k 1\"");
    refused(() -> b.maxBodyBytes(0), "'mirror.max-body-bytes' must be an integer 1..2147483647,"
        + " was 0");
    refused(() -> b.headerExcludes(List.of("X-Ok", "Bad:Header")),
        "'mirror.header-excludes[1]' must be an HTTP token (letters, digits and !#$%&'*+-.^_`|~),"
            + " was \"Bad:Header\"");
    refused(() -> b.replicatedStatuses(List.of("2XX", "99")), "'mirror.replicated-statuses[1]'"
        + " must be a status such as \"303\" or a class such as \"2xx\", was \"99\"");
    refused(() -> b.secretFile(dir.resolve("absent")), "'mirror.secret-file' names "
        + dir.resolve("absent") + ", which cannot be read: java.nio.file.NoSuchFileException: "
        + dir.resolve("absent"));
    refused(() -> b.secret(SECRET).previousSecret(SECRET + "0").previousKeyId("k1").build(),
        "'mirror.previous-key-id' must be different from mirror.key-id, so a signature names the"
            + " secret it was made with, was \"k1\"");
    MirrorConfig ok = b.previousKeyId("k0").oversize(MirrorConfig.Oversize.PASS_THROUGH).build();
    assertThat(ok.hasSecret()).isTrue();
    assertThat(ok.replicatedStatuses()).containsExactly("2xx", "303");
    assertThat(MirrorConfig.builder(ok).build()).isEqualTo(ok);
  }

  @Test
  void aSecretFromTheEnvironmentIsReadAtOnce() {
    // The builder reads the real environment; PATH is the one variable every test machine has.
    String path = System.getenv("PATH");
    if (path != null && path.length() >= MirrorConfig.MIN_SECRET_LENGTH) {
      assertThat(MirrorConfig.builder().secretEnv("PATH").build().secret()).contains(path);
    }
    refused(() -> MirrorConfig.builder().secretEnv("SPAWN_SURELY_UNSET_42"),
        "'mirror.secret-env' names the environment variable SPAWN_SURELY_UNSET_42, which is not"
            + " set");
    refused(() -> MirrorConfig.builder().secretEnv("not a name"),
        "'mirror.secret-env' must be the name of an environment variable, was \"not a name\"");
  }

  @Test
  void delivery() throws Exception {
    DeliveryConfig.Builder b = DeliveryConfig.builder();

    refused(() -> b.maxAttempts(-1), "'delivery.max-attempts' must be an integer 0..1000000,"
        + " was -1");
    refused(() -> b.batchSize(0), "'delivery.batch-size' must be an integer 1..100000, was 0");
    refused(() -> b.trustStore(dir.resolve("none.p12")),
        "'delivery.trust-store' must be a readable file, was \"" + dir.resolve("none.p12") + "\"");
    refused(() -> b.trustStorePassword("pw").build(), "'delivery.trust-store-password' is set"
        + " but 'delivery.trust-store' is not; set both");
    Path store = Files.writeString(dir.resolve("t.p12"), "x");
    DeliveryConfig ok = b.trustStore(store).backoffMin(Duration.ofSeconds(30)).build();
    assertThat(ok.trustStore()).contains(store);
    assertThat(ok.toString()).contains("trustStorePassword=***").doesNotContain("pw");
    assertThat(DeliveryConfig.builder(ok).build()).isEqualTo(ok);
  }

  @Test
  void auth() {
    AuthConfig.Builder b = AuthConfig.builder();

    refused(() -> b.port(0), "'auth.port' must be an integer 1..65535, was 0");
    refused(() -> b.host("ldap server"), "'auth.host' must be a DNS name, an IPv4 address or a"
        + " bracketed IPv6 literal such as [::1], was \"ldap server\"");
    refused(() -> b.addUser("ann:x", HASH), "'auth.users.name' must be 1 to 256 characters"
        + " without ':', control characters or surrounding spaces, was \"ann:x\"");
    refused(() -> b.addUser("ann", "pbkdf2-sha256:0:c2FsdHNhbHQ=:MDEyMzQ1Njc4OWFiY2RlZg=="),
        "'auth.users.hash' must be \"pbkdf2-sha256:<iterations>:<salt base64>:<hash base64>\","
            + " but the iterations are not a number 1..999999999");
    refused(() -> b.settings(s -> s.groupFilter("(a=b))(")),
        "'auth.settings.filters.group' must be an LDAP filter in parentheses, such as"
            + " \"(memberOf=cn=admins,dc=example,dc=com)\", was \"(a=b))(\"");
    refused(() -> b.settings(s -> s.attributes(List.of("cn", ""))), "'auth.settings.attributes[1]'"
        + " must be an LDAP attribute name such as \"cn\" or \"mail\", was \"\"");
    refused(() -> b.addUser("ann", HASH).addUser("ann", HASH).build(),
        "'auth.users' names the user \"ann\" twice; list each user once");
    AuthConfig ok = b.users(List.of(new StaticUser("ann", HASH))).type(AuthConfig.Type.STATIC)
        .settings(s -> s.ssl(true).bindDn("cn=svc").bindPassword("pw")).build();
    assertThat(ok.port()).isEqualTo(636);
    assertThat(ok.settings().bindPassword()).contains("pw");
    assertThat(AuthConfig.builder(ok).build()).isEqualTo(ok);
  }

  @Test
  void recordConstructorsValidateToo() {
    refused(() -> new ApiConfig("127.0.0.1", 70000), "'api.port' must be an integer 1..65535,"
        + " was 70000");
    refused(() -> new CorsConfig(List.of("ftp://a.example")), "'cors.origins[0]' must be an"
        + " origin such as \"https://admin.example.com\" or \"http://localhost:8080\" (scheme,"
        + " host and optional port, nothing else), was \"ftp://a.example\"");
    refused(() -> new LdapSettings(Optional.of(" "), false, "(uid=%s)", Optional.empty(),
        List.of(), Optional.empty(), Optional.empty(), Optional.empty()),
        "'auth.settings.base' must be a non-empty string, was \" \"");
  }
}
