package dev.spawn.examples.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.http.HttpServlet;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class NotesOptionsTest {

  @Test
  void builderChecksEachValueAndNamesIt() {
    NotesApp.Options.Builder builder = NotesApp.Options.builder();
    assertThatThrownBy(() -> builder.port(65536))
        .hasMessageContaining("port").hasMessageContaining("65536");
    assertThatThrownBy(() -> builder.host(" ")).hasMessageContaining("host");
    assertThatThrownBy(() -> builder.servlet("spawn/*", new HttpServlet() {}))
        .hasMessageContaining("pathSpec").hasMessageContaining("spawn/*");
    assertThatThrownBy(() -> builder.servlet("/notes/*", new HttpServlet() {}))
        .hasMessageContaining("/notes/*");
    assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("dataDir");
    builder.servlet("/spawn/*", new HttpServlet() {});
    assertThatThrownBy(() -> builder.servlet("/spawn/*", new HttpServlet() {}))
        .hasMessageContaining("already");
  }

  @Test
  void commandLineBecomesOptions() {
    NotesCommand command = new NotesCommand();
    new CommandLine(command).parseArgs("--host", "0.0.0.0", "--port", "0", "--data-dir", "d1",
        "--spawn-config", "spawn.json");
    NotesApp.Options options = command.options();
    assertThat(options.host()).isEqualTo("0.0.0.0");
    assertThat(options.port()).isZero();
    assertThat(options.dataDir()).isEqualTo(Path.of("d1"));
    assertThat(options.spawnConfig()).contains(Path.of("spawn.json"));
  }

  @Test
  void commandLineDefaults() {
    NotesCommand command = new NotesCommand();
    new CommandLine(command).parseArgs();
    NotesApp.Options options = command.options();
    assertThat(options.host()).isEqualTo("127.0.0.1");
    assertThat(options.port()).isEqualTo(8080);
    assertThat(options.spawnConfig()).isEmpty();
  }
}
