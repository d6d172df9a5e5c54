package dev.spawn.servlet;

import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Request parameters served from the captured body, as a container would serve them: the query
 * string's first, then the form body's ({@code application/x-www-form-urlencoded}) or a multipart
 * body's text fields, merged by name in that order. Stateless.
 *
 * <p>The container cannot do this itself once the filter has read the body, which is why the
 * request wrapper answers {@code getParameter()} from here.
 */
final class FormParameters {

  static final String FORM_TYPE = "application/x-www-form-urlencoded";

  private FormParameters() {}

  /** Whether a Content-Type names a form body. */
  static boolean isForm(String contentType) {
    return contentType != null
        && mediaType(contentType).equals(FORM_TYPE);
  }

  /** Whether a Content-Type names a multipart form body. */
  static boolean isMultipartForm(String contentType) {
    return contentType != null && mediaType(contentType).equals("multipart/form-data");
  }

  /** The media type without parameters, lower case. */
  static String mediaType(String contentType) {
    int semicolon = contentType.indexOf(';');
    String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return type.strip().toLowerCase(Locale.ROOT);
  }

  /** Adds the pairs of a url-encoded text ({@code a=1&b=x+y}) to {@code into}, in order. */
  static void addUrlEncoded(Map<String, List<String>> into, String text, Charset charset) {
    if (text == null || text.isEmpty()) {
      return;
    }
    for (String pair : text.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq), charset);
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1), charset);
      into.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
  }

  /** The final, unmodifiable map a request returns from {@code getParameterMap()}. */
  static Map<String, String[]> freeze(Map<String, List<String>> values) {
    Map<String, String[]> out = new LinkedHashMap<>();
    values.forEach((name, list) -> out.put(name, list.toArray(new String[0])));
    return Collections.unmodifiableMap(out);
  }

  /**
   * The charset a request names, or {@code fallback} when it names none or one this JVM lacks (a
   * container would refuse such a request; serving UTF-8 is the kinder answer for parameters).
   */
  static Charset charset(String name, Charset fallback) {
    if (name == null || name.isBlank()) {
      return fallback;
    }
    try {
      return Charset.forName(name.strip());
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      return fallback;
    }
  }

  /** The {@code charset} parameter of a Content-Type, or null. */
  static String charsetParameter(String contentType) {
    if (contentType == null) {
      return null;
    }
    for (String param : contentType.split(";")) {
      String p = param.strip();
      if (p.regionMatches(true, 0, "charset=", 0, 8)) {
        String v = p.substring(8).strip();
        return v.length() > 1 && v.startsWith("\"") && v.endsWith("\"")
            ? v.substring(1, v.length() - 1) : v;
      }
    }
    return null;
  }

  private static String decode(String s, Charset charset) {
    try {
      return URLDecoder.decode(s, charset);
    } catch (IllegalArgumentException malformed) {
      // A stray '%': keep the text as sent rather than fail the app's getParameter() call.
      return s;
    }
  }
}
