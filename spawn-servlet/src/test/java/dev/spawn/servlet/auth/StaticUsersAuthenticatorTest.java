package dev.spawn.servlet.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StaticUsersAuthenticatorTest {

  private final String aliceHash =
      StaticUsersAuthenticator.hash("correct horse".toCharArray(), 1000);
  private final StaticUsersAuthenticator auth =
      StaticUsersAuthenticator.builder().user("alice", aliceHash).build();

  @Test
  void theRightPasswordAuthenticates() {
    assertThat(auth.authenticate("alice", "correct horse".toCharArray())).contains("alice");
  }

  @Test
  void wrongPasswordsUnknownUsersAndEmptyPasswordsDoNot() {
    assertThat(auth.authenticate("alice", "correct horsE".toCharArray())).isEmpty();
    assertThat(auth.authenticate("alice", new char[0])).isEmpty();
    assertThat(auth.authenticate("bob", "correct horse".toCharArray())).isEmpty();
    assertThat(auth.authenticate("Alice", "correct horse".toCharArray())).isEmpty();
  }

  @Test
  void hashesAreSaltedAndInTheDocumentedForm() {
    String again = StaticUsersAuthenticator.hash("correct horse".toCharArray(), 1000);

    assertThat(aliceHash).matches("pbkdf2-sha256:1000:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+");
    assertThat(again).isNotEqualTo(aliceHash);
  }

  @Test
  void theDefaultHashUsesManyIterations() {
    String h = StaticUsersAuthenticator.hash("pw".toCharArray());

    assertThat(Integer.parseInt(h.split(":")[1])).isGreaterThanOrEqualTo(600_000);
    assertThat(
            StaticUsersAuthenticator.builder()
                .user("u", h)
                .build()
                .authenticate("u", "pw".toCharArray()))
        .contains("u");
  }

  @Test
  void badConfigurationIsRefusedNamingTheUser() {
    assertThatThrownBy(() -> StaticUsersAuthenticator.builder().user("bob", "plain-text"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("user 'bob'")
        .hasMessageContaining("pbkdf2-sha256:");
    assertThatThrownBy(
            () ->
                StaticUsersAuthenticator.builder()
                    .user("bob", "pbkdf2-sha256:10:AAAAAAAAAAA=:AAAAAAAAAAAAAAAAAAAAAA=="))
        .hasMessageContaining("at least 1000");
    assertThatThrownBy(
            () -> StaticUsersAuthenticator.builder().user("bob", "pbkdf2-sha256:1000:!!:??"))
        .hasMessageContaining("base64");
    assertThatThrownBy(() -> StaticUsersAuthenticator.builder().user("", aliceHash))
        .hasMessageContaining("username");
    assertThatThrownBy(
            () -> StaticUsersAuthenticator.builder().user("a", aliceHash).user("a", aliceHash))
        .hasMessageContaining("already");
    assertThatThrownBy(() -> StaticUsersAuthenticator.builder().build())
        .isInstanceOf(IllegalStateException.class);
  }
}
