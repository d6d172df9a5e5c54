package dev.spawn.servlet;

import dev.spawn.Spawn;
import dev.spawn.mirror.MirrorHeaders;
import dev.spawn.mirror.MirrorRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One write on its origin, from the app's start to the client's answer. When the app is done and
 * its status replicates, the request is journaled ({@link Spawn#submit}, durable when it returns),
 * the path lock is released, the write concern is awaited, and only then is the held answer
 * written. Any other status is written at once. Thread-safe as {@link Exchange} says.
 */
final class OriginExchange extends Exchange {

  private static final Logger log = LoggerFactory.getLogger(OriginExchange.class);

  private final Spawn spawn;
  private final HttpServletRequest request;
  private final HttpServletResponse response;
  private final HeldResponse held;
  private final KeyedLocks.Lease lease; // null with ordering none
  private final List<MirrorRequest.Header> headers;
  private final byte[] body;
  private final String spawnId;
  private final long originTime;
  private final LongAdder notReplicated;

  OriginExchange(Spawn spawn, HttpServletRequest request, HttpServletResponse response,
      HeldResponse held, KeyedLocks.Lease lease, List<MirrorRequest.Header> headers, byte[] body,
      String spawnId, long originTime, LongAdder notReplicated) {
    this.spawn = spawn;
    this.request = request;
    this.response = response;
    this.held = held;
    this.lease = lease;
    this.headers = headers;
    this.body = body;
    this.spawnId = spawnId;
    this.originTime = originTime;
    this.notReplicated = notReplicated;
  }

  HeldResponse held() {
    return held;
  }

  @Override
  protected void complete() throws IOException {
    try {
      int status = held.status();
      if (held.errorSent() || !spawn.config().mirror().replicates(status)) {
        unlock();
        held.release();
        return;
      }
      long seq;
      try {
        seq = spawn.submit(new MirrorRequest(request.getMethod(), target(request), headers, body,
            spawnId, originTime, OriginHandler.principal(request)));
      } catch (RuntimeException e) {
        unlock();
        notReplicated.increment();
        log.error("{} was applied on this node (HTTP {}) but could not be journaled, so no peer"
            + " will get it; the client is told so with a 503", this, status, e);
        held.discard();
        response.reset();
        Answers.unavailable(response, "the write was applied on this node but could not be"
            + " replicated to the other nodes (" + e.getMessage() + "); the nodes now differ: check"
            + " this node's journal, then repeat the write or resync the other nodes");
        return;
      }
      unlock();
      awaitAcks(seq);
      held.release();
    } finally {
      unlock();
    }
  }

  @Override
  protected void dropped(String why) {
    unlock();
    log.debug("{} not replicated: {}", this, why);
  }

  private void awaitAcks(long seq) {
    int wanted = spawn.config().acks();
    if (wanted <= 0) {
      return;
    }
    int n = Math.min(wanted, spawn.activePeers());
    int k = 0;
    if (n > 0) {
      try {
        k = Math.min(n, spawn.awaitAcks(seq, n, spawn.config().ackTimeout()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    response.setHeader(MirrorHeaders.ACKS, k + "/" + n);
  }

  private void unlock() {
    if (lease != null) {
      lease.close();
    }
  }

  /** The raw path and query, as received. */
  static String target(HttpServletRequest request) {
    String query = request.getQueryString();
    return query == null ? request.getRequestURI() : request.getRequestURI() + "?" + query;
  }

  @Override
  public String toString() {
    return request.getMethod() + " " + request.getRequestURI() + " (Spawn-Id " + spawnId + ")";
  }
}
