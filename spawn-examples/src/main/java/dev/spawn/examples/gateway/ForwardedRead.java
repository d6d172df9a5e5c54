package dev.spawn.examples.gateway;

import dev.spawn.Node;
import dev.spawn.Spawn;
import dev.spawn.metrics.Operation;
import dev.spawn.metrics.SpawnMetrics.Result;
import java.util.Iterator;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One read on its way through the nodes in fail-over order: sends it to a node ({@link
 * ReadAttempt} relays the answer) and, when that node cannot be reached before it answered anything,
 * reports it to the health checker and tries the next one; with none left the client gets 503.
 * Nothing here waits: each step runs on whichever thread the previous one ended on. Thread-safe in
 * the sense that only one attempt is in flight at a time.
 */
final class ForwardedRead {

  private static final Logger log = LoggerFactory.getLogger(ForwardedRead.class);

  private final Spawn spawn;
  private final ReadClient client;
  private final Replies replies;
  private final Request request;
  private final Response response;
  private final Callback callback;
  private final Operation op;
  private final HttpFields headers;
  private final ReadBody body;
  private final Iterator<Node> order;
  private int tried;

  ForwardedRead(Spawn spawn, ReadClient client, Replies replies, Request request,
      Response response, Callback callback) {
    this.spawn = spawn;
    this.client = client;
    this.replies = replies;
    this.request = request;
    this.response = response;
    this.callback = callback;
    this.op = Operation.of(request.getMethod());
    this.headers = ProxyHeaders.forRead(request);
    this.body = hasBody(request) ? new ReadBody(request) : null;
    this.order = spawn.reads().failoverOrder().iterator();
  }

  Request request() {
    return request;
  }

  Response response() {
    return response;
  }

  Callback callback() {
    return callback;
  }

  /** Sends the read to the next node in fail-over order, or answers 503 when none is left. */
  void next() {
    if (!order.hasNext()) {
      noNodeLeft();
      return;
    }
    Node node = order.next();
    tried++;
    org.eclipse.jetty.client.Request out =
        client.newRequest(node, request.getMethod(), request.getHttpURI().getPathQuery());
    out.headers(h -> h.add(headers));
    if (body != null) {
      out.body(body);
    }
    ReadAttempt attempt = new ReadAttempt(this, node);
    out.onRequestBegin(attempt);
    out.send(attempt);
  }

  /** The node sent its whole answer. */
  void answered(Node node) {
    spawn.metrics().record(node.id(), op, Result.SUCCESS);
  }

  /**
   * The node failed before the client got anything: the next node is tried when nothing reached
   * this one (or it broke off before any of the body was read), else the client gets 504 or 502.
   */
  void failedBeforeAnswer(Node node, Throwable failure, boolean sent) {
    spawn.metrics().record(node.id(), op, Result.FAILURE);
    NodeFailure kind = NodeFailure.of(failure, sent);
    if (kind.nodeIsDown()) {
      spawn.health().reportFailure(node.id(), asException(failure));
    }
    boolean retryable = kind == NodeFailure.UNREACHABLE
        || (kind == NodeFailure.BROKEN && (body == null || !body.touched()));
    if (!retryable) {
      answerFailure(node, kind, failure);
      return;
    }
    log.info("Node {} failed on {} {} ({}); trying the next node", node.id(), request.getMethod(),
        request.getHttpURI().getPathQuery(), failure.toString());
    next();
  }

  /** The node failed while its answer was streamed: the client's response is aborted. */
  void failedDuringAnswer(Node node, Throwable failure) {
    spawn.metrics().record(node.id(), op, Result.FAILURE);
    if (NodeFailure.of(failure, true).nodeIsDown()) {
      spawn.health().reportFailure(node.id(), asException(failure));
    }
    log.warn("Node {} failed while answering {} {}: {}", node.id(), request.getMethod(),
        request.getHttpURI().getPathQuery(), failure.toString());
  }

  private void answerFailure(Node node, NodeFailure kind, Throwable failure) {
    if (kind == NodeFailure.TIMEOUT) {
      replies.error(response, callback, 504, "node " + node.id() + " did not answer within "
          + spawn.config().delivery().responseTimeout().toMillis() + " ms",
          "delivery.response-timeout-ms sets the limit");
    } else {
      replies.error(response, callback, 502, "node " + node.id() + " failed: " + failure, null);
    }
  }

  private void noNodeLeft() {
    replies.error(response, callback, 503,
        "no healthy node to serve " + request.getMethod() + " " + request.getHttpURI().getPath()
            + (tried == 0 ? ": none is active, healthy and out of maintenance"
                : ": the " + tried + " eligible node(s) could not be reached"),
        "see the nodes' health and queues in the admin API");
  }

  private static Exception asException(Throwable failure) {
    return failure instanceof Exception e ? e : new Exception(failure.toString(), failure);
  }

  private static boolean hasBody(Request request) {
    long length = request.getLength();
    return length > 0 || (length < 0 && request.getHeaders().contains("Transfer-Encoding"));
  }
}
