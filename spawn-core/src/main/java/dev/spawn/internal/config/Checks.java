package dev.spawn.internal.config;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.spawn.Node;
import dev.spawn.SpawnConfigException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.BinaryOperator;
import java.util.regex.Pattern;

/**
 * Value checks shared by the config builders and the JSON reader, so that a bad value reads the
 * same whichever way it came in: {@code 'key' must be <expected>, was <value>}. Stateless.
 */
public final class Checks {

  /** Longest duration any setting accepts. */
  public static final Duration MAX_DURATION = Duration.ofDays(365);

  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final int MAX_SHOWN = 80;
  private static final String PBKDF2 = "pbkdf2-sha256";

  private Checks() {}

  /** The error for a value that is not what the key takes. */
  public static SpawnConfigException invalid(String key, String expected, Object was) {
    return new SpawnConfigException(
        key, "'" + key + "' must be " + expected + ", was " + show(was));
  }

  /** A value as an error message shows it: strings JSON-quoted, long ones cut. */
  public static String show(Object value) {
    String shown;
    if (value instanceof String s) {
      shown = new TextNode(s).toString();
    } else if (value instanceof Duration d) {
      shown = d.toNanos() % 1_000_000 == 0 ? d.toMillis() + " ms" : d.toString();
    } else {
      shown = String.valueOf(value);
    }
    return shown.length() > MAX_SHOWN ? shown.substring(0, MAX_SHOWN) + "..." : shown;
  }

  /** Throws NullPointerException naming the key. */
  public static <T> T notNull(String key, T value) {
    return Objects.requireNonNull(value, () -> "'" + key + "' must not be null");
  }

  /** An integer in {@code min..max}. */
  public static long range(String key, long value, long min, long max) {
    if (value < min || value > max) {
      throw invalid(key, "an integer " + min + ".." + max, value);
    }
    return value;
  }

  /** An int in {@code min..max}. */
  public static int intRange(String key, long value, int min, int max) {
    return (int) range(key, value, min, max);
  }

  /** A duration of at least 1 ms and at most {@link #MAX_DURATION}. */
  public static Duration duration(String key, Duration value) {
    notNull(key, value);
    if (value.compareTo(Duration.ofMillis(1)) < 0 || value.compareTo(MAX_DURATION) > 0) {
      throw invalid(key, "a duration of 1 ms .. 365 days", value);
    }
    return value;
  }

  /** A string with something other than white space in it. */
  public static String nonBlank(String key, String value) {
    notNull(key, value);
    if (value.isBlank()) {
      throw invalid(key, "a non-empty string", value);
    }
    return value;
  }

  /** A host as a node takes it: DNS name, IPv4 address or bracketed IPv6 literal. */
  public static String host(String key, String value) {
    notNull(key, value);
    try {
      return Node.checkHost(value);
    } catch (IllegalArgumentException e) {
      throw invalid(key, "a DNS name, an IPv4 address or a bracketed IPv6 literal such as [::1]",
          value);
    }
  }

  /** A TCP port. */
  public static int port(String key, long value) {
    return intRange(key, value, 1, 65535);
  }

  /** An HTTP token (a method or a header name), RFC 9110. */
  public static String token(String key, String value) {
    notNull(key, value);
    if (!TOKEN.matcher(value).matches()) {
      throw invalid(key, "an HTTP token (letters, digits and !#$%&'*+-.^_`|~)", value);
    }
    return value;
  }

  /** One of an enum's constants, by its JSON name (lower case, '-' for '_'). */
  public static <E extends Enum<E>> E choice(String key, Class<E> type, String value) {
    notNull(key, value);
    List<String> names = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      if (jsonName(e).equals(value)) {
        return e;
      }
      names.add(show(jsonName(e)));
    }
    throw invalid(key, "one of " + String.join(", ", names), value);
  }

  /** The JSON name of an enum constant: {@code PASS_THROUGH} is {@code pass-through}. */
  public static String jsonName(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** A path, as given (relative paths are relative to the working directory). */
  public static Path path(String key, String value) {
    nonBlank(key, value);
    try {
      return Path.of(value);
    } catch (InvalidPathException e) {
      throw invalid(key, "a file path", value);
    }
  }

  /** A path to a readable regular file. */
  public static Path readableFile(String key, Path value) {
    notNull(key, value);
    if (!Files.isRegularFile(value) || !Files.isReadable(value)) {
      throw invalid(key, "a readable file", value.toString());
    }
    return value;
  }

  /** A user name for static auth: 1 to 256 characters, no control characters or ':'. */
  public static String userName(String key, String name) {
    notNull(key, name);
    if (name.isEmpty() || name.length() > 256 || !name.strip().equals(name)
        || name.chars().anyMatch(c -> Character.isISOControl(c) || c == ':')) {
      throw invalid(key, "1 to 256 characters without ':', control characters or surrounding"
          + " spaces", name);
    }
    return name;
  }

  /**
   * A password hash in the form {@code pbkdf2-sha256:<iterations>:<salt base64>:<hash base64>}.
   * The value itself is never put in a message.
   */
  public static String passwordHash(String key, String hash) {
    notNull(key, hash);
    String[] parts = hash.split(":", -1);
    String problem = null;
    if (parts.length != 4 || !parts[0].equals(PBKDF2)) {
      problem = "it does not have that form";
    } else if (!parts[1].matches("[1-9][0-9]{0,8}")) {
      problem = "the iterations are not a number 1..999999999";
    } else if (base64Length(parts[2]) < 8) {
      problem = "the salt is not base64 of at least 8 bytes";
    } else if (base64Length(parts[3]) < 16) {
      problem = "the hash is not base64 of at least 16 bytes";
    }
    if (problem != null) {
      throw new SpawnConfigException(key, "'" + key + "' must be \"" + PBKDF2
          + ":<iterations>:<salt base64>:<hash base64>\", but " + problem);
    }
    return hash;
  }

  private static int base64Length(String text) {
    try {
      return Base64.getDecoder().decode(text).length;
    } catch (IllegalArgumentException e) {
      return -1;
    }
  }

  /**
   * Checks and normalises each element with {@code checkElement(key[i], value)}, drops repeats
   * and returns an unmodifiable set in the given order.
   */
  public static Set<String> set(
      String key, Collection<String> values, BinaryOperator<String> checkElement) {
    return Collections.unmodifiableSet(new LinkedHashSet<>(list(key, values, checkElement)));
  }

  /** Checks and normalises each element with {@code checkElement(key[i], value)}, in order. */
  public static List<String> list(
      String key, Collection<String> values, BinaryOperator<String> checkElement) {
    notNull(key, values);
    List<String> out = new ArrayList<>(values.size());
    int i = 0;
    for (String v : values) {
      String elementKey = key + "[" + i++ + "]";
      out.add(checkElement.apply(elementKey, notNull(elementKey, v)));
    }
    return List.copyOf(out);
  }
}
