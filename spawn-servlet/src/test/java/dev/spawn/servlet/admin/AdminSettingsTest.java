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
