package dev.spawn.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BodyTest {

  private static InputStream stream(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String read(String body, long declared, long max) throws IOException {
    return new String(Body.readUpTo(stream(body), declared, max), StandardCharsets.UTF_8);
  }

  @Test
  void readsADeclaredBodyWhole() throws IOException {
    assertThat(read("hello", 5, 100)).isEqualTo("hello");
    assertThat(read("", 0, 100)).isEmpty();
  }

  @Test
  void aBodyShorterThanDeclaredIsReturnedAsSent() throws IOException {
    assertThat(read("hel", 5, 100)).isEqualTo("hel");
  }

  @Test
  void aBodyLongerThanDeclaredShowsTheExtraByte() throws IOException {
    assertThat(read("hello!!", 5, 100)).isEqualTo("hello!");
  }

  @Test
  void anUndeclaredBodyIsReadUpToOneByteOverTheLimit() throws IOException {
    assertThat(read("hello", -1, 100)).isEqualTo("hello");
    assertThat(read("hello world", -1, 5)).isEqualTo("hello ");
  }

  @Test
  void aDeclaredLengthOverTheLimitReadsOnlyOneByteOverIt() throws IOException {
    assertThat(read("hello world", 11, 5)).isEqualTo("hello ");
  }
}
