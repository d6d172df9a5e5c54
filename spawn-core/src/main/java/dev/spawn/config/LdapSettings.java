package dev.spawn.config;

import dev.spawn.SpawnConfigException;
import dev.spawn.internal.config.Checks;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How users are looked up in LDAP: the {@code auth.settings} section, as in the Go service plus a
 * service account and a trust store. Immutable and thread-safe; made by a {@link Builder}
 * (mutable, not thread-safe) or by the constructor, which validates. {@link #toString()} never
 * shows the bind password.
 *
 * @param base base DN of the search ({@code base}; required for type {@code ldap})
 * @param ssl connect with LDAPS ({@code ssl}, default false)
 * @param userFilter search filter for a user, {@code %s} standing for the escaped user name
 *     ({@code filters.user}, default {@code (uid=%s)})
 * @param groupFilter filter a user must also match, such as a group membership ({@code
 *     filters.group}, default none)
 * @param attributes attributes read from the user's entry ({@code attributes}, default none)
 * @param bindDn the service account that searches ({@code bind-dn}; default: anonymous search)
 * @param bindPassword its password ({@code bind-password}; needs {@code bind-dn})
 * @param trustStore trust store for LDAPS ({@code trust-store}, default the JVM's)
 */
public record LdapSettings(
    Optional<String> base, boolean ssl, String userFilter, Optional<String> groupFilter,
    List<String> attributes, Optional<String> bindDn, Optional<String> bindPassword,
    Optional<Path> trustStore) {

  // Declared before DEFAULT, which needs them while the class initialises.
  private static final Pattern ATTRIBUTE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.;-]*");
  private static final String P = "auth.settings.";

  /** The defaults: no base, plain LDAP, filter {@code (uid=%s)}. */
  public static final LdapSettings DEFAULT = builder().build();

  /** Validates every value and that a bind password comes with a bind DN. */
  public LdapSettings {
    Checks.notNull(P + "base", base).ifPresent(b -> Checks.nonBlank(P + "base", b));
    checkFilter(P + "filters.user", userFilter, true);
    Checks.notNull(P + "filters.group", groupFilter)
        .ifPresent(f -> checkFilter(P + "filters.group", f, false));
    attributes = Checks.list(P + "attributes", attributes, LdapSettings::attribute);
    Checks.notNull(P + "bind-dn", bindDn).ifPresent(dn -> Checks.nonBlank(P + "bind-dn", dn));
    Checks.notNull(P + "bind-password", bindPassword);
    Checks.notNull(P + "trust-store", trustStore);
    if (bindPassword.isPresent() && bindDn.isEmpty()) {
      throw new SpawnConfigException(P + "bind-password",
          "'auth.settings.bind-password' is set but 'auth.settings.bind-dn' is not; set both");
    }
  }

  @Override
  public String toString() {
    return "LdapSettings[base=" + base.orElse("none") + ", ssl=" + ssl + ", userFilter="
        + userFilter + ", groupFilter=" + groupFilter.orElse("none") + ", attributes="
        + attributes + ", bindDn=" + bindDn.orElse("none") + ", bindPassword="
        + (bindPassword.isPresent() ? "***" : "none") + ", trustStore="
        + trustStore.map(Path::toString).orElse("none") + "]";
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding a copy of {@code settings}' values. */
  public static Builder builder(LdapSettings s) {
    Builder b = new Builder();
    b.base = s.base.orElse(null);
    b.ssl = s.ssl;
    b.userFilter = s.userFilter;
    b.groupFilter = s.groupFilter.orElse(null);
    b.attributes = s.attributes;
    b.bindDn = s.bindDn.orElse(null);
    b.bindPassword = s.bindPassword.orElse(null);
    b.trustStore = s.trustStore.orElse(null);
    return b;
  }

  private static String attribute(String key, String name) {
    if (!ATTRIBUTE.matcher(name).matches()) {
      throw Checks.invalid(key, "an LDAP attribute name such as \"cn\" or \"mail\"", name);
    }
    return name;
  }

  /** A parenthesised, balanced filter; the user filter has exactly one {@code %s}. */
  private static String checkFilter(String key, String filter, boolean needsUser) {
    Checks.nonBlank(key, filter);
    int depth = 0;
    boolean balanced = filter.startsWith("(");
    for (int i = 0; i < filter.length() && balanced; i++) {
      depth += filter.charAt(i) == '(' ? 1 : filter.charAt(i) == ')' ? -1 : 0;
      balanced = depth > 0 || i == filter.length() - 1 && depth == 0;
    }
    int users = filter.split("%s", -1).length - 1;
    if (!balanced || (needsUser && users != 1)) {
      throw Checks.invalid(key, needsUser
          ? "an LDAP filter with one %s for the user name, such as \"(uid=%s)\""
          : "an LDAP filter in parentheses, such as \"(memberOf=cn=admins,dc=example,dc=com)\"",
          filter);
    }
    return filter;
  }

  /** Collects LDAP settings; each setter validates at once. Mutable, not thread-safe. */
  public static final class Builder {
    private String base;
    private boolean ssl;
    private String userFilter = "(uid=%s)";
    private String groupFilter;
    private List<String> attributes = List.of();
    private String bindDn;
    private String bindPassword;
    private Path trustStore;

    private Builder() {}

    /** Base DN of the search, {@code null} for none ({@code auth.settings.base}). */
    public Builder base(String base) {
      this.base = base == null ? null : Checks.nonBlank(P + "base", base);
      return this;
    }

    /** Connect with LDAPS ({@code auth.settings.ssl}). */
    public Builder ssl(boolean ssl) {
      this.ssl = ssl;
      return this;
    }

    /** Filter for a user, one {@code %s} for the name ({@code auth.settings.filters.user}). */
    public Builder userFilter(String filter) {
      this.userFilter = checkFilter(P + "filters.user", filter, true);
      return this;
    }

    /** Filter a user must also match, {@code null} for none. */
    public Builder groupFilter(String filter) {
      this.groupFilter = filter == null ? null : checkFilter(P + "filters.group", filter, false);
      return this;
    }

    /** Attributes read from the user's entry ({@code auth.settings.attributes}). */
    public Builder attributes(Collection<String> names) {
      this.attributes = Checks.list(P + "attributes", names, LdapSettings::attribute);
      return this;
    }

    /** The service account that searches, {@code null} for an anonymous search. */
    public Builder bindDn(String dn) {
      this.bindDn = dn == null ? null : Checks.nonBlank(P + "bind-dn", dn);
      return this;
    }

    /** The service account's password, {@code null} for none. */
    public Builder bindPassword(String password) {
      this.bindPassword = password;
      return this;
    }

    /** A readable trust store for LDAPS, {@code null} for the JVM's. */
    public Builder trustStore(Path file) {
      this.trustStore = file == null ? null : Checks.readableFile(P + "trust-store", file);
      return this;
    }

    /** The settings; a bind password needs a bind DN. */
    public LdapSettings build() {
      return new LdapSettings(Optional.ofNullable(base), ssl, userFilter,
          Optional.ofNullable(groupFilter), attributes, Optional.ofNullable(bindDn),
          Optional.ofNullable(bindPassword), Optional.ofNullable(trustStore));
    }
  }
}
