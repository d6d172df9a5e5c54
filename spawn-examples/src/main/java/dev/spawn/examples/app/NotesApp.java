package dev.spawn.examples.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.ServletMapping;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * The launcher of the example notes app: an embedded Jetty server with the notes API at
 * {@code /notes}, {@code /health} and {@code /digest}, its data in one directory. Thread-safe (it
 * holds no state).
 *
 * <p>Replication is added from outside: {@link Options.Builder#filter} installs a filter (such
 * as Spawn's) in front of everything, and {@link Options.Builder#servlet} mounts more servlets
 * (such as Spawn's admin API at {@code /spawn/*}) behind those filters. {@link ReplicatedApp} does
 * exactly that from a Spawn config file ({@code --spawn-config} on the command line).
 *
 * <pre>{@code
 * Server server = NotesApp.start(NotesApp.Options.builder()
 *     .dataDir(Path.of("data/node1"))
 *     .port(0)
 *     .build());
 * URI base = NotesApp.baseUri(server); // e.g. http://127.0.0.1:41234/
 * }</pre>
 */
public final class NotesApp {

  private static final Logger log = LoggerFactory.getLogger(NotesApp.class);

  private NotesApp() {}

  /**
   * Starts the app and returns the running server; stop it with {@link Server#stop()}.
   *
   * @throws IOException if the data directory cannot be read or the port cannot be bound
   * @throws IllegalStateException if a note file is damaged, or Jetty fails to start otherwise
   */
  public static Server start(Options options) throws IOException {
    Objects.requireNonNull(options, "options");
    ObjectMapper mapper = new ObjectMapper();
    JsonReplies json = new JsonReplies(mapper);
    NoteStore store = NoteStore.open(options.dataDir(), mapper);

    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost(options.host());
    connector.setPort(options.port());
    server.addConnector(connector);

    ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
    context.setContextPath("/");
    context.addServlet(new ServletHolder("notes", new NotesServlet(store, json, options.clock())),
        NotesServlet.PATH + "/*");
    ServletHolder status = new ServletHolder("status", new StatusServlet(store, json));
    context.getServletHandler().addServlet(status);
    ServletMapping statusPaths = new ServletMapping();
    statusPaths.setServletName(status.getName());
    statusPaths.setPathSpecs(new String[] {StatusServlet.HEALTH, StatusServlet.DIGEST});
    context.getServletHandler().addServletMapping(statusPaths);
    options.servlets().forEach(
        (path, servlet) -> context.addServlet(new ServletHolder(servlet), path));
    // Filters wrap every servlet, the extra ones included: Spawn's admin API is replicated too.
    // ASYNC as well as REQUEST, so a filter also sees the re-dispatch of an async request.
    // Jetty caches a filter chain per request path (1,024 of them, then it starts over); with an
    // id in every write's path the cache only churns, so build the (short) chain each time.
    context.getServletHandler().setFilterChainsCached(false);
    options.filters().forEach(filter -> context.addFilter(new FilterHolder(filter), "/*",
        EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC)));
    server.setHandler(context);

    try {
      server.start();
    } catch (Exception e) {
      stopQuietly(server);
      if (e instanceof IOException io) {
        throw new IOException("could not listen on " + options.host() + ":" + options.port()
            + " (" + io.getMessage() + "); choose another --port or stop what uses it", io);
      }
      throw new IllegalStateException("notes app failed to start: " + e.getMessage(), e);
    }
    log.info("Notes app listening on {} with data in {}", baseUri(server), options.dataDir());
    return server;
  }

  /** The base URI a started server answers on, such as {@code http://127.0.0.1:8080/}. */
  public static URI baseUri(Server server) {
    ServerConnector connector = (ServerConnector) server.getConnectors()[0];
    String host = connector.getHost() == null ? "0.0.0.0" : connector.getHost();
    if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + connector.getLocalPort() + "/");
  }

  /** Runs the app from the command line; {@code --help} lists the options. */
  public static void main(String[] args) {
    int code = new CommandLine(new NotesCommand())
        // The messages say what to change; a stack trace would only bury them.
        .setExecutionExceptionHandler((e, command, parsed) -> {
          command.getErr().println("error: " + e.getMessage());
          return e instanceof IllegalArgumentException ? CommandLine.ExitCode.USAGE : 1;
        })
        .execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  private static void stopQuietly(Server server) {
    try {
      server.stop();
    } catch (Exception e) {
      log.debug("Stopping a server that failed to start also failed", e);
    }
  }

  /**
   * What {@link #start} needs: where to listen, where the data lives, and what to add in front of
   * (filters) or beside (servlets) the app. Immutable and thread-safe; made by a {@link Builder}.
   */
  public static final class Options {

    private final String host;
    private final int port;
    private final Path dataDir;
    private final List<Filter> filters;
    private final Map<String, Servlet> servlets;
    private final Path spawnConfig;
    private final Clock clock;

    private Options(Builder b) {
      this.host = b.host;
      this.port = b.port;
      this.dataDir = b.dataDir;
      this.filters = List.copyOf(b.filters);
      this.servlets = Collections.unmodifiableMap(new LinkedHashMap<>(b.servlets));
      this.spawnConfig = b.spawnConfig;
      this.clock = b.clock;
    }

    /** A builder for 127.0.0.1:8080 with no filters or servlets; the data dir is required. */
    public static Builder builder() {
      return new Builder();
    }

    public String host() {
      return host;
    }

    /** The port; 0 means any free port (read it back with {@link NotesApp#baseUri}). */
    public int port() {
      return port;
    }

    public Path dataDir() {
      return dataDir;
    }

    /** Filters in front of every servlet, outermost first. */
    public List<Filter> filters() {
      return filters;
    }

    /** Extra servlets by path spec (such as {@code /spawn/*}), in the order they were added. */
    public Map<String, Servlet> servlets() {
      return servlets;
    }

    /**
     * The Spawn configuration file given on the command line. The app itself never reads it:
     * {@link ReplicatedApp#start} builds Spawn from it and installs its filter in front of the app.
     */
    public Optional<Path> spawnConfig() {
      return Optional.ofNullable(spawnConfig);
    }

    /** The clock for writes that carry no Spawn origin time (running without Spawn). */
    public Clock clock() {
      return clock;
    }

    /** Builds {@link Options}; each setter checks its value at once. Not thread-safe. */
    public static final class Builder {

      private String host = "127.0.0.1";
      private int port = 8080;
      private Path dataDir;
      private final List<Filter> filters = new ArrayList<>();
      private final Map<String, Servlet> servlets = new LinkedHashMap<>();
      private Path spawnConfig;
      private Clock clock = Clock.systemUTC();

      private Builder() {}

      /** The address to listen on, such as {@code 127.0.0.1} or {@code 0.0.0.0}. */
      public Builder host(String host) {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
          throw new IllegalArgumentException(
              "host must not be blank; use 0.0.0.0 for every address");
        }
        this.host = host;
        return this;
      }

      /** The port, 0..65535; 0 picks a free one. */
      public Builder port(int port) {
        if (port < 0 || port > 65535) {
          throw new IllegalArgumentException(
              "port must be 0..65535 (0 = any free port), was " + port);
        }
        this.port = port;
        return this;
      }

      /** The directory of this node's notes, created if missing. Required. */
      public Builder dataDir(Path dataDir) {
        this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
        return this;
      }

      /** Adds a filter for requests and async dispatches to all servlets; the first runs first. */
      public Builder filter(Filter filter) {
        filters.add(Objects.requireNonNull(filter, "filter"));
        return this;
      }

      /** Mounts an extra servlet at a path spec such as {@code /spawn/*}. */
      public Builder servlet(String pathSpec, Servlet servlet) {
        Objects.requireNonNull(pathSpec, "pathSpec");
        Objects.requireNonNull(servlet, "servlet");
        if (!pathSpec.startsWith("/")) {
          throw new IllegalArgumentException("pathSpec must start with '/', such as /spawn/*, was '"
              + pathSpec + "'");
        }
        if (pathSpec.equals("/notes") || pathSpec.startsWith("/notes/")
            || pathSpec.equals(StatusServlet.HEALTH) || pathSpec.equals(StatusServlet.DIGEST)) {
          throw new IllegalArgumentException("pathSpec '" + pathSpec
              + "' is the app's own; mount the servlet elsewhere, such as /spawn/*");
        }
        if (servlets.putIfAbsent(pathSpec, servlet) != null) {
          throw new IllegalArgumentException("pathSpec '" + pathSpec + "' already has a servlet");
        }
        return this;
      }

      /** The Spawn configuration file, for {@link ReplicatedApp#start}. */
      public Builder spawnConfig(Path spawnConfig) {
        this.spawnConfig = Objects.requireNonNull(spawnConfig, "spawnConfig");
        return this;
      }

      /** The clock for writes without a Spawn origin time; the system clock by default. */
      public Builder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
      }

      /**
       * The options.
       *
       * @throws IllegalStateException if no data dir was set
       */
      public Options build() {
        if (dataDir == null) {
          throw new IllegalStateException("dataDir was not set; call dataDir(path) before build()");
        }
        return new Options(this);
      }
    }
  }
}
