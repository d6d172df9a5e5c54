package dev.spawn.delivery;

import dev.spawn.Node;
import dev.spawn.journal.JournalEntry;
import dev.spawn.journal.PeerCursor;
import dev.spawn.metrics.Operation;
import dev.spawn.metrics.SpawnMetrics;
import dev.spawn.mirror.MirrorRequest;
import dev.spawn.mirror.Outcome;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the journal to one peer, in order, one update at a time, on its own thread. Reads
 * batches after the peer's cursor, so memory stays flat however long the backlog. The outcome of
 * each attempt follows {@link Outcome}; retries back off with full jitter and never let a later
 * update overtake an earlier one.
 */
final class PeerLink implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(PeerLink.class);
  private static final long IDLE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final long BATCH_BYTES = 8L * 1024 * 1024;

  private final String peerId;
  private final DeliveryContext ctx;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wakeUp = lock.newCondition();
  private boolean dataSignal; // guarded by lock
  private boolean stateSignal; // guarded by lock
  private boolean waitingForData; // guarded by lock

  private volatile Node node;
  private volatile boolean running = true;
  private volatile PeerState state = PeerState.DELIVERING;
  private volatile String reason;
  private volatile long stuckSeq;
  private volatile int attempts;
  private volatile String lastError;
  private volatile long acked;

  PeerLink(Node node, DeliveryContext ctx) {
    this.node = node;
    this.peerId = node.id();
    this.ctx = ctx;
    this.acked = ctx.journal().cursor(peerId).map(PeerCursor::seq).orElse(0L);
  }

  String peerId() {
    return peerId;
  }

  Node node() {
    return node;
  }

  PeerState state() {
    return state;
  }

  String reason() {
    return reason;
  }

  long stuckSeq() {
    return stuckSeq;
  }

  int attempts() {
    return attempts;
  }

  String lastError() {
    return lastError;
  }

  /** The highest sequence number this peer has handled. */
  long acked() {
    return acked;
  }

  void update(Node changed) {
    this.node = changed;
    signal(true);
  }

  /** New entries were appended. */
  void dataArrived() {
    signal(false);
  }

  /** Something that decides whether the link may send changed (health, maintenance, reset). */
  void stateChanged() {
    signal(true);
  }

  void stop() {
    running = false;
    state = PeerState.STOPPED;
    signal(true);
  }

  /** The peer needs a resync; called by the link itself on a gap or by the lag check. */
  void markNeedsResync(String why) {
    reason = why;
    state = PeerState.NEEDS_RESYNC;
    signal(true);
  }

  /** An operator brought the peer's data over: deliver again from the journal's end. */
  void resumeAfterResync() {
    if (state == PeerState.NEEDS_RESYNC) {
      state = PeerState.DELIVERING;
    }
    reason = null;
    acked = ctx.journal().cursor(peerId).map(PeerCursor::seq).orElse(acked);
    signal(true);
  }

  @Override
  public void run() {
    log.info("Delivery to {} started", peerId);
    while (running) {
      try {
        if (hold()) {
          await(IDLE_WAIT_NANOS, false);
          continue;
        }
        List<JournalEntry> batch = ctx.journal().read(peerId, ctx.settings().batchSize(), BATCH_BYTES);
        if (batch.isEmpty()) {
          state = PeerState.DELIVERING;
          await(IDLE_WAIT_NANOS, true);
          continue;
        }
        for (JournalEntry entry : batch) {
          if (!deliver(entry)) {
            break;
          }
        }
      } catch (RuntimeException e) {
        // A journal error must not kill the link: log, back off, try again.
        lastError = e.toString();
        log.error("Delivery to {} failed; retrying", peerId, e);
        await(ctx.settings().backoffMax().toNanos(), false);
      }
    }
    log.info("Delivery to {} stopped", peerId);
  }

  /** True when the link may not send now; sets the state and reason to say why. */
  private boolean hold() {
    Node n = node;
    if (!running || !n.active()) {
      return true;
    }
    if (state == PeerState.NEEDS_RESYNC) {
      return true;
    }
    if (n.maintenance()) {
      state = PeerState.HELD;
      reason = "maintenance";
      return true;
    }
    if (!ctx.healthy(peerId)) {
      state = PeerState.HELD;
      reason = "unhealthy";
      return true;
    }
    if (state == PeerState.HELD) {
      state = PeerState.DELIVERING;
      reason = null;
    }
    return false;
  }

  /** Delivers one entry; false when the link must go back to the loop (held, gap, stopping). */
  private boolean deliver(JournalEntry entry) {
    MirrorRequest update = MirrorRequest.decode(entry.payload());
    Operation op = Operation.of(update.method());
    long first = ctx.nanoTime();
    attempts = 0;
    while (running) {
      if (hold()) {
        return false;
      }
      attempts++;
      String prev = prev();
      boolean capture = ctx.wantsResponse(update.spawnId());
      Attempt a = ctx.sender().send(node, update, entry.seq(), prev, capture);
      Outcome outcome =
          a.failure() != null ? Outcome.RETRY : Outcome.classify(a.status(), a.expected() != null);
      switch (outcome) {
        case ACKNOWLEDGED -> {
          acknowledge(entry.seq(), update.spawnId(), a);
          ctx.metrics().record(peerId, op, SpawnMetrics.Result.SUCCESS);
          ctx.metrics().recordDelivery(peerId, ctx.nanoTime() - first);
          return true;
        }
        case GAP -> {
          String why = "peer expects update " + a.expected() + " but was sent " + entry.seq()
              + " (prev " + prev + "): it lost or missed updates";
          log.error("Delivery to {} stopped: {}. Bring its data over, then reset its queue.",
              peerId, why);
          ctx.needsResync(this, why);
          return false;
        }
        case REJECTED -> {
          String why = "rejected with HTTP " + a.status();
          ctx.journal().addDeadLetter(peerId, entry, a.status(), why);
          log.warn("Update {} ({} {}) {} by {}; kept as a dead letter",
              entry.seq(), update.method(), update.target(), why, peerId);
          acknowledge(entry.seq(), update.spawnId(), a);
          ctx.metrics().record(peerId, op, SpawnMetrics.Result.FAILURE);
          return true;
        }
        case RETRY -> {
          lastError = a.describe();
          ctx.metrics().record(peerId, op, SpawnMetrics.Result.FAILURE);
          if (a.unreachable()) {
            ctx.reportUnreachable(peerId, a.failure());
          }
          int max = ctx.settings().maxAttempts();
          if (max > 0 && attempts >= max) {
            String why = "gave up after " + attempts + " attempts: " + lastError;
            ctx.journal().addDeadLetter(peerId, entry, a.status(), why);
            log.warn("Update {} to {} {}; kept as a dead letter", entry.seq(), peerId, why);
            acknowledge(entry.seq(), update.spawnId(), null);
            return true;
          }
          if (ctx.nanoTime() - first >= ctx.settings().stuckAfter().toNanos()) {
            if (state != PeerState.STUCK) {
              log.warn("Delivery to {} is stuck on update {} after {} attempts: {}",
                  peerId, entry.seq(), attempts, lastError);
            }
            state = PeerState.STUCK;
            stuckSeq = entry.seq();
            reason = lastError;
          }
          await(ctx.backoff().delayNanos(attempts, a.retryAfterNanos()), false);
        }
      }
    }
    return false;
  }

  private void acknowledge(long seq, String spawnId, Attempt a) {
    ctx.journal().acknowledge(peerId, seq);
    acked = seq;
    attempts = 0;
    if (state == PeerState.STUCK) {
      log.info("Delivery to {} is moving again after update {}", peerId, seq);
      state = PeerState.DELIVERING;
      reason = null;
    }
    stuckSeq = 0;
    ctx.acknowledged(this, seq, spawnId, a == null ? null : a.response());
  }

  private String prev() {
    PeerCursor c = ctx.journal().cursor(peerId).orElse(null);
    if (c == null || c.mode() == PeerCursor.Mode.START) {
      return "start";
    }
    return c.mode() == PeerCursor.Mode.RESYNC ? "resync" : Long.toString(c.seq());
  }

  private void signal(boolean stateChange) {
    lock.lock();
    try {
      if (stateChange) {
        stateSignal = true;
      } else {
        dataSignal = true;
      }
      // A held or backing-off link waits for state changes only: waking it on every append
      // cost each write a futile thread wake-up per such peer.
      if (stateChange || waitingForData) {
        wakeUp.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Waits up to the given time, or until signalled (new data only wakes it when asked). */
  private void await(long nanos, boolean wakeOnData) {
    lock.lock();
    try {
      waitingForData = wakeOnData;
      long left = nanos;
      while (running && left > 0 && !stateSignal && !(wakeOnData && dataSignal)) {
        left = wakeUp.awaitNanos(left);
      }
      stateSignal = false;
      if (wakeOnData) {
        dataSignal = false;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    } finally {
      waitingForData = false;
      lock.unlock();
    }
  }
}
