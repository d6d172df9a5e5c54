package dev.spawn.examples.app;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.eclipse.jetty.server.Server;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The command line of {@link NotesApp#main}: parses the options, starts the app, waits. */
@Command(name = "spawn-example-app",
    description = "Runs the example notes REST app (GET/POST /notes, GET/PUT/DELETE /notes/{id},"
        + " GET /health, GET /digest).")
final class NotesCommand implements Callable<Integer> {

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Option(names = "--host", defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for all).")
  String host;

  @Option(names = "--port", defaultValue = "8080",
      description = "Port to listen on, 0 for any free port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--data-dir", defaultValue = "notes-data",
      description = "Directory holding this node's notes, one JSON file each"
          + " (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--spawn-config",
      description = "Spawn configuration file (JSON): run as one node of a replicated cluster,"
          + " with Spawn's filter in front of the app.")
  Path spawnConfig;

  /** The options these arguments describe. */
  NotesApp.Options options() {
    NotesApp.Options.Builder builder = NotesApp.Options.builder()
        .host(host)
        .port(port)
        .dataDir(dataDir);
    if (spawnConfig != null) {
      builder.spawnConfig(spawnConfig);
    }
    return builder.build();
  }

  @Override
  public Integer call() throws Exception {
    NotesApp.Options options = options();
    // With a Spawn config the app runs as one node of a cluster; without, on its own.
    Server server = options.spawnConfig().isPresent()
        ? ReplicatedApp.start(options).server()
        : NotesApp.start(options);
    server.setStopAtShutdown(true);
    // The one line a person starting the app looks for (stdout, not a log, so it is always shown).
    System.out.println("Notes app listening on " + NotesApp.baseUri(server) + "notes (data dir "
        + options.dataDir().toAbsolutePath() + ")");
    server.join();
    return 0;
  }
}
