package dev.spawn.health;

import dev.spawn.Node;
import dev.spawn.config.HealthCheckConfig;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The rise/fall state machine of one followed node. State changes are decided under this object's
 * monitor and queued there, so they are told in the order they happened. Thread-safe.
 */
final class NodeHealth {

  /** Serialises the checks of this node, so each result counts once and in order. */
  final ReentrantLock checking = new ReentrantLock();

  private final String id;
  private final EventQueue events;
  private volatile Node node;
  private volatile ScheduledFuture<?> schedule;

  // Guarded by this.
  private HealthState state = HealthState.HEALTHY;
  private int successes;
  private int failures;
  // Bumped by a reported failure or a stop, so a check that began before cannot undo them.
  private long epoch;
  private boolean stopped;

  NodeHealth(Node node, EventQueue events) {
    this.id = node.id();
    this.node = node;
    this.events = events;
  }

  String id() {
    return id;
  }

  Node node() {
    return node;
  }

  void update(Node changed) {
    this.node = changed;
  }

  void schedule(ScheduledFuture<?> future) {
    this.schedule = future;
  }

  synchronized HealthState state() {
    return stopped ? HealthState.UNKNOWN : state;
  }

  synchronized boolean isStopped() {
    return stopped;
  }

  synchronized long epoch() {
    return epoch;
  }

  /** Queues the start of checks ({@code UNKNOWN -> HEALTHY}). */
  synchronized void started() {
    events.add(new Transition(id, HealthState.UNKNOWN, HealthState.HEALTHY, "checks started"));
  }

  /** Counts the result of a check that began at {@code startEpoch}. */
  synchronized void checked(long startEpoch, ProbeResult result, HealthCheckConfig settings) {
    if (stopped || startEpoch != epoch) {
      return; // removed, or a failure was reported while this check ran: it must not count
    }
    if (result.healthy()) {
      failures = 0;
      successes++;
      if (state == HealthState.UNHEALTHY && successes >= settings.rise()) {
        change(HealthState.HEALTHY, successes + " successful checks in a row");
      }
    } else {
      successes = 0;
      failures++;
      if (state == HealthState.HEALTHY && failures >= settings.fall()) {
        change(HealthState.UNHEALTHY, result.reason() + " (" + failures + " failed checks in a row)");
      }
    }
  }

  /** Marks the node unhealthy at once; only {@code rise} later successful checks bring it back. */
  synchronized void reportedFailure(String reason) {
    if (stopped) {
      return;
    }
    epoch++;
    successes = 0;
    if (state == HealthState.HEALTHY) {
      change(HealthState.UNHEALTHY, reason);
    }
  }

  /** Stops checking; queues {@code ... -> UNKNOWN} when {@code tell} is set. */
  synchronized void stop(boolean tell, String reason) {
    if (stopped) {
      return;
    }
    stopped = true;
    epoch++;
    ScheduledFuture<?> future = schedule;
    if (future != null) {
      future.cancel(false);
    }
    if (tell) {
      events.add(new Transition(id, state, HealthState.UNKNOWN, reason));
    }
  }

  private void change(HealthState to, String reason) {
    events.add(new Transition(id, state, to, reason));
    state = to;
  }
}
