package dev.spawn.servlet.auth;

import java.util.Optional;

/**
 * Checks a user name and password for the admin API's {@code POST /login}.
 *
 * <p>An implementation never throws for a failed login, whatever the cause (wrong password, unknown
 * user, directory server down): it logs the reason and answers empty, so the client sees a plain
 * 401. Implementations must be thread-safe.
 */
public interface Authenticator {

  /**
   * Checks the credentials.
   *
   * @param username the name the user typed, never {@code null}
   * @param password the password; the caller clears the array afterwards
   * @return the authenticated principal's name, empty when the credentials are not accepted
   */
  Optional<String> authenticate(String username, char[] password);

  /** A short name for logs and {@code /info}, such as {@code ldap} or {@code static}. */
  String name();

  /**
   * Whether this authenticator admits everyone (development mode). Then the admin API asks for no
   * token, and accepts changes only from loopback callers.
   */
  default boolean isOpen() {
    return false;
  }
}
