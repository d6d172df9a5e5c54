package dev.spawn.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link HwmStore} must do; a store's test supplies it by extending this class. */
abstract class HwmStoreContractTest {

  protected HwmStore store;

  /** A new, empty store. */
  protected abstract HwmStore newStore();

  @BeforeEach
  void open() {
    store = newStore();
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void emptyStoreHasNoMarks() {
    assertThat(store.load("J1")).isEmpty();
    assertThat(store.all()).isEmpty();
  }

  @Test
  void marksOnlyMoveForward() {
    store.advance("J1", 5);
    store.advance("J1", 3);
    store.advance("J1", 5);
    assertThat(store.load("J1")).hasValue(5);
    store.advance("J1", 9);
    assertThat(store.load("J1")).hasValue(9);
  }

  @Test
  void journalsAreIndependent() {
    store.advance("J1", 5);
    store.advance("J2", 70);
    assertThat(store.load("J1")).hasValue(5);
    assertThat(store.all()).isEqualTo(Map.of("J1", 5L, "J2", 70L));
  }

  @Test
  void rejectsBadValues() {
    assertThatThrownBy(() -> store.advance("J1", 0)).hasMessageContaining("seq was 0");
    assertThatThrownBy(() -> store.advance("J 1", 1)).hasMessageContaining("journal id");
    assertThatThrownBy(() -> store.load(null)).isInstanceOf(NullPointerException.class);
  }
}
