package dev.spawn.servlet.admin;

import dev.spawn.Node;
import dev.spawn.Spawn;
import dev.spawn.metrics.NodeStats;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code GET /metrics} (the Go service's per-node text table, or JSON) and {@code GET
 * /metrics/prometheus}. Thread-safe.
 */
final class MetricsHandlers {

  static final String TEXT = "text/plain; charset=utf-8";
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final Spawn spawn;
  private final Supplier<String> scrape;

  /**
   * @param scrape the Prometheus text, or null when Micrometer's Prometheus registry is absent
   */
  MetricsHandlers(Spawn spawn, Supplier<String> scrape) {
    this.spawn = spawn;
    this.scrape = scrape;
  }

  Reply metrics(Exchange x) {
    String format = x.query("format").map(f -> f.toLowerCase(Locale.ROOT)).orElse(null);
    boolean json;
    if (format == null) {
      String accept = x.header("Accept");
      json = accept != null && accept.toLowerCase(Locale.ROOT).contains("application/json");
    } else if (format.equals("json") || format.equals("text")) {
      json = format.equals("json");
    } else {
      throw ApiError.badRequest(
          "Could not recognize format parameter: it must be json or text, was '"
              + Json.shorten(format, 20)
              + "'",
          "GET /metrics?format=json, or send 'Accept: application/json'");
    }
    List<NodeStats> stats = stats();
    return json ? Reply.results(200, stats) : Reply.text(200, TEXT, table(stats));
  }

  Reply prometheus(Exchange x) {
    if (scrape == null) {
      throw new ApiError(
          404,
          "Prometheus metrics are not available",
          "add io.micrometer:micrometer-registry-prometheus to the application's classpath"
              + " (with micrometer-core) and restart");
    }
    return Reply.text(200, PROMETHEUS_TEXT, scrape.get());
  }

  /** Every registered node (zeros when it has no counters yet), then any other node counted. */
  private List<NodeStats> stats() {
    Set<String> ids = new LinkedHashSet<>();
    for (Node n : spawn.nodes().all()) {
      ids.add(n.id());
    }
    for (NodeStats s : spawn.metrics().snapshot()) {
      ids.add(s.nodeId());
    }
    List<NodeStats> out = new ArrayList<>();
    for (String id : ids) {
      out.add(spawn.metrics().snapshot(id));
    }
    return out;
  }

  static String table(List<NodeStats> stats) {
    if (stats.isEmpty()) {
      return "No nodes.\n";
    }
    String rule = "+-----------------+-----------------+-----------------+-----------------+\n";
    StringBuilder out = new StringBuilder();
    for (NodeStats s : stats) {
      out.append('\n').append(s.nodeId()).append('\n').append(rule);
      out.append(
          String.format("| %-15s | %15s | %15s | %15s |%n", "requests", "get", "set", "delete"));
      out.append(rule);
      row(out, "success", s.success());
      row(out, "failure", s.failure());
      row(out, "queued", s.queued());
      out.append(rule);
    }
    return out.toString();
  }

  private static void row(StringBuilder out, String name, NodeStats.Counts c) {
    out.append(
        String.format("| %-15s | %15d | %15d | %15d |%n", name, c.get(), c.set(), c.delete()));
  }
}
