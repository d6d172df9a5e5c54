package dev.spawn.examples.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NoteStoreTest {

  private final ObjectMapper mapper = new ObjectMapper();
  @TempDir Path dir;

  @Test
  void writesOneFilePerNoteAndReadsThemBack() throws Exception {
    NoteStore store = NoteStore.open(dir, mapper);
    assertThat(store.create("b", NoteInput.of("B", "text"), 10).created()).isTrue();
    assertThat(store.put("a", NoteInput.of("A", null), 20).created()).isTrue();
    NoteStore.Saved replaced = store.put("b", NoteInput.of("B2", ""), 30);
    assertThat(replaced.created()).isFalse();
    assertThat(replaced.note()).isEqualTo(new Note("b", "B2", "", 10, 30));
    assertThat(Files.list(dir)).hasSize(2);

    NoteStore reopened = NoteStore.open(dir, mapper);
    assertThat(reopened.list()).isEqualTo(store.list());
    assertThat(reopened.list()).extracting(Note::id).containsExactly("a", "b");
    assertThat(reopened.digest()).isEqualTo(store.digest());
  }

  @Test
  void createKeepsAnExistingNote() throws Exception {
    NoteStore store = NoteStore.open(dir, mapper);
    store.create("x", NoteInput.of("first", ""), 1);
    NoteStore.Saved again = store.create("x", NoteInput.of("second", ""), 2);
    assertThat(again.created()).isFalse();
    assertThat(again.note().title()).isEqualTo("first");
  }

  @Test
  void deleteRemovesTheFile() throws Exception {
    NoteStore store = NoteStore.open(dir, mapper);
    store.create("x", NoteInput.of("t", ""), 1);
    assertThat(store.delete("x")).isTrue();
    assertThat(store.delete("x")).isFalse();
    assertThat(Files.list(dir)).isEmpty();
    assertThat(NoteStore.open(dir, mapper).list()).isEmpty();
  }

  @Test
  void idsDifferingOnlyInCaseGetDifferentFiles() {
    assertThat(NoteStore.fileName("abc-1")).isEqualTo("abc-1.json");
    assertThat(NoteStore.fileName("Abc")).isEqualTo("_41bc.json");
    assertThat(NoteStore.fileName(".x_~")).isEqualTo("_2ex_5f_7e.json");
    assertThat(NoteStore.fileName("a")).isNotEqualToIgnoringCase(NoteStore.fileName("A"));
  }

  @Test
  void dropsTemporaryFilesOfAnUnfinishedWrite() throws Exception {
    Files.writeString(dir.resolve("x.json.tmp"), "{\"id\":\"x\",\"tit");
    assertThat(NoteStore.open(dir, mapper).list()).isEmpty();
    assertThat(Files.list(dir)).isEmpty();
  }

  @Test
  void refusesToStartOnADamagedFileAndSaysWhich() throws Exception {
    Files.writeString(dir.resolve("x.json"), "{\"id\":\"x\",\"tit");
    assertThatThrownBy(() -> NoteStore.open(dir, mapper))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("x.json")
        .hasMessageContaining("damaged");
  }

  @Test
  void refusesAFileThatHoldsAnotherNote() throws Exception {
    NoteStore.open(dir, mapper).create("x", NoteInput.of("t", ""), 1);
    Files.move(dir.resolve("x.json"), dir.resolve("y.json"));
    assertThatThrownBy(() -> NoteStore.open(dir, mapper))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("y.json")
        .hasMessageContaining("'x'");
  }

  @Test
  void digestDependsOnEveryField() {
    Note note = new Note("a", "t", "x", 1, 2);
    Digest base = Digest.of(java.util.List.of(note));
    assertThat(Digest.of(java.util.List.of(new Note("a", "t", "x", 1, 2)))).isEqualTo(base);
    assertThat(Digest.of(java.util.List.of(new Note("b", "t", "x", 1, 2)))).isNotEqualTo(base);
    assertThat(Digest.of(java.util.List.of(new Note("a", "tx", "", 1, 2)))).isNotEqualTo(base);
    assertThat(Digest.of(java.util.List.of(new Note("a", "t", "x", 1, 3)))).isNotEqualTo(base);
    assertThat(Digest.of(java.util.List.of())).isNotEqualTo(base);
  }
}
