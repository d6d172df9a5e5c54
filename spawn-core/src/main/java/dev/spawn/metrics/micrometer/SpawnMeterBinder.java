package dev.spawn.metrics.micrometer;

import dev.spawn.NodeEvent;
import dev.spawn.Spawn;
import dev.spawn.delivery.PeerState;
import dev.spawn.delivery.PeerStatus;
import dev.spawn.metrics.NodeStats;
import dev.spawn.metrics.Operation;
import dev.spawn.metrics.SpawnMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds Spawn's per-node meters to Micrometer registries, tagged {@code node=<host:port>}. Meters
 * appear when a node is added to the registry and disappear when it is removed.
 *
 * <ul>
 *   <li>{@code spawn.requests} (counter; tags {@code operation} get/set/delete, {@code result}
 *       success/failure/queued): the Go service's table
 *   <li>{@code spawn.deliveries} (counter), {@code spawn.delivery.latency.mean} and {@code .max}
 *       (time gauges): updates delivered to the node
 *   <li>{@code spawn.queue.depth}, {@code spawn.queue.oldest.age}, {@code spawn.queue.state} (tag
 *       {@code state}, 1 for the current one): the node's delivery queue
 *   <li>{@code spawn.node.active}, {@code spawn.node.maintenance} (1 or 0)
 * </ul>
 *
 * <p>Meters read Spawn's counters when the registry asks, so counting costs nothing extra. {@link
 * #close()} stops following the registry and removes every meter it added. Thread-safe.
 */
public final class SpawnMeterBinder implements MeterBinder, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SpawnMeterBinder.class);

  private final Spawn spawn;
  private final Map<MeterRegistry, Binding> bindings = new HashMap<>();
  private boolean closed;

  /** A binder for this Spawn's nodes. */
  public SpawnMeterBinder(Spawn spawn) {
    this.spawn = Objects.requireNonNull(spawn, "spawn");
  }

  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    if (closed) {
      throw new IllegalStateException("this SpawnMeterBinder was closed; make a new one");
    }
    if (bindings.containsKey(registry)) {
      return;
    }
    Binding b = new Binding(registry);
    bindings.put(registry, b);
    // Listen first, then add the nodes already there: a node added in between is not missed
    // (adding is idempotent).
    b.listener = spawn.nodes().addListener(b::onEvent);
    spawn.nodes().all().forEach(n -> b.add(n.id()));
  }

  /** Stops following the node registry and removes every meter this binder added. */
  @Override
  public synchronized void close() {
    closed = true;
    bindings.values().forEach(Binding::close);
    bindings.clear();
  }

  /** The meters of one registry, by node id. */
  private final class Binding {
    private final MeterRegistry registry;
    private final Map<String, List<Meter>> meters = new HashMap<>();
    private AutoCloseable listener;

    Binding(MeterRegistry registry) {
      this.registry = registry;
    }

    void onEvent(NodeEvent e) {
      switch (e.kind()) {
        case ADDED -> add(e.nodeId());
        case REMOVED -> remove(e.nodeId());
        case UPDATED -> {} // gauges read the registry live
      }
    }

    synchronized void add(String id) {
      if (meters.containsKey(id)) {
        return;
      }
      Tags tags = Tags.of("node", id);
      SpawnMetrics m = spawn.metrics();
      List<Meter> list = new ArrayList<>();
      for (SpawnMetrics.Result result : SpawnMetrics.Result.values()) {
        for (Operation op : Operation.values()) {
          list.add(
              FunctionCounter.builder("spawn.requests", m, x -> count(x.snapshot(id), result, op))
                  .tags(tags.and("operation", lower(op), "result", lower(result)))
                  .description("Requests per node, as in the Go service's metrics table")
                  .register(registry));
        }
      }
      list.add(
          FunctionCounter.builder("spawn.deliveries", m, x -> x.snapshot(id).deliveries())
              .tags(tags)
              .description("Updates delivered to the node")
              .register(registry));
      list.add(
          timeGauge(
              "spawn.delivery.latency.mean",
              id,
              tags,
              "Mean time from first attempt to ack",
              NodeStats::meanDeliveryMillis));
      list.add(
          timeGauge(
              "spawn.delivery.latency.max",
              id,
              tags,
              "Longest time from first attempt to ack",
              NodeStats::maxDeliveryMillis));
      list.add(
          gauge(
              "spawn.queue.depth",
              tags,
              "Updates waiting for the node",
              sp -> queue(sp, id).map(PeerStatus::depth).orElse(0L)));
      list.add(
          TimeGauge.builder(
                  "spawn.queue.oldest.age",
                  spawn,
                  TimeUnit.MILLISECONDS,
                  sp -> queue(sp, id).map(PeerStatus::oldestAgeMillis).orElse(0L))
              .tags(tags)
              .description("Age of the oldest update waiting for the node")
              .strongReference(true)
              .register(registry));
      for (PeerState state : PeerState.values()) {
        list.add(
            gauge(
                "spawn.queue.state",
                tags.and("state", lower(state)),
                "1 for the state the node's delivery is in",
                sp -> queue(sp, id).map(q -> q.state() == state ? 1 : 0).orElse(0)));
      }
      list.add(
          gauge("spawn.node.active", tags, "1 when the node is active", sp -> flag(sp, id, true)));
      list.add(
          gauge(
              "spawn.node.maintenance",
              tags,
              "1 when the node is in maintenance",
              sp -> flag(sp, id, false)));
      meters.put(id, list);
    }

    synchronized void remove(String id) {
      List<Meter> list = meters.remove(id);
      if (list != null) {
        list.forEach(registry::remove);
      }
    }

    synchronized void close() {
      try {
        if (listener != null) {
          listener.close();
        }
      } catch (Exception e) {
        log.debug("Removing the node listener failed", e);
      }
      new ArrayList<>(meters.keySet()).forEach(this::remove);
    }

    private Meter gauge(String name, Tags tags, String help, ToDoubleFunction<Spawn> f) {
      return Gauge.builder(name, spawn, f)
          .tags(tags)
          .description(help)
          .strongReference(true)
          .register(registry);
    }

    private Meter timeGauge(
        String name, String id, Tags tags, String help, ToDoubleFunction<NodeStats> millis) {
      return TimeGauge.builder(
              name,
              spawn.metrics(),
              TimeUnit.MILLISECONDS,
              m -> millis.applyAsDouble(m.snapshot(id)))
          .tags(tags)
          .description(help)
          .strongReference(true)
          .register(registry);
    }
  }

  private static double count(NodeStats s, SpawnMetrics.Result result, Operation op) {
    NodeStats.Counts c =
        switch (result) {
          case SUCCESS -> s.success();
          case FAILURE -> s.failure();
          case QUEUED -> s.queued();
        };
    return switch (op) {
      case GET -> c.get();
      case SET -> c.set();
      case DELETE -> c.delete();
    };
  }

  private static Optional<PeerStatus> queue(Spawn sp, String id) {
    return sp.queue(id);
  }

  private static double flag(Spawn sp, String id, boolean active) {
    return sp.nodes().get(id).map(n -> (active ? n.active() : n.maintenance()) ? 1 : 0).orElse(0);
  }

  private static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
