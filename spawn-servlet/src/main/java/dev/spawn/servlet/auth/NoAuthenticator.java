package dev.spawn.servlet.auth;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * No authentication, for development only: reads are open to everyone and changes are accepted only
 * from loopback callers (127.0.0.0/8, ::1). Logs a loud warning when made. A login with any
 * non-empty name succeeds, so scripts written for the Go service keep working, but its token grants
 * nothing more. Immutable and thread-safe.
 */
public final class NoAuthenticator implements Authenticator {

  private static final Logger log = LoggerFactory.getLogger(NoAuthenticator.class);

  /** Makes one and warns that the admin API is unauthenticated. */
  public NoAuthenticator() {
    log.warn(
        "*** Spawn admin API WITHOUT AUTHENTICATION (auth 'none'): anyone who reaches it can read"
            + " the node list, and loopback callers can change it. Use it for development only;"
            + " configure 'static' or 'ldap' authentication for anything else. ***");
  }

  @Override
  public Optional<String> authenticate(String username, char[] password) {
    return username.isEmpty() ? Optional.empty() : Optional.of(username);
  }

  @Override
  public String name() {
    return "none";
  }

  @Override
  public boolean isOpen() {
    return true;
  }
}
