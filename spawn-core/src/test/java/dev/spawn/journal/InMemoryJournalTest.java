package dev.spawn.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import org.junit.jupiter.api.Test;

class InMemoryJournalTest extends JournalContractTest {

  @Override
  protected Journal newJournal(long maxEntries, long maxBytes, Clock clock) {
    return InMemoryJournal.builder().maxEntries(maxEntries).maxBytes(maxBytes).clock(clock).build();
  }

  @Test
  void builderNamesTheBadValue() {
    assertThatThrownBy(() -> InMemoryJournal.builder().maxEntries(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage(
            "maxEntries was 0; expected at least 1");
    assertThatThrownBy(() -> InMemoryJournal.builder().maxBytes(-5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBytes was -5");
    assertThatThrownBy(() -> InMemoryJournal.builder().clock(null))
        .isInstanceOf(NullPointerException.class).hasMessage("clock");
  }

  @Test
  void defaultsToTheSameCapsAsTheDurableJournal() {
    try (InMemoryJournal journal = InMemoryJournal.create()) {
      assertThat(journal.stats().maxEntries()).isEqualTo(10_000_000L);
      assertThat(journal.stats().maxBytes()).isEqualTo(1L << 30);
    }
  }
}
