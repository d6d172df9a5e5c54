package dev.spawn.config;

import dev.spawn.SpawnConfigException;
import dev.spawn.internal.config.Checks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Who may use the admin API: the {@code auth} section, in the Go service's shape plus static
 * users. Immutable and thread-safe; made by a {@link Builder} (mutable, not thread-safe) or by the
 * constructor, which validates. Settings for a type other than the chosen one are kept but unused.
 *
 * @param type {@code none} (development only: state changes from loopback only), {@code static}
 *     or {@code ldap} ({@code type}, default {@code none})
 * @param expiration token lifetime ({@code expiration}, in seconds, default 3600)
 * @param host the LDAP server ({@code host}; required for type {@code ldap})
 * @param port the LDAP server's port ({@code port}, default 389, or 636 with {@code settings.ssl})
 * @param settings the LDAP search ({@code settings})
 * @param users the users of type {@code static} ({@code users}), names unique
 * @param loginLimitFailures failed logins for one user name from one address, within the window,
 *     after which that pair's logins are refused ({@code login-limit.failures}, default 5)
 * @param loginLimitAddressFailures failed logins from one address for any user names, within the
 *     window, after which all its logins are refused ({@code login-limit.address-failures}, default
 *     20)
 * @param loginLimitWindow how long failures count ({@code login-limit.window-seconds}, default 5
 *     minutes)
 */
public record AuthConfig(
    Type type, Duration expiration, Optional<String> host, int port, LdapSettings settings,
    List<StaticUser> users, int loginLimitFailures, int loginLimitAddressFailures,
    Duration loginLimitWindow) {

  /** The largest number of failures a login limit may be set to. */
  public static final int MAX_LOGIN_FAILURES = 1_000_000;

  /** No authentication, the development default. */
  public static final AuthConfig DEFAULT = builder().build();

  /** How admin API callers are authenticated. */
  public enum Type {
    /** Nobody: for development only. */
    NONE,
    /** Users listed in the config with PBKDF2 password hashes. */
    STATIC,
    /** Users bound against an LDAP directory. */
    LDAP
  }

  /** Validates every value and that the chosen type has what it needs. */
  public AuthConfig {
    Checks.notNull("auth.type", type);
    Checks.duration("auth.expiration", expiration);
    Checks.notNull("auth.host", host).ifPresent(h -> Checks.host("auth.host", h));
    Checks.port("auth.port", port);
    Checks.notNull("auth.settings", settings);
    users = List.copyOf(Checks.notNull("auth.users", users));
    Checks.range("auth.login-limit.failures", loginLimitFailures, 1, MAX_LOGIN_FAILURES);
    Checks.range(
        "auth.login-limit.address-failures", loginLimitAddressFailures, 1, MAX_LOGIN_FAILURES);
    Checks.duration("auth.login-limit.window-seconds", loginLimitWindow);
    Set<String> names = new HashSet<>();
    for (StaticUser u : users) {
      if (!names.add(u.name())) {
        throw new SpawnConfigException("auth.users", "'auth.users' names the user "
            + Checks.show(u.name()) + " twice; list each user once");
      }
    }
    if (type == Type.LDAP) {
      require(type, host.isPresent(), "auth.host", "the LDAP server's host name");
      require(type, settings.base().isPresent(), "auth.settings.base", "the search's base DN");
    }
    if (type == Type.STATIC) {
      require(type, !users.isEmpty(), "auth.users", "at least one user");
    }
  }

  private static void require(Type type, boolean present, String key, String what) {
    if (!present) {
      throw new SpawnConfigException(key, "'auth.type' \"" + Checks.jsonName(type) + "\" needs '"
          + key + "' (" + what + ")");
    }
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding a copy of {@code config}'s values. */
  public static Builder builder(AuthConfig c) {
    Builder b = new Builder();
    b.type = c.type;
    b.expiration = c.expiration;
    b.host = c.host.orElse(null);
    // A port that only followed the ssl setting keeps following it.
    b.port = c.port == defaultPort(c.settings.ssl()) ? null : c.port;
    b.settings = LdapSettings.builder(c.settings);
    b.users = new ArrayList<>(c.users);
    b.loginLimitFailures = c.loginLimitFailures;
    b.loginLimitAddressFailures = c.loginLimitAddressFailures;
    b.loginLimitWindow = c.loginLimitWindow;
    return b;
  }

  private static int defaultPort(boolean ssl) {
    return ssl ? 636 : 389;
  }

  /** Collects auth settings; each setter validates at once. Mutable, not thread-safe. */
  public static final class Builder {
    private Type type = Type.NONE;
    private Duration expiration = Duration.ofHours(1);
    private String host;
    private Integer port;
    private LdapSettings.Builder settings = LdapSettings.builder();
    private List<StaticUser> users = new ArrayList<>();
    private int loginLimitFailures = 5;
    private int loginLimitAddressFailures = 20;
    private Duration loginLimitWindow = Duration.ofMinutes(5);

    private Builder() {}

    /** How callers are authenticated ({@code auth.type}). */
    public Builder type(Type type) {
      this.type = Checks.notNull("auth.type", type);
      return this;
    }

    /** Token lifetime ({@code auth.expiration}, seconds in JSON). */
    public Builder expiration(Duration lifetime) {
      this.expiration = Checks.duration("auth.expiration", lifetime);
      return this;
    }

    /** The LDAP server's host, {@code null} for none ({@code auth.host}). */
    public Builder host(String host) {
      this.host = host == null ? null : Checks.host("auth.host", host);
      return this;
    }

    /** The LDAP server's port ({@code auth.port}). */
    public Builder port(int port) {
      this.port = Checks.port("auth.port", port);
      return this;
    }

    /** Changes the LDAP settings in place ({@code auth.settings}). */
    public Builder settings(Consumer<LdapSettings.Builder> change) {
      change.accept(settings);
      return this;
    }

    /** Replaces the LDAP settings ({@code auth.settings}). */
    public Builder settings(LdapSettings settings) {
      this.settings = LdapSettings.builder(Checks.notNull("auth.settings", settings));
      return this;
    }

    /** Replaces the static users ({@code auth.users}). */
    public Builder users(Collection<StaticUser> users) {
      Checks.notNull("auth.users", users).forEach(u -> Checks.notNull("auth.users[]", u));
      this.users = new ArrayList<>(users);
      return this;
    }

    /** Adds a static user, see {@link StaticUser}. */
    public Builder addUser(String name, String hash) {
      users.add(new StaticUser(name, hash));
      return this;
    }

    /** Failed logins per user name and address that pause them ({@code login-limit.failures}). */
    public Builder loginLimitFailures(int failures) {
      this.loginLimitFailures =
          Checks.intRange("auth.login-limit.failures", failures, 1, MAX_LOGIN_FAILURES);
      return this;
    }

    /** Failed logins per address that pause it ({@code login-limit.address-failures}). */
    public Builder loginLimitAddressFailures(int failures) {
      this.loginLimitAddressFailures =
          Checks.intRange("auth.login-limit.address-failures", failures, 1, MAX_LOGIN_FAILURES);
      return this;
    }

    /** How long failed logins count ({@code login-limit.window-seconds}, seconds in JSON). */
    public Builder loginLimitWindow(Duration window) {
      this.loginLimitWindow = Checks.duration("auth.login-limit.window-seconds", window);
      return this;
    }

    /** The settings; the chosen type must have what it needs. */
    public AuthConfig build() {
      LdapSettings ldap = settings.build();
      return new AuthConfig(type, expiration, Optional.ofNullable(host),
          port == null ? defaultPort(ldap.ssl()) : port, ldap, users, loginLimitFailures,
          loginLimitAddressFailures, loginLimitWindow);
    }
  }
}
