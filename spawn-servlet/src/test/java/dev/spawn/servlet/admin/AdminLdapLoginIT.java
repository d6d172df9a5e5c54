package dev.spawn.servlet.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spawn.servlet.auth.LdapAuthenticator;
import dev.spawn.servlet.auth.TestDirectory;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** POST /login against a real (in-process) LDAP directory. */
class AdminLdapLoginIT extends AdminFixture {

  private TestDirectory directory;

  @Override
  AdminSettings.Builder settings() {
    try {
      directory = new TestDirectory(false);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return super.settings()
        .authenticator(
            LdapAuthenticator.builder()
                .url(directory.url())
                .base(TestDirectory.BASE)
                .userFilter("(&(objectClass=person)(uid={0}))")
                .connectTimeout(Duration.ofSeconds(2))
                .readTimeout(Duration.ofSeconds(2))
                .build());
  }

  @AfterEach
  void stopDirectory() {
    directory.close();
  }

  private AdminServer.Response login(String user, String password) throws Exception {
    return server.send(
        "POST",
        "/login",
        AdminServer.JSON.writeValueAsString(
            java.util.Map.of("username", user, "password", password)),
        "Content-Type",
        "application/json");
  }

  @Test
  void aDirectoryUserLogsInAndChangesNodes() throws Exception {
    AdminServer.Response r = login("alice", "alice-pw");

    assertThat(r.status()).isEqualTo(200);
    String token = r.data().get("token").asText();
    assertThat(server.send("PUT", "/nodes/a/80", null, "Authorization", "Bearer " + token).status())
        .isEqualTo(201);
    assertThat(audit.last().principal()).isEqualTo("alice");
  }

  @Test
  void wrongEmptyAndInjectedCredentialsAre401() throws Exception {
    assertThat(login("alice", "nope").status()).isEqualTo(401);
    assertThat(login("alice", "").status()).isEqualTo(401);
    assertThat(login("*", "alice-pw").status()).isEqualTo(401);
    assertThat(login("*)(uid=*", "alice-pw").status()).isEqualTo(401);
    assertThat(login("nobody", "alice-pw").status()).isEqualTo(401);
  }

  @Test
  void aDirectoryThatIsDownIs401Not500() throws Exception {
    directory.server.shutDown(true);

    AdminServer.Response r = login("alice", "alice-pw");

    assertThat(r.status()).isEqualTo(401);
    assertThat(r.data().get("success").asBoolean()).isFalse();
  }
}
