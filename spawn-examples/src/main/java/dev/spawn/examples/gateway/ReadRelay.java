package dev.spawn.examples.gateway;

import dev.spawn.Node;
import dev.spawn.metrics.Operation;
import dev.spawn.metrics.SpawnMetrics.Result;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One read on its way through the nodes in fail-over order: sends it to a node on a kept-open
 * connection and relays the answer to the client as it arrives; when the node cannot be reached
 * before it answered anything, reports it to the health checker and tries the next one; with none
 * left the client gets 503. A node silent for {@code delivery.response-timeout-ms} gets 504 (or,
 * mid-answer, the client's connection is cut). Confined to the client connection's event loop,
 * which is also its node connection's: nothing here waits and nothing is locked.
 */
final class ReadRelay {

  private static final Logger log = LoggerFactory.getLogger(ReadRelay.class);

  private final ProxyServer server;
  private final FrontHandler front;
  private final Channel client;
  private final HttpRequest request;
  private final byte[] body;
  private final boolean hadBody;
  private final String originalHost;
  private final boolean head;
  private final Operation op;
  private final HttpHeaders headers;
  private final Iterator<Node> order;
  private final long timeoutNanos;
  private int tried;
  private Node node;
  private Channel backend;
  private boolean reused;
  private boolean retriedFresh;
  private boolean started;
  private boolean nodeKeepsAlive;
  private boolean closeDelimited;
  private boolean done;
  /** The node's connection is not read because the client has not taken what it got. */
  private boolean paused;
  private long pausedSince;
  /** Some of the answer was written to the client but not flushed yet. */
  private boolean unflushed;
  private long lastActivity;

  /**
   * @param request the client's request head; its header fields are changed into the node's
   * @param body the whole body (empty when none)
   * @param hadBody whether the client sent a body (an empty one included)
   * @param remoteAddress the client's address
   */
  ReadRelay(ProxyServer server, FrontHandler front, Channel client, HttpRequest request,
      byte[] body, boolean hadBody, String remoteAddress) {
    this.server = server;
    this.front = front;
    this.client = client;
    this.request = request;
    this.body = body;
    this.hadBody = hadBody;
    this.head = HttpMethod.HEAD.equals(request.method());
    this.op = Operation.of(request.method().name());
    this.headers = request.headers();
    String host = headers.get(HttpHeaderNames.HOST);
    this.originalHost = host == null || host.isBlank() ? null : host.strip();
    ProxyHeaders.forRead(headers, originalHost, remoteAddress);
    this.order = server.spawn().reads().failoverOrder().iterator();
    this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(server.responseTimeoutMillis());
  }

  /** Sends the read to the next node in fail-over order, or answers 503 when none is left. */
  void next() {
    if (!order.hasNext()) {
      noNodeLeft();
      return;
    }
    node = order.next();
    tried++;
    server.connections(client.eventLoop()).acquire(node, this);
  }

  /** A connection to the current node is ready: the request goes out on it. */
  void connected(Channel ch, boolean wasIdle) {
    if (done) {
      server.connections(client.eventLoop()).release(ch); // the client left meanwhile
      return;
    }
    backend = ch;
    reused = wasIdle;
    ch.config().setAutoRead(true);
    DefaultFullHttpRequest out = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1,
        request.method(), request.uri(),
        body.length == 0 ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body),
        headers, EmptyHttpHeaders.INSTANCE);
    headers.set(HttpHeaderNames.HOST, node.host() + ":" + node.port()); // the same fields on each try
    if (hadBody) {
      headers.set(HttpHeaderNames.CONTENT_LENGTH, body.length);
    }
    touch();
    NodeConnections.watch(ch);
    // A failed write reaches the connection's handler as an exception (nodeClosed).
    ch.writeAndFlush(out, ch.voidPromise());
  }

  /** No connection could be made to the current node. */
  void connectFailed(Throwable cause) {
    if (done) {
      return;
    }
    failedBeforeAnswer(NodeFailure.UNREACHABLE, cause);
  }

  /** The node sent its answer's head. */
  void nodeAnswered(HttpResponse answer) {
    if (done) {
      return;
    }
    touch();
    int status = answer.status().code();
    if (status < 200) {
      return; // 100 Continue, 102, 103: interim, not passed on
    }
    started = true;
    nodeKeepsAlive = HttpUtil.isKeepAlive(answer);
    HttpHeaders fields = answer.headers();
    boolean bodiless = head || status == 204 || status == 304;
    boolean framed = fields.contains(HttpHeaderNames.CONTENT_LENGTH);
    boolean chunked = HttpUtil.isTransferEncodingChunked(answer);
    ProxyHeaders.toClient(fields, node, originalHost);
    DefaultHttpResponse out = new DefaultHttpResponse(HttpVersion.HTTP_1_1, answer.status(), fields);
    if (!bodiless && !framed) {
      if (front.http11()) {
        HttpUtil.setTransferEncodingChunked(out, true);
      } else {
        closeDelimited = true; // an HTTP/1.0 client reads to the end of the connection
      }
    }
    if (!chunked && !framed && !bodiless) {
      nodeKeepsAlive = false; // the node ends its answer by closing the connection
    }
    front.prepare(out, closeDelimited);
    client.write(out);
    unflushed = true;
  }

  /** A piece of the node's answer (the last one ends it). */
  void nodeContent(HttpContent content) {
    if (done || !started) {
      ReferenceCountUtil.release(content);
      return;
    }
    if (content.decoderResult().isFailure()) {
      ReferenceCountUtil.release(content);
      nodeClosed(content.decoderResult().cause());
      return;
    }
    touch();
    if (content instanceof LastHttpContent) {
      finish();
      server.spawn().metrics().record(node.id(), op, Result.SUCCESS);
      Channel ch = backend;
      backend = null;
      if (nodeKeepsAlive) {
        server.connections(client.eventLoop()).release(ch);
      } else {
        ch.close();
      }
      front.last(content, closeDelimited);
      return;
    }
    client.write(content);
    if (!client.isWritable()) {
      paused = true;
      pausedSince = System.nanoTime();
      backend.config().setAutoRead(false); // until the client has taken what was written
      unflushed = false;
      client.flush(); // may drain at once and make the client writable again (clientWritable)
    } else {
      unflushed = true; // flushed when this read from the node is complete (nodeReadComplete)
    }
  }

  /**
   * The node's connection has no more to read for now: what it sent is passed on to the client,
   * which must not wait for the rest of a slow answer to see its start (one flush per read from
   * the node, not per piece; an answer read at once is flushed once, by its last piece).
   */
  void nodeReadComplete() {
    if (unflushed && !done) {
      unflushed = false;
      client.flush();
    }
  }

  /** The client can take more of the answer. */
  void clientWritable() {
    if (!done && backend != null && paused) {
      paused = false;
      touch(); // the node was not asked for anything while the client was slow
      client.flush();
      backend.config().setAutoRead(true);
    }
  }

  /** The client went away: the node's connection cannot be used again mid-answer. */
  void clientGone() {
    if (done) {
      return;
    }
    finish();
    if (backend != null) {
      backend.close();
      backend = null;
    }
  }

  /** The node's connection closed or failed before the answer ended ({@code cause} may be null). */
  void nodeClosed(Throwable cause) {
    if (done || backend == null) {
      return;
    }
    Channel ch = backend;
    backend = null;
    ch.close();
    Throwable failure = cause != null ? cause
        : new java.io.IOException("the node closed the connection before its answer ended");
    if (!started) {
      if (reused && !retriedFresh && !hadBody) {
        // A kept-open connection the node had closed meanwhile: not the node's failure.
        retriedFresh = true;
        server.connections(client.eventLoop()).connect(node, this);
        return;
      }
      failedBeforeAnswer(NodeFailure.of(failure, true), failure);
      return;
    }
    failedDuringAnswer(NodeFailure.of(failure, true), failure);
  }

  private void failedBeforeAnswer(NodeFailure kind, Throwable failure) {
    server.spawn().metrics().record(node.id(), op, Result.FAILURE);
    if (kind.nodeIsDown()) {
      server.spawn().health().reportFailure(node.id(), asException(failure));
    }
    boolean retryable =
        kind == NodeFailure.UNREACHABLE || (kind == NodeFailure.BROKEN && !hadBody);
    if (!retryable) {
      finish();
      answerFailure(kind, failure);
      return;
    }
    log.info("Node {} failed on {} {} ({}); trying the next node", node.id(), request.method(),
        request.uri(), failure.toString());
    retriedFresh = false;
    next();
  }

  private void failedDuringAnswer(NodeFailure kind, Throwable failure) {
    finish();
    server.spawn().metrics().record(node.id(), op, Result.FAILURE);
    if (kind.nodeIsDown()) {
      server.spawn().health().reportFailure(node.id(), asException(failure));
    }
    log.warn("Node {} failed while answering {} {}: {}", node.id(), request.method(),
        request.uri(), failure.toString());
    front.abort(); // the client must not take a cut answer for a whole one
  }

  private void answerFailure(NodeFailure kind, Throwable failure) {
    if (kind == NodeFailure.TIMEOUT) {
      front.reply(server.replies().error(504, "node " + node.id() + " did not answer within "
          + server.responseTimeoutMillis() + " ms", "delivery.response-timeout-ms sets the limit"));
    } else {
      front.reply(server.replies().error(502, "node " + node.id() + " failed: " + failure, null));
    }
  }

  private void noNodeLeft() {
    finish();
    front.reply(server.replies().error(503,
        "no healthy node to serve " + request.method() + " " + path()
            + (tried == 0 ? ": none is active, healthy and out of maintenance"
                : ": the " + tried + " eligible node(s) could not be reached"),
        "see the nodes' health and queues in the admin API"));
  }

  private String path() {
    int q = request.uri().indexOf('?');
    return q < 0 ? request.uri() : request.uri().substring(0, q);
  }

  private void finish() {
    done = true;
  }

  private void touch() {
    lastActivity = System.nanoTime();
  }

  /**
   * How long the node may still stay silent; a node that is not read because the client is slow
   * is not silent. Called by the connection's timer.
   */
  long timeLeftNanos() {
    if (done || backend == null) {
      return Long.MAX_VALUE;
    }
    // While paused, the clock runs against the client: one that takes nothing for the whole
    // timeout is cut off, so it cannot hold a node connection (and a graceful stop) forever.
    long since = paused ? pausedSince : lastActivity;
    return timeoutNanos - (System.nanoTime() - since);
  }

  /** The node has been silent too long: 504 before its answer began, a cut connection after. */
  void timedOut() {
    if (done || backend == null) {
      return;
    }
    Channel ch = backend;
    backend = null;
    ch.close();
    if (paused) {
      finish(); // the client stopped reading: its fault, not the node's
      log.info("The client of {} {} took nothing for {} ms; its connection is closed",
          request.method(), request.uri(), server.responseTimeoutMillis());
      front.abort();
      return;
    }
    TimeoutException failure = new TimeoutException(
        "no answer within " + server.responseTimeoutMillis() + " ms");
    if (started) {
      failedDuringAnswer(NodeFailure.TIMEOUT, failure);
    } else {
      failedBeforeAnswer(NodeFailure.TIMEOUT, failure);
    }
  }

  private static Exception asException(Throwable failure) {
    return failure instanceof Exception e ? e : new Exception(failure.toString(), failure);
  }
}
