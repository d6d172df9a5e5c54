package dev.spawn.servlet;

import dev.spawn.Node;
import dev.spawn.Spawn;
import dev.spawn.mirror.InboundMirror;
import dev.spawn.mirror.MirrorHeaderException;
import dev.spawn.mirror.MirrorHeaders;
import dev.spawn.mirror.MirrorSigner;
import dev.spawn.mirror.ReceiverLedger;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving side: a request carrying {@code Spawn-Seq}, sent by a peer's delivery. Checks it
 * (headers, body limit, signature, this node's maintenance flag), then, one update per sending
 * journal at a time, applies it, drops it as a duplicate, or refuses it as a gap, following
 * {@link ReceiverLedger}. An applied update's high-water mark is committed before its answer
 * leaves ({@link ReceiverExchange}).
 *
 * <p>Updates from one journal are serialized by a lock of this handler, not the ledger's own
 * {@code lockFor} lock: that one belongs to a thread, while an async app completes on another.
 * The ledger's lock is still taken around each {@code decide} and {@code commit}. Thread-safe.
 */
final class ReceiverHandler {

  private static final Logger log = LoggerFactory.getLogger(ReceiverHandler.class);

  private final Spawn spawn;
  private final KeyedLocks journals = new KeyedLocks();

  ReceiverHandler(Spawn spawn) {
    this.spawn = spawn;
  }

  void handle(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    Optional<String> self = spawn.config().self();
    if (self.isEmpty()) {
      log.error("Refused a mirror request for {}: self is not configured", request.getRequestURI());
      Answers.error(response, 500, "self is not configured: this node cannot check that a mirror"
          + " request was meant for it; set 'self' to this node's host:port as its peers know it");
      return;
    }
    InboundMirror mirror;
    try {
      mirror = InboundMirror.parse(request::getHeader);
    } catch (MirrorHeaderException e) {
      log.warn("Refused a mirror request {} {} from {} with {}: {}", request.getMethod(),
          request.getRequestURI(), request.getRemoteAddr(), e.status(), e.getMessage());
      Answers.error(response, e.status(), e.getMessage());
      return;
    }
    long max = spawn.config().mirror().maxBodyBytes();
    byte[] body = Body.readUpTo(request.getInputStream(), request.getContentLengthLong(), max);
    if (body.length > max) {
      log.warn("Refused mirror request {}: body over mirror.max-body-bytes ({})",
          mirror.position(), max);
      Answers.error(response, 413, "the mirrored body is over this node's mirror.max-body-bytes ("
          + max + "); give every node the same limit");
      return;
    }
    if (!verified(request, response, mirror, self.get(), body)) {
      return;
    }
    if (spawn.self().map(Node::maintenance).orElse(false)) {
      Answers.unavailable(response, "this node is in maintenance; its updates wait at the sender");
      return;
    }
    apply(request, response, chain, mirror, body);
  }

  private boolean verified(HttpServletRequest request, HttpServletResponse response,
      InboundMirror mirror, String self, byte[] body) throws IOException {
    Optional<MirrorSigner> signer = spawn.signer();
    if (signer.isEmpty()) {
      if (spawn.config().mirror().insecure()) {
        return true;
      }
      log.warn("Refused mirror request {} from {}: this node has no mirror.secret",
          mirror.position(), request.getRemoteAddr());
      Answers.error(response, 401, "this node has no mirror.secret, so it cannot verify mirror"
          + " requests; give every node the same mirror.secret");
      return false;
    }
    MirrorSigner.Verification v = mirror.verify(signer.get(), request.getMethod(),
        OriginExchange.target(request), self, request.getHeader("Content-Type"),
        request.getHeader("Content-Encoding"), body);
    if (!v.ok()) {
      log.warn("Refused mirror request {} {} ({}) from {}, not applied: {}", request.getMethod(),
          request.getRequestURI(), mirror.position(), request.getRemoteAddr(), v.message());
      Answers.error(response, 401, "mirror request not applied: " + v.message());
      return false;
    }
    return true;
  }

  private void apply(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
      InboundMirror mirror, byte[] body) throws IOException, ServletException {
    ReceiverLedger ledger = spawn.ledger();
    KeyedLocks.Lease gate;
    try {
      gate = journals.acquire(mirror.journalId());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      Answers.unavailable(response, "interrupted while waiting for the previous update");
      return;
    }
    ReceiverExchange exchange;
    CapturedRequest app;
    try {
      ReceiverLedger.Decision decision;
      Lock lock = ledger.lockFor(mirror.journalId());
      lock.lock();
      try {
        decision = ledger.decide(mirror.journalId(), mirror.seq(), mirror.prev());
      } finally {
        lock.unlock();
      }
      switch (decision.kind()) {
        case DUPLICATE -> {
          gate.close();
          log.debug("Mirror request {} is a duplicate; not applied again", mirror.position());
          response.setHeader(MirrorHeaders.DUPLICATE, "true");
          Answers.ok(response, "update " + mirror.position() + " was applied here already");
          return;
        }
        case GAP -> {
          gate.close();
          response.setHeader(MirrorHeaders.EXPECTED, Long.toString(decision.expected()));
          Answers.error(response, 409, "update " + mirror.position() + " (prev " + mirror.prev()
              + ") does not follow what this node applied; it expects seq "
              + decision.expected() + ". This node missed updates or lost its data: bring its"
              + " data over from a healthy node, then reset its queue on the sender");
          return;
        }
        default -> { }
      }
      request.setAttribute(MirrorHeaders.ATTR_REPLICATED, Boolean.TRUE);
      request.setAttribute(MirrorHeaders.ATTR_SPAWN_ID, mirror.spawnId());
      request.setAttribute(MirrorHeaders.ATTR_ORIGIN_TIME, mirror.originTime());
      request.setAttribute(MirrorHeaders.ATTR_INBOUND, mirror);
      app = new CapturedRequest(request, Body.of(body), SpawnHeaders.received(),
          mirror.principal());
      HeldResponse held = new HeldResponse(response, status -> true);
      exchange = new ReceiverExchange(ledger, mirror, request, response, held, gate);
      app.holdWith(exchange, held);
      request.setAttribute(SpawnFilter.EXCHANGE_ATTRIBUTE, exchange);
    } catch (RuntimeException e) {
      gate.close();
      throw e;
    }
    exchange.dispatch(chain, app, exchange.held());
  }
}
