package dev.spawn.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HealthCheckTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    HealthCheck d = HealthCheck.defaults();
    assertThat(d.interval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(d.path()).isEqualTo("/");
    assertThat(d.pattern()).isEmpty();
    assertThat(d.timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(d.rise()).isEqualTo(2);
    assertThat(d.fall()).isEqualTo(3);
    assertThat(d.maxBodyBytes()).isEqualTo(64 * 1024);
    assertThat(HealthCheck.builder().build()).isEqualTo(d).hasSameHashCodeAs(d);
  }

  @Test
  void settersAreKept() {
    HealthCheck c =
        HealthCheck.builder()
            .interval(Duration.ofSeconds(30))
            .path("/health?deep=1")
            .pattern("\"status\":\\s*\"UP\"")
            .timeout(Duration.ofSeconds(2))
            .rise(5)
            .fall(1)
            .maxBodyBytes(1024)
            .build();
    assertThat(c.interval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.path()).isEqualTo("/health?deep=1");
    assertThat(c.pattern()).map(Pattern::pattern).contains("\"status\":\\s*\"UP\"");
    assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.rise()).isEqualTo(5);
    assertThat(c.fall()).isEqualTo(1);
    assertThat(c.maxBodyBytes()).isEqualTo(1024);
    assertThat(c.toBuilder().build()).isEqualTo(c);
    assertThat(c.toString()).contains("/health?deep=1", "rise=5");
  }

  @Test
  void anUnsetTimeoutIsFiveSecondsOrHalfTheInterval() {
    assertThat(HealthCheck.builder().interval(Duration.ofSeconds(60)).build().timeout())
        .isEqualTo(Duration.ofSeconds(5));
    assertThat(HealthCheck.builder().interval(Duration.ofSeconds(4)).build().timeout())
        .isEqualTo(Duration.ofSeconds(2));
    // toBuilder() keeps an unset timeout unset, so a shorter interval still builds.
    assertThat(HealthCheck.defaults().toBuilder().interval(Duration.ofSeconds(1)).build().timeout())
        .isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void aTimeoutThatIsNotShorterThanTheIntervalIsRefused() {
    HealthCheck.Builder b =
        HealthCheck.builder().interval(Duration.ofSeconds(2)).timeout(Duration.ofSeconds(2));
    assertThatThrownBy(b::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("timeout was PT2S")
        .hasMessageContaining("interval of PT2S");
  }

  @Test
  void durationsAreChecked() {
    assertThatThrownBy(() -> HealthCheck.builder().interval(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("interval was PT0S");
    assertThatThrownBy(() -> HealthCheck.builder().interval(Duration.ofMillis(9)))
        .hasMessageContaining("at least 10 ms");
    assertThatThrownBy(() -> HealthCheck.builder().timeout(Duration.ofSeconds(-1)))
        .hasMessageContaining("timeout was PT-1S");
    assertThatThrownBy(() -> HealthCheck.builder().timeout(Duration.ofNanos(999_999)))
        .hasMessageContaining("at least 1 ms");
    assertThatThrownBy(() -> HealthCheck.builder().interval(null))
        .isInstanceOf(NullPointerException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "health", "//evil.example/", "/a b", "/x#frag", "http://a/"})
  void pathsThatAreNotAbsolutePathsAreRefused(String path) {
    assertThatThrownBy(() -> HealthCheck.builder().path(path))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("path was '" + path + "'");
  }

  @Test
  void patternsAreCompiledAtOnceAndEmptyMeansNone() {
    assertThatThrownBy(() -> HealthCheck.builder().pattern("(unclosed"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pattern was '(unclosed'")
        .hasMessageContaining("not a valid regular expression");
    assertThat(HealthCheck.builder().pattern("up").pattern("").build().pattern()).isEmpty();
    assertThat(HealthCheck.builder().pattern("up").noPattern().build().pattern()).isEmpty();
    assertThat(HealthCheck.builder().pattern("a").build())
        .isEqualTo(HealthCheck.builder().pattern(Pattern.compile("a")).build())
        .isNotEqualTo(HealthCheck.builder().pattern("b").build());
  }

  @Test
  void countsAndSizesAreChecked() {
    assertThatThrownBy(() -> HealthCheck.builder().rise(0)).hasMessageContaining("rise was 0");
    assertThatThrownBy(() -> HealthCheck.builder().fall(-1)).hasMessageContaining("fall was -1");
    assertThatThrownBy(() -> HealthCheck.builder().maxBodyBytes(0))
        .hasMessageContaining("maxBodyBytes was 0");
    assertThatThrownBy(() -> HealthCheck.builder().maxBodyBytes(17 * 1024 * 1024))
        .hasMessageContaining("expected 1..16777216");
  }
}
