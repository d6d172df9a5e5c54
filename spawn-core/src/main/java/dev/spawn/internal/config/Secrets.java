package dev.spawn.internal.config;

import dev.spawn.SpawnConfigException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a secret from a file or an environment variable, so that it never has to appear on a
 * command line (where {@code ps} shows it) or in a config file that is checked in. Stateless.
 */
public final class Secrets {

  private static final Logger log = LoggerFactory.getLogger(Secrets.class);
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final int MAX_FILE_BYTES = 64 * 1024;

  private Secrets() {}

  /**
   * The content of a file as UTF-8, without trailing white space (the newline an editor adds).
   * Warns when other users may read the file.
   *
   * @param key the setting that named the file, for messages
   */
  public static String fromFile(String key, Path file) {
    Checks.notNull(key, file);
    byte[] bytes;
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw Checks.invalid(key, "a file of at most 64 KiB holding the secret", file.toString());
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new SpawnConfigException(
          key, "'" + key + "' names " + file + ", which cannot be read: " + e, e);
    }
    String value;
    try {
      value = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes))
          .toString().stripTrailing();
    } catch (CharacterCodingException e) {
      throw new SpawnConfigException(key, "'" + key + "' names " + file + ", which is not UTF-8");
    }
    if (value.isEmpty()) {
      throw new SpawnConfigException(key, "'" + key + "' names " + file + ", which is empty");
    }
    warnIfShared(key, file);
    return value;
  }

  /**
   * The value of an environment variable.
   *
   * @param key the setting that named the variable, for messages
   * @param env looks a variable up ({@code System::getenv} outside tests)
   */
  public static String fromEnv(String key, String name, Function<String, String> env) {
    Checks.notNull(key, name);
    if (!ENV_NAME.matcher(name).matches()) {
      throw Checks.invalid(key, "the name of an environment variable", name);
    }
    String value = env.apply(name);
    if (value == null || value.isEmpty()) {
      throw new SpawnConfigException(
          key, "'" + key + "' names the environment variable " + name + ", which is not set");
    }
    return value;
  }

  private static void warnIfShared(String key, Path file) {
    PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
    if (view == null) {
      return;
    }
    try {
      Set<PosixFilePermission> perms = view.readAttributes().permissions();
      if (perms.contains(PosixFilePermission.OTHERS_READ)
          || perms.contains(PosixFilePermission.GROUP_READ)) {
        log.warn("{}: the secret file {} is readable by other users; chmod 600 it", key, file);
      }
    } catch (IOException e) {
      log.debug("cannot read the permissions of {}", file, e);
    }
  }
}
