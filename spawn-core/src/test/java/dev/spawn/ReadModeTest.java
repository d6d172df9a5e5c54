package dev.spawn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReadModeTest {

  @Test
  void theGoSwitchesMapOneToOne() {
    assertThat(ReadMode.of(true, false)).isEqualTo(ReadMode.ROUND_ROBIN);
    assertThat(ReadMode.of(false, true)).isEqualTo(ReadMode.BY_PRIORITY);
    assertThat(ReadMode.of(true, true)).isEqualTo(ReadMode.ROUND_ROBIN_BY_PRIORITY);
    assertThat(ReadMode.ROUND_ROBIN.withPriorityTiers(true).priorityTiers()).isTrue();
    assertThat(ReadMode.ROUND_ROBIN.withPriorityTiers(true).withPriorityTiers(false))
        .isEqualTo(ReadMode.ROUND_ROBIN);
  }

  @Test
  void priorityTiersNeedRoundRobin() {
    assertThatThrownBy(() -> ReadMode.BY_PRIORITY.withPriorityTiers(true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("priorityTiers was true without roundRobin");
  }
}
