package dev.spawn.examples.chaos;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One node of the chaos cluster: the example notes app with Spawn in a child JVM, always on the
 * same port, data directory and journal, so that a restart is the same node coming back. Its
 * output goes to {@code node.log} in its directory. Thread-safe: start, kill and stop are
 * serialised; the incarnation (how many times it was started) can be read at any time.
 */
final class ChildNode {

  private final int index;
  private final int port;
  private final Path dir;
  private final List<String> command;
  private final AtomicInteger incarnation = new AtomicInteger();
  /** Incarnations that ended with SIGKILL. */
  private final Set<Integer> killed = ConcurrentHashMap.newKeySet();
  private volatile Process process;

  ChildNode(int index, int port, Path dir, String classpath, String mainClass) {
    this.index = index;
    this.port = port;
    this.dir = dir;
    List<String> c = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        // Small and quick to start: three of these share two cores with the clients.
        "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-Dorg.slf4j.simpleLogger.showDateTime=true",
        "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS"));
    if (Runtime.version().feature() >= 22) {
      c.add("--enable-native-access=ALL-UNNAMED");
    }
    c.addAll(List.of("-cp", classpath, mainClass,
        "--host", "127.0.0.1", "--port", Integer.toString(port),
        "--data-dir", dir.resolve("data").toString(),
        "--spawn-config", config().toString()));
    this.command = List.copyOf(c);
  }

  int index() {
    return index;
  }

  int port() {
    return port;
  }

  /** The node's id as its peers know it. */
  String id() {
    return "127.0.0.1:" + port;
  }

  Path config() {
    return dir.resolve("spawn.json");
  }

  Path log() {
    return dir.resolve("node.log");
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /** How many times it was started; the current (or last) run's number. */
  int incarnation() {
    return incarnation.get();
  }

  /** Whether incarnation {@code n} ended with SIGKILL. */
  boolean wasKilled(int n) {
    return killed.contains(n);
  }

  boolean alive() {
    Process p = process;
    return p != null && p.isAlive();
  }

  /** The last incarnation's exit code; -1 while it runs or before the first start. */
  int exitCode() {
    Process p = process;
    return p == null || p.isAlive() ? -1 : p.exitValue();
  }

  /** Waits until the process ends by itself; false if it still runs after {@code seconds}. */
  boolean awaitExit(long seconds) throws InterruptedException {
    Process p = process;
    return p == null || p.waitFor(seconds, TimeUnit.SECONDS);
  }

  /** Starts the next incarnation on the same port, data and journal. */
  synchronized void start() throws IOException {
    if (alive()) {
      throw new IllegalStateException("node " + index + " is already running");
    }
    int n = incarnation.incrementAndGet();
    note("start, incarnation " + n);
    process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
        .start();
  }

  /** SIGKILL without waiting or locking: for a shutdown hook, whatever else is going on. */
  void destroyNow() {
    Process p = process;
    if (p != null) {
      p.destroyForcibly();
    }
  }

  /** SIGKILL, then waits until the process is gone. */
  synchronized void kill() throws InterruptedException {
    Process p = process;
    if (p == null || !p.isAlive()) {
      return;
    }
    // Recorded first: a write in flight may fail the very moment the signal lands.
    killed.add(incarnation.get());
    p.destroyForcibly();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("node " + index + " did not die within 30 s of SIGKILL");
    }
    note("killed with SIGKILL, incarnation " + incarnation.get());
  }

  /**
   * SIGTERM (Jetty stops gracefully, then Spawn closes) and waits up to 30 s; returns the exit
   * code, or -1 when it had to be killed after all.
   */
  synchronized int stop() throws InterruptedException {
    Process p = process;
    if (p == null || !p.isAlive()) {
      return p == null ? -1 : p.exitValue();
    }
    p.destroy();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      killed.add(incarnation.get());
      p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      note("did not stop within 30 s of SIGTERM: killed, incarnation " + incarnation.get());
      return -1;
    }
    note("stopped with SIGTERM (exit " + p.exitValue() + "), incarnation " + incarnation.get());
    return p.exitValue();
  }

  /** Marks the node's log, so its lines can be matched with the run's events. */
  private void note(String what) {
    try {
      Files.writeString(log(), "=== chaos " + Instant.now() + " node " + index + ": " + what
          + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      // Only a marker; the run goes on without it.
    }
  }
}
