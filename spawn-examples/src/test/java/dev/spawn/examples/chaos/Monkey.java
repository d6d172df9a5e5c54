package dev.spawn.examples.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The chaos: every few seconds one of SIGKILL a node (restarted on the same data and journal after
 * a pause), SIGTERM a node (restarted likewise), or put a node in maintenance through some node's
 * admin API (taken out again after a pause). Only nodes that serve are broken, and at least one
 * node is always left serving. The first
 * three actions are one of each kind, so even a short run does all three. Thread-safe: everything
 * runs on one scheduler thread.
 */
final class Monkey {

  enum Action { KILL, STOP, MAINTENANCE }

  private final ChaosCluster cluster;
  private final Random random;
  private final Duration minPause;
  private final Duration maxPause;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final List<Action> opening = new ArrayList<>(List.of(Action.values()));
  private final Queue<String> events = new ConcurrentLinkedQueue<>();
  private final Queue<String> errors = new ConcurrentLinkedQueue<>();
  final AtomicInteger kills = new AtomicInteger();
  final AtomicInteger stops = new AtomicInteger();
  final AtomicInteger restarts = new AtomicInteger();
  final AtomicInteger maintenanceRounds = new AtomicInteger();
  final AtomicInteger adminRefused = new AtomicInteger();
  private final Instant started = Instant.now();
  private volatile boolean stopping;

  Monkey(ChaosCluster cluster, long seed, Duration minPause, Duration maxPause) {
    this.cluster = cluster;
    this.random = new Random(seed);
    this.minPause = minPause;
    this.maxPause = maxPause;
    Collections.shuffle(opening, random);
  }

  void start() {
    scheduleNext();
  }

  /**
   * No new actions; the restarts and maintenance ends already scheduled still run, and this
   * returns once they have.
   */
  void stop() throws InterruptedException {
    stopping = true;
    scheduler.shutdown(); // delayed tasks already queued still run after shutdown
    if (!scheduler.awaitTermination(120, TimeUnit.SECONDS)) {
      errors.add("chaos actions did not finish within 120 s of the stop");
      scheduler.shutdownNow();
    }
  }

  List<String> events() {
    return List.copyOf(events);
  }

  List<String> errors() {
    return List.copyOf(errors);
  }

  private void scheduleNext() {
    if (!stopping) {
      scheduler.schedule(this::act, pause().toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void act() {
    if (stopping) {
      return;
    }
    try {
      boolean fromOpening = !opening.isEmpty();
      Action action = fromOpening ? opening.get(0) : pick();
      List<Integer> up = up();
      if (action != Action.MAINTENANCE && up.size() < 2) {
        // Keep one node serving: clients must be able to write. An opening action waits.
        action = Action.MAINTENANCE;
      } else if (fromOpening) {
        opening.remove(0);
      }
      if (up.isEmpty()) {
        return;
      }
      int target = up.get(random.nextInt(up.size()));
      switch (action) {
        case KILL -> kill(target);
        case STOP -> stop(target);
        case MAINTENANCE -> maintenance(target, up.get(random.nextInt(up.size())));
        default -> throw new IllegalStateException("unknown action " + action);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      error("chaos action failed: " + e);
    } finally {
      scheduleNext();
    }
  }

  private Action pick() {
    int r = random.nextInt(100);
    return r < 45 ? Action.KILL : r < 70 ? Action.STOP : Action.MAINTENANCE;
  }

  private void kill(int i) throws InterruptedException {
    int incarnation = cluster.node(i).incarnation();
    cluster.node(i).kill();
    kills.incrementAndGet();
    event("SIGKILL node " + i + " (incarnation " + incarnation + ")");
    restartLater(i);
  }

  private void stop(int i) throws InterruptedException {
    int exit = cluster.node(i).stop();
    stops.incrementAndGet();
    event("SIGTERM node " + i + ": exit " + exit);
    if (exit != 143 && exit != 0) {
      error("node " + i + " did not stop cleanly on SIGTERM (exit " + exit + ")");
    }
    restartLater(i);
  }

  private void restartLater(int i) {
    scheduler.schedule(() -> {
      try {
        if (!cluster.node(i).alive()) {
          cluster.node(i).start();
          restarts.incrementAndGet();
          event("restart node " + i + " (incarnation " + cluster.node(i).incarnation() + ")");
        }
      } catch (java.io.IOException | RuntimeException e) {
        error("restarting node " + i + " failed: " + e);
      }
    }, pause().toMillis() / 2, TimeUnit.MILLISECONDS);
  }

  private void maintenance(int target, int via) {
    int on;
    try {
      on = cluster.setMaintenance(via, target, true);
    } catch (RuntimeException e) {
      on = -1; // the node was still starting: a refused admin call, not a fault
    }
    if (on != 201 && on != 202) {
      adminRefused.incrementAndGet();
      event("maintenance ON for node " + target + " via node " + via + " not taken (" + on + ")");
      return;
    }
    maintenanceRounds.incrementAndGet();
    event("maintenance ON for node " + target + " via node " + via);
    scheduler.schedule(() -> {
      List<Integer> up = up();
      // Through the same node when it still runs, so the two changes keep their order everywhere.
      int by = up.contains(via) ? via : up.isEmpty() ? -1 : up.get(0);
      if (by < 0) {
        event("maintenance end for node " + target + " left to the final check: no node runs");
        return;
      }
      try {
        int off = cluster.setMaintenance(by, target, false);
        event("maintenance OFF for node " + target + " via node " + by + ": " + off);
      } catch (RuntimeException e) {
        event("maintenance OFF for node " + target + " via node " + by + " failed (" + e
            + "); left to the final check");
      }
    }, pause().toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Nodes that run and answer their health check. Only these are broken: a node still starting
   * (several seconds on a busy machine) would otherwise be killed again and again before it ever
   * served. Nodes are still often killed while they catch up.
   */
  private List<Integer> up() {
    List<Integer> up = new ArrayList<>();
    for (ChildNode n : cluster.nodes()) {
      if (n.alive() && cluster.serving(n.index())) {
        up.add(n.index());
      }
    }
    return up;
  }

  private Duration pause() {
    long min = minPause.toMillis();
    return Duration.ofMillis(min + (long) (random.nextDouble() * (maxPause.toMillis() - min)));
  }

  private void event(String what) {
    String line = String.format("%6.1fs  %s",
        Duration.between(started, Instant.now()).toMillis() / 1000.0, what);
    events.add(line);
    System.out.println("[chaos] " + line);
  }

  private void error(String what) {
    errors.add(what);
    event("ERROR " + what);
  }
}
