package dev.spawn.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spawn.SpawnConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * One JSON object of the config file with its path, read key by key with typed getters whose
 * errors name the full key ({@code 'journal.max-bytes' must be ..., was ...}). A {@code null}
 * value counts as absent, as in the Go service. Not thread-safe; used by one reader.
 */
final class ConfigObject {

  private static final long MAX_SECONDS = Checks.MAX_DURATION.toSeconds();
  private static final long MAX_MILLIS = Checks.MAX_DURATION.toMillis();

  private final String path;
  private final JsonNode node;

  ConfigObject(String path, JsonNode node) {
    this.path = path;
    this.node = node;
  }

  /** This object's own full path, such as {@code nodes[2]}; "" for the top level. */
  String path() {
    return path;
  }

  /** The full path of a key of this object. */
  String key(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  /** Refuses any key this object does not take, suggesting the closest known one. */
  void checkKeys() {
    List<String> known = ConfigKeys.of(path.replaceAll("\\[\\d+]", "[]"));
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!known.contains(name)) {
        throw unknown(name, known);
      }
    }
  }

  private SpawnConfigException unknown(String name, List<String> known) {
    String message = "unknown key '" + key(name) + "'";
    String close = Suggest.closest(name, known);
    List<String> elsewhere = ConfigKeys.named(name);
    if (close != null) {
      message += "; did you mean '" + key(close) + "'?";
    } else if (!elsewhere.isEmpty()) {
      message += "; did you mean '" + String.join("' or '", elsewhere) + "'?";
    } else {
      message += "; " + (path.isEmpty() ? "the top level" : "'" + path + "'") + " takes "
          + String.join(", ", known);
    }
    return new SpawnConfigException(key(name), message);
  }

  /** Whether the key is present with a value other than null. */
  boolean has(String name) {
    JsonNode v = node.get(name);
    return v != null && !v.isNull();
  }

  String text(String name) {
    JsonNode v = node.get(name);
    if (!v.isTextual()) {
      throw Checks.invalid(key(name), "a string", v);
    }
    return v.textValue();
  }

  boolean bool(String name) {
    JsonNode v = node.get(name);
    if (!v.isBoolean()) {
      throw Checks.invalid(key(name), "true or false", v);
    }
    return v.booleanValue();
  }

  long integer(String name, long min, long max) {
    JsonNode v = node.get(name);
    if (!v.isIntegralNumber() || !v.canConvertToLong()
        || v.longValue() < min || v.longValue() > max) {
      throw Checks.invalid(key(name), "an integer " + min + ".." + max, v);
    }
    return v.longValue();
  }

  /** An array whose elements are strings (or, with {@code numbersToo}, integers as text). */
  List<String> texts(String name, boolean numbersToo) {
    JsonNode v = node.get(name);
    if (!v.isArray()) {
      throw Checks.invalid(key(name), "an array of strings", v);
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      JsonNode e = v.get(i);
      if (e.isTextual() || numbersToo && e.isIntegralNumber()) {
        out.add(e.asText());
      } else {
        throw Checks.invalid(key(name) + "[" + i + "]", "a string", e);
      }
    }
    return out;
  }

  ConfigObject object(String name) {
    JsonNode v = node.get(name);
    if (!v.isObject()) {
      throw Checks.invalid(key(name), "an object", v);
    }
    return new ConfigObject(key(name), v);
  }

  /** An array of objects, each with the path {@code name[i]}. */
  List<ConfigObject> objects(String name) {
    JsonNode v = node.get(name);
    if (!v.isArray()) {
      throw Checks.invalid(key(name), "an array of objects", v);
    }
    List<ConfigObject> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      String elementKey = key(name) + "[" + i + "]";
      if (!v.get(i).isObject()) {
        throw Checks.invalid(elementKey, "an object", v.get(i));
      }
      out.add(new ConfigObject(elementKey, v.get(i)));
    }
    return out;
  }

  /** Fails naming the key when it is absent. */
  void require(String name) {
    if (!has(name)) {
      throw new SpawnConfigException(key(name), "'" + key(name) + "' is required");
    }
  }

  // ---- "if present, hand it to this setter" --------------------------------------------------

  void ifText(String name, Consumer<String> setter) {
    if (has(name)) {
      setter.accept(text(name));
    }
  }

  void ifBool(String name, Consumer<Boolean> setter) {
    if (has(name)) {
      setter.accept(bool(name));
    }
  }

  void ifInteger(String name, long min, long max, Consumer<Long> setter) {
    if (has(name)) {
      setter.accept(integer(name, min, max));
    }
  }

  void ifSeconds(String name, Consumer<Duration> setter) {
    ifInteger(name, 1, MAX_SECONDS, s -> setter.accept(Duration.ofSeconds(s)));
  }

  void ifMillis(String name, Consumer<Duration> setter) {
    ifInteger(name, 1, MAX_MILLIS, ms -> setter.accept(Duration.ofMillis(ms)));
  }

  void ifTexts(String name, Consumer<List<String>> setter) {
    if (has(name)) {
      setter.accept(texts(name, false));
    }
  }

  <E extends Enum<E>> void ifChoice(String name, Class<E> type, Consumer<E> setter) {
    if (has(name)) {
      setter.accept(Checks.choice(key(name), type, text(name)));
    }
  }

  void ifObject(String name, Consumer<ConfigObject> reader) {
    if (has(name)) {
      reader.accept(object(name));
    }
  }
}
