package dev.spawn.servlet;

import dev.spawn.mirror.InboundMirror;
import dev.spawn.mirror.ReceiverLedger;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.locks.Lock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One mirrored update applied on a peer. When the app is done and its answer is final ({@link
 * ReceiverLedger#advancesHighWaterMark}), the high-water mark is committed, durably, before the
 * held answer is written: a sender that sees the answer never sends the update again, and one
 * that does not (the node crashed in between) finds it dropped as a duplicate. A 5xx or
 * retryable answer commits nothing, so the sender's retry runs the app again. Thread-safe as
 * {@link Exchange} says.
 */
final class ReceiverExchange extends Exchange {

  private static final Logger log = LoggerFactory.getLogger(ReceiverExchange.class);

  private final ReceiverLedger ledger;
  private final InboundMirror mirror;
  private final HttpServletRequest request;
  private final HttpServletResponse response;
  private final HeldResponse held;
  private final KeyedLocks.Lease gate;

  ReceiverExchange(ReceiverLedger ledger, InboundMirror mirror, HttpServletRequest request,
      HttpServletResponse response, HeldResponse held, KeyedLocks.Lease gate) {
    this.ledger = ledger;
    this.mirror = mirror;
    this.request = request;
    this.response = response;
    this.held = held;
    this.gate = gate;
  }

  HeldResponse held() {
    return held;
  }

  @Override
  protected void complete() throws IOException {
    try {
      int status = held.status();
      if (ReceiverLedger.advancesHighWaterMark(status)) {
        Lock lock = ledger.lockFor(mirror.journalId());
        lock.lock();
        try {
          ledger.commit(mirror.journalId(), mirror.seq());
        } catch (RuntimeException e) {
          log.error("{} was applied (HTTP {}) but its high-water mark could not be saved; the"
              + " sender will retry and it may be applied again", this, status, e);
          held.discard();
          response.reset();
          Answers.error(response, 500, "applied, but this node could not record it: "
              + e.getMessage());
          return;
        } finally {
          lock.unlock();
        }
      } else {
        log.debug("{} answered {}: not final, the sender retries", this, status);
      }
      gate.close();
      held.release();
    } finally {
      gate.close();
    }
  }

  @Override
  protected void dropped(String why) {
    gate.close();
    log.debug("{} not committed: {}", this, why);
  }

  @Override
  public String toString() {
    return "mirror " + request.getMethod() + " " + request.getRequestURI() + " ("
        + mirror.position() + ", Spawn-Id " + mirror.spawnId() + ")";
  }
}
