package dev.spawn.servlet.admin;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;

/**
 * The admin API's JSON: one strict mapper for request bodies (duplicate keys, trailing data and
 * deep nesting refused) and the writers of the response envelope. Thread-safe.
 */
final class Json {

  private static final ObjectMapper MAPPER = mapper();
  private static final ObjectWriter COMPACT = MAPPER.writer();
  private static final ObjectWriter PRETTY = MAPPER.writerWithDefaultPrettyPrinter();

  /** The Go service's envelope around every JSON answer. */
  record Envelope(long duration, String took, Object data) {}

  private Json() {}

  private static ObjectMapper mapper() {
    JsonFactory factory =
        JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(32)
                    .maxNumberLength(64)
                    .maxStringLength(AdminSettings.MAX_BODY_BYTES)
                    .build())
            .build();
    ObjectMapper m = new ObjectMapper(factory);
    m.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    m.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
    return m;
  }

  /**
   * Parses a request body.
   *
   * @return the tree, or null when the body is empty or blank
   * @throws ApiError 400 saying where the JSON is broken
   */
  static JsonNode parse(byte[] body, String expected) {
    if (isBlank(body)) {
      return null;
    }
    try {
      return MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw ApiError.badRequest(
          "Could not recognize parameters: the body is not valid JSON"
              + where
              + ": "
              + shorten(e.getOriginalMessage(), 200),
          "send " + expected);
    } catch (IOException e) {
      throw ApiError.badRequest("Could not read the body as JSON", "send " + expected);
    }
  }

  /** Serialises the envelope. */
  static byte[] write(Envelope envelope, boolean pretty) throws JsonProcessingException {
    return (pretty ? PRETTY : COMPACT).writeValueAsBytes(envelope);
  }

  /** A short, single-line description of a JSON value for an error message. */
  static String describe(JsonNode value) {
    return shorten(value.toString(), 60);
  }

  static String shorten(String s, int max) {
    if (s == null) {
      return "";
    }
    String oneLine = s.replaceAll("\\p{Cntrl}", " ");
    return oneLine.length() <= max ? oneLine : oneLine.substring(0, max) + "\u2026";
  }

  private static boolean isBlank(byte[] body) {
    for (byte b : body) {
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return false;
      }
    }
    return true;
  }
}
