package dev.spawn.examples.chaos;

import dev.spawn.examples.app.NotesApp;
import dev.spawn.examples.app.ReplicatedApp;
import dev.spawn.mirror.MirrorHeaders;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.eclipse.jetty.server.Server;

/**
 * A notes node (same options as {@code NotesApp}: {@code --host --port --data-dir
 * --spawn-config}) with {@link Halt} behind the Spawn filter: it crashes the JVM at the exact
 * moment after the app applied a write and before Spawn recorded it, to show what that window
 * does. Run as a child JVM by {@code CrashWindowIT}.
 */
public final class HaltingNode {

  /** The request header that asks for the crash: {@code origin} or {@code receiver}. */
  static final String HEADER = "X-Chaos-Halt";
  /** In the data dir: one line per replicated write the app ran that carried {@link #HEADER}. */
  static final String APPLIED_LOG = "applied.log";

  private HaltingNode() {}

  public static void main(String[] args) throws Exception {
    NotesApp.Options.Builder b = NotesApp.Options.builder();
    Path data = null;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--host" -> b.host(args[i + 1]);
        case "--port" -> b.port(Integer.parseInt(args[i + 1]));
        case "--data-dir" -> b.dataDir(data = Path.of(args[i + 1]));
        case "--spawn-config" -> b.spawnConfig(Path.of(args[i + 1]));
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Server server = ReplicatedApp.start(b.filter(new Halt(data)).build()).server();
    server.setStopAtShutdown(true);
    server.join();
  }

  /**
   * Runs after the app, inside the Spawn filter. With {@code X-Chaos-Halt: origin}, a write sent
   * by a client halts the JVM once the app has answered, before Spawn journals it. With {@code
   * X-Chaos-Halt: receiver}, a replicated write is logged to {@link #APPLIED_LOG} each time the
   * app runs it, and the first time halts the JVM before Spawn commits its high-water mark.
   */
  static final class Halt implements Filter {
    private final Path dir;

    Halt(Path dir) {
      this.dir = dir;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
        throws IOException, ServletException {
      chain.doFilter(req, res);
      HttpServletRequest request = (HttpServletRequest) req;
      String mode = request.getHeader(HEADER);
      boolean replicated = req.getAttribute(MirrorHeaders.ATTR_REPLICATED) != null;
      if ("origin".equals(mode) && !replicated) {
        Runtime.getRuntime().halt(137);
      }
      if ("receiver".equals(mode) && replicated) {
        String id = String.valueOf(req.getAttribute(MirrorHeaders.ATTR_SPAWN_ID));
        append(APPLIED_LOG, id + " " + request.getRequestURI() + "\n");
        Path once = dir.resolve("halted-" + id);
        if (!Files.exists(once)) {
          append(once.getFileName().toString(), "halted\n");
          Runtime.getRuntime().halt(137);
        }
      }
    }

    /** Appends and syncs, so the line survives the halt that may follow. */
    private void append(String file, String line) throws IOException {
      try (FileChannel ch = FileChannel.open(dir.resolve(file), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
        ch.write(java.nio.ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
        ch.force(true);
      }
    }
  }
}
