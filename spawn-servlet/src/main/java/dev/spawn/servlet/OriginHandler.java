package dev.spawn.servlet;

import dev.spawn.Spawn;
import dev.spawn.config.MirrorConfig;
import dev.spawn.journal.JournalFullException;
import dev.spawn.mirror.HeaderFilter;
import dev.spawn.mirror.MirrorHeaders;
import dev.spawn.mirror.MirrorRequest;
import dev.spawn.mirror.SpawnIds;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.time.Clock;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The origin side: a mutating request a client sent to this node. Checks the body limit and the
 * journal's room before the app runs, gives the request its Spawn-Id and origin time, serializes
 * writes to one path (ordering {@code path}), runs the app with the response held, and journals
 * the request when the app's answer is one that replicates ({@link OriginExchange}). Thread-safe.
 */
final class OriginHandler {

  private static final Logger log = LoggerFactory.getLogger(OriginHandler.class);

  private final Spawn spawn;
  private final MirrorConfig mirror;
  private final HeaderFilter headerFilter;
  private final SpawnIds ids;
  private final Clock clock;
  private final KeyedLocks paths = new KeyedLocks();
  private final LongAdder notReplicated;

  OriginHandler(Spawn spawn, Clock clock, SpawnIds ids, LongAdder notReplicated) {
    this.spawn = spawn;
    this.mirror = spawn.config().mirror();
    this.headerFilter = HeaderFilter.of(mirror.headerExcludes(), mirror.headerRedactions());
    this.clock = clock;
    this.ids = ids;
    this.notReplicated = notReplicated;
  }

  void handle(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    long max = mirror.maxBodyBytes();
    long declared = request.getContentLengthLong();
    if (declared > max) {
      oversize(request, response, chain, null, declared + " bytes");
      return;
    }
    byte[] body = Body.readUpTo(request.getInputStream(), declared, max);
    if (body.length > max) {
      oversize(request, response, chain, body, "more than " + max + " bytes");
      return;
    }
    List<MirrorRequest.Header> headers;
    try {
      headers = headerFilter.filter(Collections.list(request.getHeaderNames()),
          name -> Collections.list(request.getHeaders(name)));
      String client = request.getRemoteAddr();
      if (client != null && !client.isBlank()) {
        headers = HeaderFilter.withForwardedFor(headers, client);
      }
    } catch (IllegalArgumentException e) {
      Answers.error(response, 400, "this request cannot be replicated: " + e.getMessage());
      return;
    }
    try {
      spawn.ensureCapacity();
    } catch (JournalFullException e) {
      log.warn("{} {} refused before the application ran: {}", request.getMethod(),
          request.getRequestURI(), e.getMessage());
      Answers.unavailable(response, "this node cannot take writes now: " + e.getMessage());
      return;
    }
    KeyedLocks.Lease lease;
    try {
      lease = mirror.ordering() == MirrorConfig.Ordering.PATH
          ? paths.acquire(request.getRequestURI()) : null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      Answers.unavailable(response, "interrupted while waiting for an earlier write to "
          + request.getRequestURI() + "; try again");
      return;
    }
    OriginExchange exchange;
    CapturedRequest app;
    try {
      // Made after the lock, so ids on one path are in the order the app applies the writes.
      String id = ids.nextId();
      long time = clock.millis();
      request.setAttribute(MirrorHeaders.ATTR_SPAWN_ID, id);
      request.setAttribute(MirrorHeaders.ATTR_ORIGIN_TIME, time);
      app = new CapturedRequest(request, Body.of(body), SpawnHeaders.origin(id, time), null);
      HeldResponse held = new HeldResponse(response, mirror::replicates);
      exchange = new OriginExchange(spawn, request, response, held, lease, headers, body, id, time,
          notReplicated);
      app.holdWith(exchange, held);
      request.setAttribute(SpawnFilter.EXCHANGE_ATTRIBUTE, exchange);
    } catch (RuntimeException e) {
      if (lease != null) {
        lease.close();
      }
      throw e;
    }
    exchange.dispatch(chain, app, exchange.held());
  }

  /** Paths locked or waited for now (bounded: entries go when unused). */
  int lockedPaths() {
    return paths.size();
  }

  private void oversize(HttpServletRequest request, HttpServletResponse response,
      FilterChain chain, byte[] prefix, String size) throws IOException, ServletException {
    long max = mirror.maxBodyBytes();
    if (mirror.oversize() == MirrorConfig.Oversize.REJECT) {
      log.info("{} {} refused with 413: body of {} is over mirror.max-body-bytes ({})",
          request.getMethod(), request.getRequestURI(), size, max);
      Answers.error(response, 413, "the request body is " + size + ", over the " + max
          + " bytes that can be replicated (mirror.max-body-bytes); send a smaller body, or raise"
          + " mirror.max-body-bytes on every node");
      return;
    }
    notReplicated.increment();
    log.warn("{} {}: body of {} is over mirror.max-body-bytes ({}); applied on this node only and"
        + " NOT replicated (mirror.oversize=pass-through)", request.getMethod(),
        request.getRequestURI(), size, max);
    String id = ids.nextId();
    long time = clock.millis();
    request.setAttribute(MirrorHeaders.ATTR_SPAWN_ID, id);
    request.setAttribute(MirrorHeaders.ATTR_ORIGIN_TIME, time);
    response.setHeader(MirrorHeaders.REPLICATED, "false");
    Body body = prefix == null ? null : Body.partial(prefix, request.getInputStream());
    chain.doFilter(new CapturedRequest(request, body, SpawnHeaders.origin(id, time), null),
        response);
  }

  /**
   * The user to name in the update: the request attribute {@link SpawnFilter#PRINCIPAL_ATTRIBUTE}
   * when the app set it (a security framework whose principal lives elsewhere), else the
   * container's {@code getUserPrincipal()}.
   */
  static String principal(HttpServletRequest request) {
    Object attribute = request.getAttribute(SpawnFilter.PRINCIPAL_ATTRIBUTE);
    if (attribute instanceof Principal p) {
      return p.getName();
    }
    if (attribute != null) {
      return attribute.toString();
    }
    Principal p = request.getUserPrincipal();
    return p == null ? null : p.getName();
  }
}
