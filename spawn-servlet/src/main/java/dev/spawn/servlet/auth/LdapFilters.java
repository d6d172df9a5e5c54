package dev.spawn.servlet.auth;

/** Escapes values for LDAP search filters per RFC 4515. Stateless and thread-safe. */
final class LdapFilters {

  private LdapFilters() {}

  /**
   * Escapes the characters that have a meaning in a filter ({@code * ( ) \} and NUL), so a user
   * name such as {@code *} or {@code )(uid=*} matches only itself.
   */
  static String escape(String value) {
    StringBuilder out = new StringBuilder(value.length() + 8);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\5c");
        case '*' -> out.append("\\2a");
        case '(' -> out.append("\\28");
        case ')' -> out.append("\\29");
        case '\0' -> out.append("\\00");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** The filter with every {@code {0}} replaced by the escaped value. */
  static String fill(String filter, String value) {
    return filter.replace("{0}", escape(value));
  }
}
