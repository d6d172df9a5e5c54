package dev.spawn.examples.gateway;

import dev.spawn.config.MirrorConfig;
import java.util.concurrent.RejectedExecutionException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy's Jetty handler: a method in {@code mirror.methods} is a write, anything else a read.
 * Thread-safe.
 *
 * <p>It declares itself non-blocking, so Jetty may call it on the thread that parsed the request
 * (the selector) instead of handing each request to another thread. A read holds to that: it is sent
 * on without waiting ({@link ReadForwarder}). A write blocks (it reads the body, waits for the
 * journal's sync and for a node's answer), so it is handed to the server's thread pool first.
 */
final class ProxyHandler extends Handler.Abstract.NonBlocking {

  private static final Logger log = LoggerFactory.getLogger(ProxyHandler.class);

  private final MirrorConfig mirror;
  private final ReadForwarder reads;
  private final Writes writes;
  private final Replies replies;

  ProxyHandler(MirrorConfig mirror, ReadForwarder reads, Writes writes, Replies replies) {
    this.mirror = mirror;
    this.reads = reads;
    this.writes = writes;
    this.replies = replies;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    if (!mirror.mirrors(request.getMethod())) {
      run(request, response, callback, false);
      return true;
    }
    try {
      request.getComponents().getExecutor()
          .execute(() -> run(request, response, callback, true));
    } catch (RejectedExecutionException e) {
      replies.error(response, callback, 503, "the gateway cannot take this write now: " + e,
          "the gateway is stopping or overloaded; retry later");
    }
    return true;
  }

  private void run(Request request, Response response, Callback callback, boolean write) {
    try {
      if (write) {
        writes.handle(request, response, callback);
      } else {
        reads.handle(request, response, callback);
      }
    } catch (Exception e) {
      log.error("{} {} failed in the gateway", request.getMethod(),
          request.getHttpURI().getPathQuery(), e);
      if (response.isCommitted()) {
        callback.failed(e);
      } else {
        replies.error(response, callback, 500, "the gateway failed: " + e, null);
      }
    }
  }
}
