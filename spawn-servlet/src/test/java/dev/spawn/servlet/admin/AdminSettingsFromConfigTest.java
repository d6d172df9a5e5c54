package dev.spawn.servlet.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spawn.SpawnConfig;
import dev.spawn.servlet.auth.LdapAuthenticator;
import dev.spawn.servlet.auth.NoAuthenticator;
import dev.spawn.servlet.auth.StaticUsersAuthenticator;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AdminSettingsFromConfigTest {

  @Test
  void staticUsersFromTheConfigAuthenticate() {
    String hash = StaticUsersAuthenticator.hash("pw-of-ops".toCharArray(), 1000);
    SpawnConfig config = SpawnConfig.parse("""
        {"auth": {"type": "static", "expiration": 120,
                  "users": [{"name": "ops", "hash": "%s"}]},
         "cors": {"origins": ["https://console.example.org"]}}
        """.formatted(hash));

    AdminSettings settings = AdminSettings.builder(config).build();

    assertThat(settings.authenticator()).isInstanceOf(StaticUsersAuthenticator.class);
    assertThat(settings.authenticator().authenticate("ops", "pw-of-ops".toCharArray()))
        .contains("ops");
    assertThat(settings.authenticator().authenticate("ops", "wrong".toCharArray())).isEmpty();
    assertThat(settings.tokenExpiration()).isEqualTo(Duration.ofSeconds(120));
    assertThat(settings.corsOrigins()).containsExactly("https://console.example.org");
  }

  @Test
  void loginLimitsComeFromTheConfig() {
    SpawnConfig config = SpawnConfig.parse("""
        {"auth": {"login-limit": {"failures": 3, "address-failures": 9, "window-seconds": 60}}}
        """);

    AdminSettings settings = AdminSettings.builder(config).build();

    assertThat(settings.loginLimitFailures()).isEqualTo(3);
    assertThat(settings.loginLimitAddressFailures()).isEqualTo(9);
    assertThat(settings.loginLimitWindow()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void noAuthIsTheDevelopmentMode() {
    AdminSettings settings = AdminSettings.builder(SpawnConfig.defaults()).build();
    assertThat(settings.authenticator()).isInstanceOf(NoAuthenticator.class);
  }

  @Test
  void ldapSettingsBecomeAnLdapAuthenticator() {
    SpawnConfig config = SpawnConfig.parse("""
        {"auth": {"type": "ldap", "host": "ldap.example.org", "port": 389,
                  "settings": {"base": "dc=example,dc=org", "filters": {"user": "(uid=%s)"}}}}
        """);
    assertThat(AdminSettings.builder(config).build().authenticator())
        .isInstanceOf(LdapAuthenticator.class);
  }
}
