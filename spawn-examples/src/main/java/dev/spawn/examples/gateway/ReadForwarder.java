package dev.spawn.examples.gateway;

import dev.spawn.Spawn;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Forwards a read to the node the query mode chooses and streams the answer back, without a thread
 * waiting for the node: the request goes out through the non-blocking {@link ReadClient} and the
 * answer is relayed as it arrives ({@link ForwardedRead}, {@link ReadAttempt}). When a node cannot
 * be reached it is reported to the health checker and the next node in fail-over order is tried;
 * when none is left the client gets 503 with a JSON error. Thread-safe.
 */
final class ReadForwarder {

  private final Spawn spawn;
  private final ReadClient client;
  private final Replies replies;

  ReadForwarder(Spawn spawn, ReadClient client, Replies replies) {
    this.spawn = spawn;
    this.client = client;
    this.replies = replies;
  }

  /** Starts forwarding; returns at once, {@code callback} completes when the client has its answer. */
  void handle(Request request, Response response, Callback callback) {
    new ForwardedRead(spawn, client, replies, request, response, callback).next();
  }
}
