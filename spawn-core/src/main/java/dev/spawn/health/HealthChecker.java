package dev.spawn.health;

import dev.spawn.Node;
import dev.spawn.NodeEvent;
import dev.spawn.NodeRegistry;
import dev.spawn.config.HealthCheckConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.io.CloseMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the health of every active node of a {@link NodeRegistry} over HTTP and keeps each one's
 * {@link HealthState}, with rise/fall thresholds so that one blip does not flap it.
 *
 * <p>The checker follows the registry: a node that is added (or made active) is checked from then
 * on, a node that is removed (or made inactive) is no longer checked and becomes {@link
 * HealthState#UNKNOWN}. Nodes in maintenance are still checked, so their state is known when the
 * maintenance ends. A new node starts {@link HealthState#HEALTHY}: writes flow to it at once, and
 * if it is in fact dead the first delivery that cannot connect says so through {@link
 * #reportFailure}, faster than {@code fall} checks would. Each node is checked once per {@link
 * HealthCheckConfig#interval()}, first one interval after it is followed. A {@link dev.spawn.Spawn}
 * makes its checker from {@link dev.spawn.SpawnConfig#healthCheck()}; the same settings type
 * serves a checker built by hand.
 *
 * <pre>{@code
 * try (HealthChecker health = HealthChecker.builder(registry)
 *     .settings(HealthCheckConfig.builder().url("/health").regexp("\"status\":\"UP\"").build())
 *     .build()) {
 *   health.checkNow();                 // optional: know the truth before serving
 *   boolean ok = health.isHealthy("10.0.0.2:8080");
 * }
 * }</pre>
 *
 * <p>Thread-safe. Close it to stop the checks; it then shuts down the scheduler and HTTP client it
 * made itself, never ones it was given.
 */
public final class HealthChecker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(HealthChecker.class);

  private final NodeRegistry registry;
  private final HealthCheckConfig settings;
  private final CloseableHttpClient client;
  private final boolean ownsClient;
  private final ScheduledExecutorService scheduler;
  private final boolean ownsScheduler;
  private final HealthProbe probe;
  private final Map<String, NodeHealth> followed = new ConcurrentHashMap<>();
  private final List<HealthListener> listeners = new CopyOnWriteArrayList<>();
  private final EventQueue events = new EventQueue(this::tell);
  private final Object followLock = new Object();
  private volatile boolean closed;
  private AutoCloseable registration; // guarded by followLock

  private HealthChecker(Builder b) {
    this.registry = b.registry;
    this.settings = b.settings;
    this.ownsClient = b.httpClient == null;
    this.client = ownsClient ? HealthProbe.newClient(settings, b.sslContext) : b.httpClient;
    this.ownsScheduler = b.scheduler == null;
    this.scheduler = ownsScheduler ? newScheduler() : b.scheduler;
    this.probe = new HealthProbe(client, settings, b.nanoTime);
  }

  /** A builder for a checker of the nodes in this registry. */
  public static Builder builder(NodeRegistry registry) {
    return new Builder(registry);
  }

  private void start() {
    synchronized (followLock) {
      // Listen first, then read: a change made in between is seen twice, which is harmless.
      registration = registry.addListener(this::onNodeEvent);
      registry.all().stream().filter(Node::active).forEach(this::follow);
    }
    events.drain();
  }

  /** The settings the checks use. */
  public HealthCheckConfig settings() {
    return settings;
  }

  /** The node's state; {@link HealthState#UNKNOWN} when it is not checked. */
  public HealthState state(String nodeId) {
    NodeHealth health = followed.get(Objects.requireNonNull(nodeId, "nodeId"));
    return health == null ? HealthState.UNKNOWN : health.state();
  }

  /** Whether the node is checked and {@link HealthState#HEALTHY}. */
  public boolean isHealthy(String nodeId) {
    return state(nodeId) == HealthState.HEALTHY;
  }

  /** The state of every checked node, in priority order: an immutable snapshot. */
  public Map<String, HealthState> states() {
    Map<String, HealthState> states = new LinkedHashMap<>();
    for (Node node : registry.all()) {
      NodeHealth health = followed.get(node.id());
      if (health != null && !health.isStopped()) {
        states.put(node.id(), health.state());
      }
    }
    return Collections.unmodifiableMap(states);
  }

  /**
   * Checks every followed node now, one after the other on the calling thread, and counts the
   * results as scheduled checks would.
   *
   * @return the states afterwards, as {@link #states()}
   * @throws IllegalStateException when the checker is closed
   */
  public Map<String, HealthState> checkNow() {
    if (closed) {
      throw new IllegalStateException("the health checker is closed; build a new one");
    }
    for (Node node : registry.all()) {
      NodeHealth health = followed.get(node.id());
      if (health != null) {
        check(health);
      }
    }
    return states();
  }

  /**
   * Marks a node unhealthy at once because a delivery to it could not connect or timed out. Only
   * {@code rise} successful checks that start after this call bring it back. Call it for those
   * failures only: a node that answered, even with a 5xx, is reachable. Unknown nodes are ignored.
   */
  public void reportFailure(String nodeId, Exception cause) {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(cause, "cause");
    NodeHealth health = followed.get(nodeId);
    if (health == null) {
      log.debug("Ignored a delivery failure of {}: it is not health-checked", nodeId);
      return;
    }
    health.reportedFailure(
        "delivery failed: " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
    events.drain();
  }

  /**
   * Registers a listener told of every change of state, per node in the order they happened.
   *
   * @return a handle that removes the listener when closed
   */
  public AutoCloseable addListener(HealthListener listener) {
    Objects.requireNonNull(listener, "listener");
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** Stops every check and stops following the registry. Idempotent. */
  @Override
  public void close() {
    synchronized (followLock) {
      if (closed) {
        return;
      }
      closed = true;
      try {
        registration.close();
      } catch (Exception e) {
        log.warn("Could not stop following the node registry", e);
      }
      followed.values().forEach(h -> h.stop(false, "checker closed"));
      followed.clear();
    }
    if (ownsScheduler) {
      scheduler.shutdownNow();
    }
    if (ownsClient) {
      client.close(CloseMode.IMMEDIATE); // aborts a check in flight rather than waiting for it
    }
  }

  private void onNodeEvent(NodeEvent event) {
    synchronized (followLock) {
      if (closed) {
        return;
      }
      Node after = event.after();
      if (after != null && after.active()) {
        follow(after);
      } else {
        unfollow(event.nodeId(), after == null ? "node removed" : "node made inactive");
      }
    }
    events.drain();
  }

  private void follow(Node node) {
    NodeHealth existing = followed.get(node.id());
    if (existing != null) {
      existing.update(node);
      return;
    }
    NodeHealth health = new NodeHealth(node, events);
    followed.put(node.id(), health);
    health.started();
    long interval = settings.interval().toNanos();
    try {
      health.schedule(
          scheduler.scheduleWithFixedDelay(
              () -> scheduledCheck(health), interval, interval, TimeUnit.NANOSECONDS));
    } catch (RejectedExecutionException e) {
      log.error("The scheduler refused the health checks of {}; it is not checked", node.id(), e);
    }
  }

  private void unfollow(String nodeId, String reason) {
    NodeHealth health = followed.remove(nodeId);
    if (health != null) {
      health.stop(true, reason);
    }
  }

  private void scheduledCheck(NodeHealth health) {
    try {
      check(health);
    } catch (RuntimeException e) {
      // Thrown out of a periodic task, it would silently end the node's checks.
      log.error("Health check of {} failed unexpectedly", health.id(), e);
    }
  }

  private void check(NodeHealth health) {
    health.checking.lock();
    try {
      if (health.isStopped()) {
        return;
      }
      long epoch = health.epoch();
      ProbeResult result = probe.probe(health.node());
      if (!result.healthy()) {
        log.debug("Health check of {} failed: {}", health.id(), result.reason());
      }
      health.checked(epoch, result, settings);
    } finally {
      health.checking.unlock();
    }
    events.drain();
  }

  private void tell(Transition t) {
    if (t.to() == HealthState.UNHEALTHY) {
      log.warn("Node {} is unhealthy: {}", t.nodeId(), t.reason());
    } else if (t.from() == HealthState.UNKNOWN) {
      log.info("Health checks of node {} started; healthy until they fail", t.nodeId());
    } else if (t.to() == HealthState.HEALTHY) {
      log.info("Node {} is healthy again: {}", t.nodeId(), t.reason());
    } else {
      log.info("Health checks of node {} stopped: {}", t.nodeId(), t.reason());
    }
    for (HealthListener listener : listeners) {
      try {
        listener.stateChanged(t.nodeId(), t.from(), t.to());
      } catch (RuntimeException e) {
        log.error("Health listener failed on {} {} -> {}", t.nodeId(), t.from(), t.to(), e);
      }
    }
  }

  private static ScheduledExecutorService newScheduler() {
    AtomicInteger count = new AtomicInteger();
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            4,
            r -> {
              Thread t = new Thread(r, "spawn-health-" + count.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }

  /** Builds a {@link HealthChecker}; setters check their values at once. Not thread-safe. */
  public static final class Builder {
    private final NodeRegistry registry;
    private HealthCheckConfig settings = HealthCheckConfig.DEFAULT;
    private CloseableHttpClient httpClient;
    private SSLContext sslContext;
    private ScheduledExecutorService scheduler;
    private LongSupplier nanoTime = System::nanoTime;

    private Builder(NodeRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** The check settings; {@link HealthCheckConfig#DEFAULT} unless set. */
    public Builder settings(HealthCheckConfig settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /**
     * The HTTP client to check with; the caller keeps owning it (the checker never closes it). Its
     * connect timeout and TLS setup are used as they are; redirects are never followed and the
     * response timeout is the settings' timeout whatever the client's defaults say. Unless set,
     * the checker builds a pooled client from the settings.
     */
    public Builder httpClient(CloseableHttpClient httpClient) {
      this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
      return this;
    }

    /** The TLS setup for {@code https} nodes (trust store, key store) of the client it builds. */
    public Builder sslContext(SSLContext sslContext) {
      this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
      return this;
    }

    /**
     * The scheduler that runs the periodic checks; the caller keeps owning it. A check holds one of
     * its threads for up to the timeout, so give it threads to spare. Unless set, the checker makes
     * one with four daemon threads and shuts it down on close.
     */
    public Builder scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /** The monotonic clock that times checks, in nanoseconds; {@code System::nanoTime} unless set. */
    public Builder nanoTime(LongSupplier nanoTime) {
      this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
      return this;
    }

    /**
     * A running checker: it follows the registry and schedules checks of its active nodes.
     *
     * @throws IllegalStateException when both an HTTP client and an SSL context were given
     */
    public HealthChecker build() {
      if (httpClient != null && sslContext != null) {
        throw new IllegalStateException(
            "sslContext applies only to the HTTP client the checker builds; configure TLS on the"
                + " httpClient you gave, or give no httpClient");
      }
      HealthChecker checker = new HealthChecker(this);
      checker.start();
      return checker;
    }
  }
}
