package dev.spawn.mirror;

import java.util.Objects;

/** Character rules shared by the protocol's values. Stateless. */
final class Syntax {

  private Syntax() {}

  /** Whether {@code c} is an RFC 9110 token character ({@code tchar}). */
  static boolean isTokenChar(char c) {
    if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
      return true;
    }
    return "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }

  /** Whether {@code s} is a non-empty RFC 9110 token (method and header names). */
  static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!isTokenChar(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code s} is 1..{@code max} visible ASCII characters (no space, no control). */
  static boolean isVisibleAscii(String s, int max) {
    if (s.isEmpty() || s.length() > max) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code s} holds a line break or NUL, which would let a value forge another field. */
  static boolean hasLineBreak(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\r' || c == '\n' || c == '\0') {
        return true;
      }
    }
    return false;
  }

  /**
   * Parses a non-negative decimal without sign or spaces, as the protocol writes numbers.
   *
   * @return the value, or -1 when {@code s} is not such a number or does not fit in a long
   */
  static long parseDecimal(String s) {
    Objects.requireNonNull(s, "s");
    if (s.isEmpty() || s.length() > 19) {
      return -1;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Quotes a value for an error message, shortened so a huge header does not flood the log. */
  static String quote(String s) {
    if (s == null) {
      return "null";
    }
    String shown = s.length() > 80 ? s.substring(0, 77) + "..." : s;
    return "'" + shown + "'";
  }
}
