package dev.spawn.servlet.auth;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users and salted PBKDF2-HMAC-SHA256 password hashes given in the configuration, in the form
 * {@code pbkdf2-sha256:<iterations>:<salt base64>:<hash base64>}. Make a hash line with {@link
 * #hash(char[])} or from a shell:
 *
 * <pre>{@code java -cp spawn-servlet.jar dev.spawn.servlet.auth.StaticUsersAuthenticator}</pre>
 *
 * <p>which asks for the password without echoing it and prints the line. Passwords are compared in
 * constant time, and an unknown user costs as much time as a known one, so timing does not tell
 * which names exist. Immutable and thread-safe.
 */
public final class StaticUsersAuthenticator implements Authenticator {

  private static final Logger log = LoggerFactory.getLogger(StaticUsersAuthenticator.class);

  private final Map<String, PasswordHash> users;
  private final PasswordHash decoy;

  private StaticUsersAuthenticator(Map<String, PasswordHash> users) {
    this.users = Map.copyOf(users);
    int iterations = users.values().stream().mapToInt(PasswordHash::iterations).max().orElseThrow();
    this.decoy = PasswordHash.parse(PasswordHash.create(new char[] {'x'}, iterations));
  }

  /** A builder with no users. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Hashes a password with a new random salt and {@value PasswordHash#DEFAULT_ITERATIONS}
   * iterations, giving a line for {@link Builder#user}.
   */
  public static String hash(char[] password) {
    return PasswordHash.create(password, PasswordHash.DEFAULT_ITERATIONS);
  }

  /**
   * Hashes a password with a chosen number of iterations (at least 1,000; fewer than the default
   * only for tests).
   */
  public static String hash(char[] password, int iterations) {
    return PasswordHash.create(password, iterations);
  }

  @Override
  public Optional<String> authenticate(String username, char[] password) {
    PasswordHash known = users.get(username);
    if (known == null) {
      decoy.matches(password);
      log.info("Login refused: unknown user");
      return Optional.empty();
    }
    if (known.matches(password)) {
      return Optional.of(username);
    }
    log.info("Login refused: wrong password");
    return Optional.empty();
  }

  @Override
  public String name() {
    return "static";
  }

  /**
   * Reads a password (from the console without echo, else one line of standard input) and prints
   * its hash line.
   */
  public static void main(String[] args) throws IOException {
    Console console = System.console();
    char[] password;
    if (console != null) {
      password = console.readPassword("Password: ");
    } else {
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String line = in.readLine();
      password = line == null ? new char[0] : line.toCharArray();
    }
    if (password == null || password.length == 0) {
      System.err.println("No password given; nothing printed.");
      System.exit(2);
      return;
    }
    System.out.println(hash(password));
    Arrays.fill(password, '\0');
  }

  /** Builds a {@link StaticUsersAuthenticator}. Not thread-safe. */
  public static final class Builder {
    private final Map<String, PasswordHash> users = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Adds a user.
     *
     * @param username the login name, not empty, without control characters
     * @param hashLine the hash made by {@link #hash(char[])}
     * @throws IllegalArgumentException when the name is empty or given twice, or the hash is not in
     *     the expected form
     */
    public Builder user(String username, String hashLine) {
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(hashLine, "hashLine");
      if (username.isEmpty() || username.chars().anyMatch(Character::isISOControl)) {
        throw new IllegalArgumentException(
            "username was '"
                + username.replaceAll("\\p{Cntrl}", "?")
                + "'; expected a non-empty name without control characters");
      }
      if (users.containsKey(username)) {
        throw new IllegalArgumentException("user '" + username + "' was already added");
      }
      try {
        users.put(username, PasswordHash.parse(hashLine));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("user '" + username + "': " + e.getMessage(), e);
      }
      return this;
    }

    /**
     * Builds it.
     *
     * @throws IllegalStateException when no user was added
     */
    public StaticUsersAuthenticator build() {
      if (users.isEmpty()) {
        throw new IllegalStateException(
            "no users were added; add at least one with user(name, hash)");
      }
      return new StaticUsersAuthenticator(users);
    }
  }
}
