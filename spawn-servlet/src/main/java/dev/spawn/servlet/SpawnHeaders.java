package dev.spawn.servlet;

import dev.spawn.mirror.MirrorHeaders;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Which {@code Spawn-*} headers the app sees. On the origin ({@link #origin}) the ones a client
 * sent are hidden, since only an origin may set them, and the filter's own {@code Spawn-Id} and
 * {@code Spawn-Origin-Time} are shown instead; on a peer ({@link #received()}) the headers are
 * shown as they arrived. Immutable and thread-safe.
 */
final class SpawnHeaders {

  private static final SpawnHeaders RECEIVED = new SpawnHeaders(null);

  private final Map<String, String> own; // lower-case name -> value; null: show as received

  private SpawnHeaders(Map<String, String> own) {
    this.own = own;
  }

  /** Hides a client's {@code Spawn-*} headers and shows the origin's id and time. */
  static SpawnHeaders origin(String spawnId, long originTime) {
    Map<String, String> own = new LinkedHashMap<>();
    own.put(lower(MirrorHeaders.SPAWN_ID), spawnId);
    own.put(lower(MirrorHeaders.ORIGIN_TIME), Long.toString(originTime));
    return new SpawnHeaders(own);
  }

  /** Shows every header as received. */
  static SpawnHeaders received() {
    return RECEIVED;
  }

  /** Whether the request's own header of this name is shown. */
  boolean shows(String name) {
    return own == null || !isSpawn(name);
  }

  String header(String name, Function<String, String> received) {
    if (shows(name)) {
      return received.apply(name);
    }
    return own.get(lower(name));
  }

  Enumeration<String> headers(String name, Function<String, Enumeration<String>> received) {
    if (shows(name)) {
      return received.apply(name);
    }
    String value = own.get(lower(name));
    return Collections.enumeration(value == null ? List.of() : List.of(value));
  }

  Enumeration<String> names(Enumeration<String> received) {
    if (own == null || received == null) {
      return received;
    }
    List<String> names = new ArrayList<>();
    for (String name : Collections.list(received)) {
      if (!isSpawn(name)) {
        names.add(name);
      }
    }
    names.add(MirrorHeaders.SPAWN_ID);
    names.add(MirrorHeaders.ORIGIN_TIME);
    return Collections.enumeration(names);
  }

  private static boolean isSpawn(String name) {
    return name.regionMatches(true, 0, "spawn-", 0, 6);
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
