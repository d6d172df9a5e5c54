package dev.spawn.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteHwmStoreTest extends HwmStoreContractTest {

  @TempDir Path dir;

  @Override
  protected HwmStore newStore() {
    return SqliteHwmStore.open(dir.resolve("hwm.db"));
  }

  @Test
  void marksSurviveReopening() {
    store.advance("J1", 41);
    store.advance("J2", 7);
    store.close();
    try (SqliteHwmStore again = SqliteHwmStore.open(dir.resolve("hwm.db"))) {
      assertThat(again.load("J1")).hasValue(41);
      assertThat(again.load("J2")).hasValue(7);
    }
  }

  @Test
  void fileHeldByAnotherStoreIsAClearError() {
    store.advance("J1", 1);
    assertThatThrownBy(() -> SqliteHwmStore.open(dir.resolve("hwm.db")))
        .isInstanceOf(HwmStoreException.class)
        .hasMessageContaining("held by another process")
        .hasMessageContaining("hwm.db");
    assertThat(store.load("J1")).hasValue(1); // the holder is unaffected
  }

  @Test
  void fileThatIsNotADatabaseIsAClearError() throws Exception {
    Path junk = dir.resolve("junk.db");
    Files.writeString(junk, "this is not sqlite, just some text that is long enough".repeat(40));
    assertThatThrownBy(() -> SqliteHwmStore.open(junk))
        .isInstanceOf(HwmStoreException.class)
        .hasMessageContaining("not a SQLite database");
  }

  @Test
  void createsMissingDirectories() {
    try (SqliteHwmStore deep = SqliteHwmStore.open(dir.resolve("a/b/hwm.db"))) {
      deep.advance("J", 3);
      assertThat(deep.file()).exists();
    }
  }

  @Test
  void closedStoreRefusesWork() {
    store.close();
    store.close(); // idempotent
    assertThatThrownBy(() -> store.advance("J1", 1))
        .isInstanceOf(HwmStoreException.class)
        .hasMessageContaining("closed");
  }
}
