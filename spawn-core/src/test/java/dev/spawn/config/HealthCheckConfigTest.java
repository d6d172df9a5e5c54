package dev.spawn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spawn.SpawnConfig;
import dev.spawn.SpawnConfigException;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HealthCheckConfigTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    HealthCheckConfig d = HealthCheckConfig.DEFAULT;
    assertThat(d.interval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(d.url()).isEqualTo("/");
    assertThat(d.regexp()).isEmpty();
    assertThat(d.pattern()).isEmpty();
    assertThat(d.timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(d.rise()).isEqualTo(2);
    assertThat(d.fall()).isEqualTo(3);
    assertThat(HealthCheckConfig.builder().build()).isEqualTo(d).hasSameHashCodeAs(d);
    assertThat(SpawnConfig.builder().build().healthCheck()).isEqualTo(d);
  }

  @Test
  void settersAreKept() {
    HealthCheckConfig c =
        HealthCheckConfig.builder()
            .interval(Duration.ofSeconds(30))
            .url("/health?deep=1")
            .regexp("\"status\":\\s*\"UP\"")
            .timeout(Duration.ofSeconds(2))
            .rise(5)
            .fall(1)
            .build();
    assertThat(c.interval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.url()).isEqualTo("/health?deep=1");
    assertThat(c.pattern()).map(Pattern::pattern).contains("\"status\":\\s*\"UP\"");
    assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.rise()).isEqualTo(5);
    assertThat(c.fall()).isEqualTo(1);
    assertThat(HealthCheckConfig.builder(c).build()).isEqualTo(c);
    assertThat(c.toString()).contains("/health?deep=1", "rise=5");
  }

  @Test
  void anUnsetTimeoutIsFiveSecondsOrHalfTheInterval() {
    assertThat(HealthCheckConfig.builder().interval(Duration.ofSeconds(60)).build().timeout())
        .isEqualTo(Duration.ofSeconds(5));
    assertThat(HealthCheckConfig.builder().interval(Duration.ofSeconds(4)).build().timeout())
        .isEqualTo(Duration.ofSeconds(2));
    // A copy keeps a defaulted timeout defaulted, so a shorter interval still builds.
    assertThat(HealthCheckConfig.builder(HealthCheckConfig.DEFAULT)
            .interval(Duration.ofSeconds(1)).build().timeout())
        .isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void durationsAreChecked() {
    assertThatThrownBy(() -> HealthCheckConfig.builder().interval(Duration.ZERO))
        .isInstanceOf(SpawnConfigException.class)
        .hasMessageContaining("'health-check.seconds'")
        .hasMessageContaining("was 0 ms");
    assertThatThrownBy(() -> HealthCheckConfig.builder().timeout(Duration.ofSeconds(-1)))
        .isInstanceOf(SpawnConfigException.class)
        .hasMessageContaining("'health-check.timeout-ms'");
    assertThatThrownBy(() -> HealthCheckConfig.builder().timeout(Duration.ofNanos(999_999)))
        .hasMessageContaining("1 ms");
    assertThatThrownBy(() -> HealthCheckConfig.builder().interval(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("'health-check.seconds'");
    // The constructor checks as the builder does.
    assertThatThrownBy(() -> new HealthCheckConfig(
            Duration.ofMillis(5), "/", "", Duration.ofMillis(1), 2, 3))
        .isInstanceOf(SpawnConfigException.class)
        .hasMessageContaining("'health-check.seconds'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "health", "//evil.example/", "/a b", "/x#frag", "http://a/"})
  void urlsThatAreNotAbsolutePathsAreRefused(String url) {
    assertThatThrownBy(() -> HealthCheckConfig.builder().url(url))
        .isInstanceOf(SpawnConfigException.class)
        .hasMessageStartingWith("'health-check.url' must be a path starting with '/'");
  }

  @Test
  void regexpsAreCompiledAtOnceAndEmptyMeansNone() {
    assertThatThrownBy(() -> HealthCheckConfig.builder().regexp("(unclosed"))
        .isInstanceOf(SpawnConfigException.class)
        .hasMessageContaining("'health-check.regexp' must be a java.util.regex pattern")
        .hasMessageContaining("was \"(unclosed\"");
    assertThat(HealthCheckConfig.builder().regexp("up").regexp("").build().pattern()).isEmpty();
    assertThat(HealthCheckConfig.builder().regexp("a").build())
        .isEqualTo(HealthCheckConfig.builder().regexp("a").build())
        .isNotEqualTo(HealthCheckConfig.builder().regexp("b").build());
  }
}
