package dev.spawn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What {@link SpawnBuilder} accepts from a config. */
class SpawnBuilderTest {

  @Test
  void aShortHealthCheckIntervalWithItsDefaultTimeoutBuilds() {
    SpawnConfig config = SpawnConfig.parse(
        "{\"health-check\": {\"seconds\": 1}, \"journal\": {\"memory\": true}}");
    assertThat(config.healthCheck().timeout()).isLessThan(config.healthCheck().interval());

    try (Spawn spawn = Spawn.builder(config).build()) {
      assertThat(spawn.config()).isSameAs(config);
    }
  }
}
