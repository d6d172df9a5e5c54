package dev.spawn.servlet.admin;

import java.util.Map;

/**
 * Turns a dead letter's encoded update into a short summary for {@code GET /deadletters}, such as
 * its method, path and headers. The encoding belongs to the mirror protocol, so the admin API shows
 * only the raw bytes (base64) unless one is given. Implementations must be thread-safe; one that
 * throws makes the summary say so instead.
 */
@FunctionalInterface
public interface PayloadDescriber {

  /** A JSON-friendly summary of the payload (strings, numbers, lists, maps). */
  Map<String, Object> describe(byte[] payload);
}
