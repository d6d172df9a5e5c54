package dev.spawn.servlet.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LdapAuthenticatorIT {

  private static final String FILTER = "(&(objectClass=person)(uid={0}))";

  private TestDirectory directory;
  private LdapAuthenticator ldap;

  @BeforeEach
  void start() throws Exception {
    directory = new TestDirectory(false);
    ldap = builder().build();
  }

  @AfterEach
  void stop() {
    directory.close();
  }

  private LdapAuthenticator.Builder builder() {
    return LdapAuthenticator.builder()
        .url(directory.url())
        .base("ou=people," + TestDirectory.BASE)
        .userFilter(FILTER)
        .connectTimeout(Duration.ofSeconds(2))
        .readTimeout(Duration.ofSeconds(2));
  }

  private Optional<String> login(LdapAuthenticator a, String user, String password) {
    return a.authenticate(user, password.toCharArray());
  }

  @Test
  void theRightPasswordAuthenticates() {
    assertThat(login(ldap, "alice", "alice-pw")).contains("alice");
  }

  @Test
  void aWrongPasswordOrUnknownUserDoesNot() {
    assertThat(login(ldap, "alice", "wrong")).isEmpty();
    assertThat(login(ldap, "mallory", "alice-pw")).isEmpty();
  }

  @Test
  void anEmptyPasswordIsRefusedBeforeAnyConnection() {
    directory.accessLog.clear();

    assertThat(login(ldap, "alice", "")).isEmpty();
    assertThat(ldap.authenticate("alice", null)).isEmpty();
    assertThat(directory.accessLog).isEmpty();
  }

  @Test
  void filterCharactersInTheUserNameMatchOnlyThemselves() {
    assertThat(login(ldap, "*", "alice-pw")).isEmpty();
    assertThat(login(ldap, "*)(uid=*", "alice-pw")).isEmpty();
    assertThat(login(ldap, "alic*", "alice-pw")).isEmpty();
    assertThat(login(ldap, "alice)(|(uid=*", "alice-pw")).isEmpty();
    assertThat(login(ldap, "\\2a", "alice-pw")).isEmpty();
    assertThat(login(ldap, "alice\0", "alice-pw")).isEmpty();
    // A '*' that really is in a uid still matches its own entry.
    assertThat(login(ldap, "we*rd", "weird-pw")).contains("we*rd");
    assertThat(login(ldap, "we*rd", "alice-pw")).isEmpty();
  }

  @Test
  void aServiceAccountSearchesWhenAnonymousSearchIsRefused() throws Exception {
    directory.close();
    directory = new TestDirectory(true);

    assertThat(login(builder().build(), "alice", "alice-pw")).isEmpty();
    LdapAuthenticator withService =
        builder()
            .bindDn(TestDirectory.SERVICE_DN, TestDirectory.SERVICE_PASSWORD.toCharArray())
            .build();
    assertThat(login(withService, "alice", "alice-pw")).contains("alice");
    assertThat(login(withService, "alice", "wrong")).isEmpty();
  }

  @Test
  void startTlsSecuresTheConnectionBeforeThePasswordIsSent() throws Exception {
    try (RecordingRelay relay = new RecordingRelay(directory.server.getListenPort())) {
      LdapAuthenticator tls =
          builder()
              .url("ldap://127.0.0.1:" + relay.port())
              .startTls(true)
              .tlsSocketFactory(TestDirectory.trustingClient())
              .build();

      assertThat(login(tls, "alice", "alice-pw")).contains("alice");
      assertThat(login(tls, "alice", "wrong-pw")).isEmpty();

      assertThat(relay.clientBytes()).contains("1.3.6.1.4.1.1466.20037");
      assertThat(relay.clientBytes()).doesNotContain("alice-pw").doesNotContain("wrong-pw");
    }
  }

  @Test
  void withoutStartTlsThePasswordCrossesInClearWhichTheRelaySees() throws Exception {
    try (RecordingRelay relay = new RecordingRelay(directory.server.getListenPort())) {
      LdapAuthenticator plain = builder().url("ldap://127.0.0.1:" + relay.port()).build();

      assertThat(login(plain, "alice", "alice-pw")).contains("alice");

      assertThat(relay.clientBytes()).contains("alice-pw");
    }
  }

  @Test
  void startTlsChecksTheServerCertificate() {
    // The JVM's default trust store does not know the test certificate.
    LdapAuthenticator untrusting = builder().startTls(true).build();

    assertThat(login(untrusting, "alice", "alice-pw")).isEmpty();
  }

  @Test
  void aDirectoryThatIsDownFailsTheLoginCleanly() {
    assertThat(login(ldap, "alice", "alice-pw")).contains("alice");
    directory.server.shutDown(true);

    assertThat(login(ldap, "alice", "alice-pw")).isEmpty();
  }

  @Test
  void aDirectoryThatNeverAnswersTimesOut() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      LdapAuthenticator slow =
          LdapAuthenticator.builder()
              .url("ldap://127.0.0.1:" + silent.getLocalPort())
              .base(TestDirectory.BASE)
              .connectTimeout(Duration.ofMillis(300))
              .readTimeout(Duration.ofMillis(300))
              .build();

      Optional<String> result =
          assertTimeoutPreemptively(Duration.ofSeconds(20), () -> login(slow, "alice", "pw"));

      assertThat(result).isEmpty();
    }
  }

  @Test
  void settingsAreValidated() {
    assertThatThrownBy(() -> LdapAuthenticator.builder().url("http://x"))
        .hasMessageContaining("url was 'http://x'");
    assertThatThrownBy(() -> LdapAuthenticator.builder().userFilter("uid={0}"))
        .hasMessageContaining("userFilter");
    assertThatThrownBy(() -> LdapAuthenticator.builder().userFilter("(uid=alice)"))
        .hasMessageContaining("{0}");
    assertThatThrownBy(() -> LdapAuthenticator.builder().bindDn("cn=x", new char[0]))
        .hasMessageContaining("anonymous bind");
    assertThatThrownBy(() -> LdapAuthenticator.builder().base("dc=x").build())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(
            () ->
                LdapAuthenticator.builder()
                    .url("ldaps://x:636")
                    .base("dc=x")
                    .startTls(true)
                    .build())
        .hasMessageContaining("startTls");
    assertThat(
            LdapAuthenticator.builder()
                .url("ldap://x")
                .base("dc=x")
                .userFilter("(uid=%s)")
                .build()
                .toString())
        .contains("(uid={0})");
  }
}
