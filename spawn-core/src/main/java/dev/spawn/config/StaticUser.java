package dev.spawn.config;

import dev.spawn.internal.config.Checks;
import java.util.Base64;

/**
 * A user of the {@code static} auth type: a name and a PBKDF2 password hash, one element of
 * {@code auth.users}. Immutable and thread-safe; {@link #toString()} never shows the hash.
 *
 * @param name the user name
 * @param hash {@code pbkdf2-sha256:<iterations>:<salt base64>:<hash base64>}
 */
public record StaticUser(String name, String hash) {

  /** Validates the name and the hash's form. */
  public StaticUser {
    Checks.userName("auth.users.name", name);
    Checks.passwordHash("auth.users.hash", hash);
  }

  /** PBKDF2 iterations. */
  public int iterations() {
    return Integer.parseInt(hash.split(":")[1]);
  }

  /** The salt, a fresh copy. */
  public byte[] salt() {
    return Base64.getDecoder().decode(hash.split(":")[2]);
  }

  /** The derived key to compare with, a fresh copy. */
  public byte[] derivedKey() {
    return Base64.getDecoder().decode(hash.split(":")[3]);
  }

  @Override
  public String toString() {
    return "StaticUser[name=" + name + ", hash=***]";
  }
}
