package dev.spawn.servlet.admin;

import dev.spawn.SpawnConfig;
import dev.spawn.config.AuthConfig;
import dev.spawn.config.LdapSettings;
import dev.spawn.config.StaticUser;
import dev.spawn.servlet.auth.Authenticator;
import dev.spawn.servlet.auth.LdapAuthenticator;
import dev.spawn.servlet.auth.NoAuthenticator;
import dev.spawn.servlet.auth.StaticUsersAuthenticator;

/** Turns the {@code auth} and {@code cors} sections of a {@link SpawnConfig} into settings. */
final class AdminSettingsFromConfig {

  private AdminSettingsFromConfig() {}

  static AdminSettings.Builder builder(SpawnConfig config) {
    AuthConfig auth = config.auth();
    AdminSettings.Builder b =
        AdminSettings.builder()
            .authenticator(authenticator(auth))
            .tokenExpiration(auth.expiration())
            .loginLimitFailures(auth.loginLimitFailures())
            .loginLimitAddressFailures(auth.loginLimitAddressFailures())
            .loginLimitWindow(auth.loginLimitWindow());
    config.cors().origins().forEach(b::corsOrigin);
    return b;
  }

  static Authenticator authenticator(AuthConfig auth) {
    return switch (auth.type()) {
      case NONE -> new NoAuthenticator();
      case STATIC -> {
        StaticUsersAuthenticator.Builder users = StaticUsersAuthenticator.builder();
        for (StaticUser u : auth.users()) {
          users.user(u.name(), u.hash());
        }
        yield users.build();
      }
      case LDAP -> ldap(auth);
    };
  }

  private static Authenticator ldap(AuthConfig auth) {
    LdapSettings s = auth.settings();
    String scheme = s.ssl() ? "ldaps" : "ldap";
    LdapAuthenticator.Builder b =
        LdapAuthenticator.builder()
            .url(scheme + "://" + auth.host().orElseThrow() + ":" + auth.port())
            .base(s.base().orElseThrow())
            .userFilter(s.userFilter());
    if (s.bindDn().isPresent()) {
      b.bindDn(s.bindDn().get(), s.bindPassword().orElse("").toCharArray());
    }
    return b.build();
  }
}
