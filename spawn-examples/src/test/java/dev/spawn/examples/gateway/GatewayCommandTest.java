package dev.spawn.examples.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spawn.Node;
import dev.spawn.SpawnConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line: spawnctl's flags, overriding the config file; bad input exits 2. */
class GatewayCommandTest {

  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private SpawnConfig parse(String... args) {
    GatewayCommand command = new GatewayCommand(new PrintStream(out));
    new CommandLine(command).parseArgs(args);
    return command.config();
  }

  private int run(String... args) {
    return GatewayCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void flagsOverrideTheConfigFile() throws Exception {
    Path file = dir.resolve("spawn.conf");
    Files.writeString(file, "{\"port\": 8000, \"query-mode\": {\"round-robin\": false,"
        + " \"by-priority\": true}, \"health-check\": {\"seconds\": 30},"
        + " \"nodes\": [{\"host\": \"10.0.0.1\", \"port\": 80}]}");

    SpawnConfig c = parse("--config=" + file, "--port=9000", "--round-robin",
        "-by-priority=false", "--check-sec", "3", "--check-url=/health",
        "--check-regexp=UP", "--journal=" + dir.resolve("j.db"), "--api-host=0.0.0.0",
        "--api-port=9001", "--host=127.0.0.1", "--respond=primary");

    assertThat(c.port()).isEqualTo(9000);
    assertThat(c.host()).isEqualTo("127.0.0.1");
    assertThat(c.api().host()).isEqualTo("0.0.0.0");
    assertThat(c.api().port()).isEqualTo(9001);
    assertThat(c.queryMode().roundRobin()).isTrue();
    assertThat(c.queryMode().byPriority()).isFalse();
    assertThat(c.healthCheck().interval()).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.healthCheck().url()).isEqualTo("/health");
    assertThat(c.healthCheck().regexp()).isEqualTo("UP");
    assertThat(c.journal().path()).isEqualTo(dir.resolve("j.db"));
    assertThat(c.respond()).isEqualTo(SpawnConfig.Respond.PRIMARY);
    assertThat(c.nodes()).containsExactly(Node.of("10.0.0.1", 80));
  }

  @Test
  void withoutFlagsTheFileDecides() throws Exception {
    Path file = dir.resolve("other.json");
    Files.writeString(file, "{\"port\": 8000, \"query-mode\": {\"by-priority\": true}}");

    SpawnConfig c = parse("-config", file.toString());

    assertThat(c.port()).isEqualTo(8000);
    assertThat(c.queryMode().byPriority()).isTrue();
    assertThat(c.queryMode().roundRobin()).isFalse();
  }

  @Test
  void nodesAndTheSecretComeFromFlagsWithoutTheSecretOnTheCommandLine() throws Exception {
    Path secret = dir.resolve("secret");
    Files.writeString(secret, "0123456789abcdef0123456789abcdef\n");

    SpawnConfig c = parse("--node=127.0.0.1:8081:1", "--node", "[::1]:8082",
        "--secret-file=" + secret);

    assertThat(c.nodes()).containsExactly(Node.of("127.0.0.1", 8081).withPriority(1),
        Node.of("[::1]", 8082));
    assertThat(c.mirror().hasSecret()).isTrue();
  }

  @Test
  void badFlagsExitWith2AndSayWhatIsWrong() {
    assertThat(run("--bogus")).isEqualTo(2);
    assertThat(err()).contains("Unknown option: '--bogus'");
    err.reset();

    assertThat(run("--port=abc")).isEqualTo(2);
    assertThat(err()).contains("--port", "abc");
    err.reset();

    assertThat(run("--port=70000")).isEqualTo(2);
    assertThat(err()).contains("error: --port must be 0..65535, was 70000");
    err.reset();

    assertThat(run("--respond=second")).isEqualTo(2);
    assertThat(err()).contains("--respond must be first or primary, was 'second'");
    err.reset();

    assertThat(run("--node=nohost")).isEqualTo(2);
    assertThat(err()).contains("--node must be HOST:PORT");
    err.reset();

    assertThat(run("--config=" + dir.resolve("missing.json"))).isEqualTo(2);
    assertThat(err()).contains("missing.json: no such file");
  }

  @Test
  void aBadConfigFileExitsWith2NamingTheKey() throws Exception {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, "{\"prot\": 1}");

    assertThat(run("--config=" + file)).isEqualTo(2);

    assertThat(err()).contains("prot");
  }

  @Test
  void helpAndVersionExitWith0() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("--check-regexp", "--secret-file");
    out.reset();
    assertThat(run("-v")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("spawn-gateway ");
  }

  @Test
  void nodeSpecsAreCheckedPartByPart() {
    assertThat(GatewayCommand.node("host-1:80:-2"))
        .isEqualTo(Node.of("host-1", 80).withPriority(-2));
    assertThatThrownBy(() -> GatewayCommand.node("host:80:1:2"))
        .hasMessageContaining("HOST:PORT:PRIORITY with whole numbers");
    assertThatThrownBy(() -> GatewayCommand.node("host:0"))
        .hasMessageStartingWith("--node 'host:0': ");
  }
}
