package dev.spawn.servlet.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LdapFiltersTest {

  @Test
  void escapesTheFilterCharactersOfRfc4515() {
    assertThat(LdapFilters.escape("*")).isEqualTo("\\2a");
    assertThat(LdapFilters.escape(")(uid=*")).isEqualTo("\\29\\28uid=\\2a");
    assertThat(LdapFilters.escape("a\\b")).isEqualTo("a\\5cb");
    assertThat(LdapFilters.escape("a\0b")).isEqualTo("a\\00b");
    assertThat(LdapFilters.escape("jos\u00e9.o'neil")).isEqualTo("jos\u00e9.o'neil");
  }

  @Test
  void fillsEveryPlaceholder() {
    assertThat(LdapFilters.fill("(|(uid={0})(mail={0}))", "a*"))
        .isEqualTo("(|(uid=a\\2a)(mail=a\\2a))");
  }
}
