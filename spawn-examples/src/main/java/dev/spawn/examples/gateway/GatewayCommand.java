package dev.spawn.examples.gateway;

import dev.spawn.Node;
import dev.spawn.SpawnConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The command line of {@link SpawnGateway#main}: the Go service's spawnctl flags (also accepted
 * with one dash, as Go writes them) plus a few new ones. Flags override the config file. Exit
 * codes: 0 after a clean stop, 2 for bad flags or a bad config, 1 when the gateway cannot start.
 */
@Command(name = "spawn-gateway", sortOptions = false,
    versionProvider = GatewayCommand.Version.class,
    description = "Runs the Spawn gateway: a reverse proxy that sends reads to one healthy node"
        + " and journals every write and repeats it on all nodes.")
final class GatewayCommand implements Callable<Integer> {

  static final String DEFAULT_CONFIG = "spawn.conf";

  @Option(names = {"-h", "--help", "-help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  @Option(names = {"-v", "--version", "-version"}, versionHelp = true,
      description = "Show the version.")
  boolean version;

  @Option(names = {"--config", "-config"}, paramLabel = "PATH",
      description = "JSON config file (default: " + DEFAULT_CONFIG + " when it exists).")
  Path config;

  @Option(names = {"--host", "-host"}, description = "Proxy listen address (default 0.0.0.0).")
  String host;

  @Option(names = {"--port", "-port"},
      description = "Proxy port (default 7117; 0 = any free port).")
  Integer port;

  @Option(names = {"--api-host", "-api-host"},
      description = "Admin API listen address (default 127.0.0.1).")
  String apiHost;

  @Option(names = {"--api-port", "-api-port"},
      description = "Admin API port (default 7118; 0 = any free port).")
  Integer apiPort;

  @Option(names = {"--round-robin", "-round-robin"}, arity = "0..1", fallbackValue = "true",
      paramLabel = "BOOL", description = "Rotate reads over the healthy nodes.")
  Boolean roundRobin;

  @Option(names = {"--by-priority", "-by-priority"}, arity = "0..1", fallbackValue = "true",
      paramLabel = "BOOL", description = "Prefer nodes in priority order (1, 2, 0, -1).")
  Boolean byPriority;

  @Option(names = {"--check-sec", "-check-sec"}, paramLabel = "SECONDS",
      description = "Seconds between two health checks of a node (default 10).")
  Integer checkSeconds;

  @Option(names = {"--check-url", "-check-url"}, paramLabel = "PATH",
      description = "Path and query a health check fetches (default /).")
  String checkUrl;

  @Option(names = {"--check-regexp", "-check-regexp"}, paramLabel = "REGEX",
      description = "Pattern a healthy node's check answer must contain (default none).")
  String checkRegexp;

  @Option(names = {"--journal", "-journal"}, paramLabel = "PATH",
      description = "The journal file (default spawn-journal.db).")
  Path journal;

  @Option(names = "--node", paramLabel = "HOST:PORT[:PRIORITY]",
      description = "A node; repeat for each. Replaces the config file's nodes.")
  List<String> nodes;

  @Option(names = "--respond", paramLabel = "first|primary",
      description = "Answer a write with the first node's answer (first, default) or run it on"
          + " the best node first and replicate what it accepted (primary).")
  String respond;

  @Option(names = "--secret-file", paramLabel = "PATH",
      description = "File holding the signing secret (keeps it off the command line).")
  Path secretFile;

  @Option(names = "--secret-env", paramLabel = "NAME",
      description = "Environment variable holding the signing secret.")
  String secretEnv;

  @Option(names = "--stop-timeout", paramLabel = "SECONDS",
      description = "Seconds requests in flight get to finish on SIGTERM (default 30).")
  Integer stopSeconds;

  private final PrintStream out;

  GatewayCommand(PrintStream out) {
    this.out = out;
  }

  /** Parses, starts, waits for the stop; returns the exit code. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    CommandLine cli = new CommandLine(new GatewayCommand(out));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    cli.setExecutionExceptionHandler((e, command, parsed) -> {
      command.getErr().println("error: " + e.getMessage());
      return e instanceof IllegalArgumentException ? CommandLine.ExitCode.USAGE : 1;
    });
    return cli.execute(args);
  }

  @Override
  public Integer call() throws Exception {
    SpawnConfig cfg = config();
    SpawnGateway.Builder builder = SpawnGateway.builder(cfg);
    if (port != null) {
      builder.proxyPort(port);
    }
    if (apiPort != null) {
      builder.apiPort(apiPort);
    }
    if (stopSeconds != null) {
      builder.stopTimeout(
          Duration.ofSeconds(checkRange("--stop-timeout", stopSeconds, 0, 3600)));
    }
    SpawnGateway gateway = builder.start();
    Runtime.getRuntime().addShutdownHook(new Thread(gateway::close, "spawn-gateway-shutdown"));
    StartupLines.print(out, gateway, cfg);
    gateway.join();
    return 0;
  }

  /** The config file (if any) with the flags applied over it. */
  SpawnConfig config() {
    Path file = config;
    if (file == null && Files.isRegularFile(Path.of(DEFAULT_CONFIG))) {
      file = Path.of(DEFAULT_CONFIG);
    }
    if (config != null && !Files.isRegularFile(config)) {
      throw new IllegalArgumentException("--config " + config + ": no such file");
    }
    SpawnConfig.Builder b = file == null ? SpawnConfig.builder()
        : SpawnConfig.builder(SpawnConfig.load(file));
    if (host != null) {
      b.host(host);
    }
    if (port != null && port != 0) {
      b.port(checkRange("--port", port, 0, 65535));
    }
    if (apiHost != null) {
      b.apiHost(apiHost);
    }
    if (apiPort != null && apiPort != 0) {
      b.apiPort(checkRange("--api-port", apiPort, 0, 65535));
    }
    if (roundRobin != null) {
      b.roundRobin(roundRobin);
    }
    if (byPriority != null) {
      b.byPriority(byPriority);
    }
    if (checkSeconds != null) {
      int s = checkRange("--check-sec", checkSeconds, 1, 86_400);
      b.healthCheck(h -> h.interval(Duration.ofSeconds(s)));
    }
    if (checkUrl != null) {
      b.healthCheck(h -> h.url(checkUrl));
    }
    if (checkRegexp != null) {
      b.healthCheck(h -> h.regexp(checkRegexp));
    }
    if (journal != null) {
      b.journal(j -> j.path(journal));
    }
    if (nodes != null) {
      List<Node> parsed = new ArrayList<>();
      for (String n : nodes) {
        parsed.add(node(n));
      }
      b.nodes(parsed);
    }
    if (respond != null) {
      b.respond(switch (respond) {
        case "first" -> SpawnConfig.Respond.FIRST;
        case "primary" -> SpawnConfig.Respond.PRIMARY;
        default -> throw new IllegalArgumentException(
            "--respond must be first or primary, was '" + respond + "'");
      });
    }
    if (secretFile != null) {
      b.mirror(m -> m.secretFile(secretFile));
    }
    if (secretEnv != null) {
      b.mirror(m -> m.secretEnv(secretEnv));
    }
    return b.build();
  }

  /** {@code host:port} or {@code host:port:priority}; an IPv6 host is bracketed. */
  static Node node(String spec) {
    String s = spec.strip();
    int hostEnd = s.startsWith("[") ? s.indexOf(']') + 1 : s.indexOf(':');
    if (hostEnd <= 0 || hostEnd >= s.length() || s.charAt(hostEnd) != ':') {
      throw new IllegalArgumentException(
          "--node must be HOST:PORT or HOST:PORT:PRIORITY, such as 10.0.0.2:8080:1, was '" + spec
              + "'");
    }
    String[] rest = s.substring(hostEnd + 1).split(":", -1);
    try {
      int nodePort = Integer.parseInt(rest[0]);
      int priority = rest.length > 1 ? Integer.parseInt(rest[1]) : 0;
      if (rest.length > 2) {
        throw new NumberFormatException("too many parts");
      }
      return Node.of(s.substring(0, hostEnd), nodePort).withPriority(priority);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--node must be HOST:PORT or HOST:PORT:PRIORITY with whole numbers, was '" + spec + "'");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--node '" + spec + "': " + e.getMessage());
    }
  }

  private static int checkRange(String flag, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(flag + " must be " + min + ".." + max + ", was " + value);
    }
    return value;
  }

  /** The version from the jar's Maven metadata. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"spawn-gateway " + version() + " (Spawn for Java)"};
    }

    static String version() {
      try (InputStream in = GatewayCommand.class.getResourceAsStream(
          "/META-INF/maven/dev.spawn/spawn-examples/pom.properties")) {
        if (in != null) {
          Properties p = new Properties();
          p.load(in);
          return p.getProperty("version", "unknown");
        }
      } catch (IOException e) {
        // fall through: a development build has no jar metadata
      }
      return "development build";
    }
  }
}
