package dev.spawn.examples.gateway;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;
import org.apache.hc.client5.http.ConnectTimeoutException;

/**
 * What a failed exchange with a node means for the request and for the node: the one rule, for
 * both HTTP clients the gateway uses (the blocking one of writes, the non-blocking one of reads).
 */
enum NodeFailure {
  /** No connection was made, so nothing was sent: try another node; the node is down. */
  UNREACHABLE,
  /** Sent, but no answer in time: the outcome is unknown; the node counts as down. */
  TIMEOUT,
  /** Sent (or not sent for a reason that is not the node's), then failed: the node may be fine. */
  BROKEN;

  /** Whether the node should be reported to the health checker (it is down, not just unlucky). */
  boolean nodeIsDown() {
    return this != BROKEN;
  }

  /** What an exception of the blocking client ({@link Upstream}) means. */
  static NodeFailure of(IOException e) {
    if (e instanceof ConnectException || e instanceof ConnectTimeoutException
        || e instanceof NoRouteToHostException || e instanceof UnknownHostException) {
      return UNREACHABLE;
    }
    if (e instanceof InterruptedIOException) {
      return TIMEOUT; // SocketTimeoutException: sent, no answer in time
    }
    return BROKEN;
  }

  /**
   * What a failure of a read's node connection ({@link ReadRelay}) means. Its exceptions do not
   * always say on their own whether the connection was ever made (a connect timeout may be a {@link
   * SocketTimeoutException}, a silent node is a {@link TimeoutException}), so the caller says
   * whether the request had begun to go out on a connection.
   *
   * @param sent whether the request began to be sent on an open connection
   */
  static NodeFailure of(Throwable failure, boolean sent) {
    if (!sent) {
      boolean connecting = failure instanceof ConnectException
          || failure instanceof SocketTimeoutException || failure instanceof NoRouteToHostException
          || failure instanceof UnknownHostException;
      // Anything else before sending (a full request queue, the client stopping) is not the node's
      // fault: BROKEN, which is retried elsewhere since no body was read.
      return connecting ? UNREACHABLE : BROKEN;
    }
    if (failure instanceof TimeoutException || failure instanceof InterruptedIOException) {
      return TIMEOUT;
    }
    return BROKEN;
  }
}
