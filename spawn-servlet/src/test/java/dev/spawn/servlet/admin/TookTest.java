package dev.spawn.servlet.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TookTest {

  @Test
  void formatsLikeGoDurations() {
    assertThat(Took.format(0)).isEqualTo("0ns");
    assertThat(Took.format(999)).isEqualTo("999ns");
    assertThat(Took.format(25_982)).isEqualTo("25.982\u00b5s");
    assertThat(Took.format(1_000)).isEqualTo("1\u00b5s");
    assertThat(Took.format(1_500_000)).isEqualTo("1.5ms");
    assertThat(Took.format(2_000_000_001L)).isEqualTo("2.000000001s");
    assertThat(Took.format(-5)).isEqualTo("0ns");
  }
}
