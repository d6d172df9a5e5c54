package dev.spawn.examples.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * What a client sends to create or replace a note: a title and a text, validated. Immutable and
 * thread-safe.
 */
record NoteInput(String title, String text) {

  static final int MAX_TITLE = 200;
  static final int MAX_TEXT = 10_000;

  /**
   * Validates the two fields; {@code text} may be absent (an empty text).
   *
   * @throws BadInputException naming the first bad field
   */
  static NoteInput of(String title, String text) {
    if (title == null || title.isBlank()) {
      throw new BadInputException("title", "title is required and must not be blank");
    }
    if (title.length() > MAX_TITLE) {
      throw new BadInputException("title",
          "title must be at most " + MAX_TITLE + " characters, was " + title.length());
    }
    String body = text == null ? "" : text;
    if (body.length() > MAX_TEXT) {
      throw new BadInputException("text",
          "text must be at most " + MAX_TEXT + " characters, was " + body.length());
    }
    return new NoteInput(title, body);
  }

  /**
   * Reads {@code {"title": "...", "text": "..."}}; other fields (such as the {@code id} of a note
   * that a client read and sends back) are ignored.
   *
   * @throws BadInputException if the body is not such an object
   */
  static NoteInput fromJson(ObjectMapper mapper, byte[] body) {
    JsonNode root;
    try {
      root = mapper.readTree(body);
    } catch (JsonProcessingException e) {
      throw new BadInputException("body", "body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new BadInputException("body", "body could not be read: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new BadInputException("body",
          "body must be a JSON object like {\"title\": \"...\", \"text\": \"...\"}");
    }
    return of(stringField(root, "title"), stringField(root, "text"));
  }

  private static String stringField(JsonNode root, String name) {
    JsonNode value = root.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new BadInputException(name,
          name + " must be a string, was " + value.getNodeType().name().toLowerCase());
    }
    return value.textValue();
  }
}
