package dev.spawn.servlet.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spawn.servlet.auth.NoAuthenticator;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AdminSettingsTest {

  @Test
  void anAuthenticatorIsRequired() {
    assertThatThrownBy(() -> AdminSettings.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("authenticator");
  }

  @Test
  void defaults() {
    AdminSettings s = AdminSettings.builder().authenticator(new NoAuthenticator()).build();

    assertThat(s.tokenExpiration()).isEqualTo(Duration.ofHours(1));
    assertThat(s.corsOrigins()).isEmpty();
    assertThat(s.tokenForReads()).isFalse();
    assertThat(s.serviceHost()).isNotBlank();
    assertThat(s.loginLimitFailures()).isEqualTo(5);
    assertThat(s.loginLimitAddressFailures()).isEqualTo(20);
    assertThat(s.loginLimitWindow()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void loginLimitsBelowOneAreRefusedNamingTheSetting() {
    AdminSettings.Builder b = AdminSettings.builder();
    assertThatThrownBy(() -> b.loginLimitFailures(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("loginLimitFailures was 0; expected a number of failed logins of at least 1");
    assertThatThrownBy(() -> b.loginLimitAddressFailures(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("loginLimitAddressFailures was -1; expected");
    assertThatThrownBy(() -> b.loginLimitWindow(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("loginLimitWindow was PT0S; expected more than 0");
    assertThatThrownBy(() -> b.loginLimitWindow(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("loginLimitWindow");
  }

  @Test
  void aWildcardOriginIsRefused() {
    assertThatThrownBy(() -> AdminSettings.builder().corsOrigin("*"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'*' is not allowed");
  }

  @Test
  void originsMustBeSchemeHostPort() {
    AdminSettings.Builder b = AdminSettings.builder();
    for (String bad :
        new String[] {
          "console.example.org", "ftp://x", "https://x/path", "null", "https://*.example.org", ""
        }) {
      assertThatThrownBy(() -> b.corsOrigin(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("corsOrigin");
    }
    b.corsOrigin("HTTPS://Console.Example.org:8443/").corsOrigin("http://[::1]:3000");
    assertThat(b.authenticator(new NoAuthenticator()).build().corsOrigins())
        .containsExactlyInAnyOrder("https://console.example.org:8443", "http://[::1]:3000");
  }

  @Test
  void tokenExpirationMustBePositiveAndAtMostAWeek() {
    assertThatThrownBy(() -> AdminSettings.builder().tokenExpiration(Duration.ZERO))
        .hasMessageContaining("tokenExpiration was PT0S");
    assertThatThrownBy(() -> AdminSettings.builder().tokenExpiration(Duration.ofDays(8)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
