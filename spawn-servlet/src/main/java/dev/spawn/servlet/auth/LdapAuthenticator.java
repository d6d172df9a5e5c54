package dev.spawn.servlet.auth;

import java.io.IOException;
import java.time.Duration;
import java.util.Hashtable;
import java.util.Objects;
import java.util.Optional;
import javax.naming.AuthenticationException;
import javax.naming.Context;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;
import javax.naming.ldap.InitialLdapContext;
import javax.naming.ldap.LdapContext;
import javax.naming.ldap.StartTlsRequest;
import javax.naming.ldap.StartTlsResponse;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates against an LDAP directory through JNDI (no extra dependency): it searches the user
 * under a base with a filter such as {@code (uid={0})}, the name escaped per RFC 4515, optionally
 * bound as a service account; then it binds as the entry it found with the password given.
 *
 * <p>An empty password is refused before any connection is made, because LDAP treats a simple bind
 * with an empty password as an anonymous bind that succeeds. A directory that is down or slow
 * (connect and read timeouts) makes the login fail with the reason logged, never an exception. Use
 * {@code ldaps://} URLs or {@link Builder#startTls(boolean)} so passwords do not cross the network
 * in clear. Immutable and thread-safe; every login uses its own connections.
 */
public final class LdapAuthenticator implements Authenticator {

  private static final Logger log = LoggerFactory.getLogger(LdapAuthenticator.class);
  private static final int MAX_USERNAME_LENGTH = 256;

  private final String url;
  private final String base;
  private final String userFilter;
  private final String bindDn;
  private final char[] bindPassword;
  private final boolean startTls;
  private final SSLSocketFactory tlsSocketFactory;
  private final Duration connectTimeout;
  private final Duration readTimeout;

  private LdapAuthenticator(Builder b) {
    this.url = b.url;
    this.base = b.base;
    this.userFilter = b.userFilter;
    this.bindDn = b.bindDn;
    this.bindPassword = b.bindPassword;
    this.startTls = b.startTls;
    this.tlsSocketFactory = b.tlsSocketFactory;
    this.connectTimeout = b.connectTimeout;
    this.readTimeout = b.readTimeout;
  }

  /** A builder; {@link Builder#url} and {@link Builder#base} are required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Optional<String> authenticate(String username, char[] password) {
    if (username.isEmpty() || username.length() > MAX_USERNAME_LENGTH) {
      log.info("LDAP login refused: user name is empty or longer than {}", MAX_USERNAME_LENGTH);
      return Optional.empty();
    }
    if (password == null || password.length == 0) {
      log.info("LDAP login refused: empty password (it would be an anonymous bind)");
      return Optional.empty();
    }
    try {
      Optional<String> dn = findUser(username);
      if (dn.isEmpty()) {
        return Optional.empty();
      }
      bindAs(dn.get(), password);
      return Optional.of(username);
    } catch (AuthenticationException e) {
      log.info("LDAP login refused: wrong password or locked account");
      return Optional.empty();
    } catch (NamingException | IOException | RuntimeException e) {
      log.warn(
          "LDAP login failed: directory {} unavailable or misconfigured: {}", url, e.toString());
      return Optional.empty();
    }
  }

  @Override
  public String name() {
    return "ldap";
  }

  private Optional<String> findUser(String username) throws NamingException, IOException {
    LdapContext ctx = open(bindDn, bindPassword);
    try {
      SearchControls controls = new SearchControls();
      controls.setSearchScope(SearchControls.SUBTREE_SCOPE);
      controls.setReturningAttributes(new String[0]);
      controls.setCountLimit(2);
      controls.setTimeLimit((int) Math.min(Integer.MAX_VALUE, readTimeout.toMillis()));
      NamingEnumeration<SearchResult> found =
          ctx.search(base, LdapFilters.fill(userFilter, username), controls);
      try {
        if (!found.hasMore()) {
          log.info("LDAP login refused: no entry matches the user filter");
          return Optional.empty();
        }
        String dn = found.next().getNameInNamespace();
        if (found.hasMore()) {
          log.warn("LDAP login refused: the user filter {} matches several entries", userFilter);
          return Optional.empty();
        }
        return Optional.of(dn);
      } finally {
        found.close();
      }
    } finally {
      close(ctx);
    }
  }

  private void bindAs(String dn, char[] password) throws NamingException, IOException {
    close(open(dn, password));
  }

  /**
   * Opens a context bound as {@code dn} (anonymously when null). With StartTLS the connection is
   * opened anonymously, secured, and only then are the credentials sent.
   */
  private LdapContext open(String dn, char[] password) throws NamingException, IOException {
    Hashtable<String, Object> env = new Hashtable<>();
    env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
    env.put(Context.PROVIDER_URL, url);
    env.put(Context.REFERRAL, "ignore");
    env.put("com.sun.jndi.ldap.connect.timeout", Long.toString(connectTimeout.toMillis()));
    env.put("com.sun.jndi.ldap.read.timeout", Long.toString(readTimeout.toMillis()));
    env.put("com.sun.jndi.ldap.connect.pool", "false");
    if (!startTls) {
      putCredentials(env, dn, password);
      return new InitialLdapContext(env, null);
    }
    env.put(Context.SECURITY_AUTHENTICATION, "none");
    LdapContext ctx = new InitialLdapContext(env, null);
    try {
      StartTlsResponse tls = (StartTlsResponse) ctx.extendedOperation(new StartTlsRequest());
      if (tlsSocketFactory != null) {
        tls.negotiate(tlsSocketFactory);
      } else {
        tls.negotiate();
      }
      if (dn != null) {
        ctx.addToEnvironment(Context.SECURITY_AUTHENTICATION, "simple");
        ctx.addToEnvironment(Context.SECURITY_PRINCIPAL, dn);
        ctx.addToEnvironment(Context.SECURITY_CREDENTIALS, password.clone());
        // The changed credentials are sent as a bind on this (now secured) connection.
        ctx.reconnect(null);
      }
      return ctx;
    } catch (NamingException | IOException | RuntimeException e) {
      close(ctx);
      throw e;
    }
  }

  private static void putCredentials(Hashtable<String, Object> env, String dn, char[] password) {
    if (dn == null) {
      env.put(Context.SECURITY_AUTHENTICATION, "none");
    } else {
      env.put(Context.SECURITY_AUTHENTICATION, "simple");
      env.put(Context.SECURITY_PRINCIPAL, dn);
      env.put(Context.SECURITY_CREDENTIALS, password.clone());
    }
  }

  private static void close(LdapContext ctx) {
    try {
      ctx.close();
    } catch (NamingException e) {
      log.debug("Closing an LDAP context failed", e);
    }
  }

  @Override
  public String toString() {
    return "LdapAuthenticator[" + url + ", base=" + base + ", filter=" + userFilter + "]";
  }

  /** Builds an {@link LdapAuthenticator}. Not thread-safe. */
  public static final class Builder {
    private String url;
    private String base;
    private String userFilter = "(uid={0})";
    private String bindDn;
    private char[] bindPassword;
    private boolean startTls;
    private SSLSocketFactory tlsSocketFactory;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration readTimeout = Duration.ofSeconds(10);

    private Builder() {}

    /** The directory, {@code ldap://host:389} or {@code ldaps://host:636}. */
    public Builder url(String ldapUrl) {
      Objects.requireNonNull(ldapUrl, "url");
      if (!ldapUrl.startsWith("ldap://") && !ldapUrl.startsWith("ldaps://")) {
        throw new IllegalArgumentException(
            "url was '" + ldapUrl + "'; expected ldap://host:port or ldaps://host:port");
      }
      this.url = ldapUrl;
      return this;
    }

    /** Where users are searched, such as {@code ou=people,dc=example,dc=org}. */
    public Builder base(String searchBase) {
      Objects.requireNonNull(searchBase, "base");
      if (searchBase.isBlank()) {
        throw new IllegalArgumentException(
            "base was blank; expected a DN such as dc=example,dc=org");
      }
      this.base = searchBase;
      return this;
    }

    /**
     * The search filter; {@code {0}} stands for the escaped user name (default {@code (uid={0})}).
     * A Go-style {@code %s} is accepted as {@code {0}}.
     */
    public Builder userFilter(String filter) {
      Objects.requireNonNull(filter, "userFilter");
      String f = filter.replace("%s", "{0}");
      if (!f.contains("{0}") || !f.startsWith("(") || !f.endsWith(")")) {
        throw new IllegalArgumentException(
            "userFilter was '"
                + filter
                + "'; expected a parenthesised filter containing {0},"
                + " such as (uid={0})");
      }
      this.userFilter = f;
      return this;
    }

    /** A service account to search with (default: search anonymously). */
    public Builder bindDn(String dn, char[] password) {
      Objects.requireNonNull(dn, "bindDn");
      Objects.requireNonNull(password, "bindPassword");
      if (dn.isBlank() || password.length == 0) {
        throw new IllegalArgumentException(
            "bindDn and its password must not be empty (that would be an anonymous bind);"
                + " leave bindDn unset to search anonymously");
      }
      this.bindDn = dn;
      this.bindPassword = password.clone();
      return this;
    }

    /** Whether to secure {@code ldap://} connections with StartTLS before any bind. */
    public Builder startTls(boolean enabled) {
      this.startTls = enabled;
      return this;
    }

    /** The socket factory for StartTLS (default: the JVM's, which trusts its trust store). */
    public Builder tlsSocketFactory(SSLSocketFactory factory) {
      this.tlsSocketFactory = Objects.requireNonNull(factory, "tlsSocketFactory");
      return this;
    }

    /** How long to wait for a connection (default 5 s). */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    /** How long to wait for an answer (default 10 s). */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = positive(timeout, "readTimeout");
      return this;
    }

    /**
     * Builds it.
     *
     * @throws IllegalStateException when url or base is missing, or StartTLS is asked with ldaps
     */
    public LdapAuthenticator build() {
      if (url == null || base == null) {
        throw new IllegalStateException("url and base are required; set both before build()");
      }
      if (startTls && url.startsWith("ldaps://")) {
        throw new IllegalStateException(
            "startTls was set with an ldaps:// url; use one or the other");
      }
      return new LdapAuthenticator(this);
    }

    private static Duration positive(Duration d, String field) {
      Objects.requireNonNull(d, field);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(field + " was " + d + "; expected a positive duration");
      }
      return d;
    }
  }
}
