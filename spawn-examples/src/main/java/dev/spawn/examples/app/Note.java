package dev.spawn.examples.app;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One note as stored and as served: its id, title, text, and when it was created and last updated
 * (epoch milliseconds). Immutable and thread-safe.
 */
@JsonPropertyOrder({"id", "title", "text", "created", "updated"})
record Note(String id, String title, String text, long created, long updated) {

  /**
   * Ids are URL-unreserved characters, so that an id never needs escaping in a path or a
   * {@code Location} header; the length keeps the escaped file name under file-system limits.
   */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._~-]{1,80}");

  Note {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(text, "text");
    if (!isValidId(id)) {
      throw new IllegalArgumentException("id must match " + ID + ", was '" + id + "'");
    }
  }

  /** Whether a string may be a note's id. */
  static boolean isValidId(String id) {
    return id != null && ID.matcher(id).matches();
  }

  /** The pattern ids follow, for error messages. */
  static String idPattern() {
    return ID.pattern();
  }
}
