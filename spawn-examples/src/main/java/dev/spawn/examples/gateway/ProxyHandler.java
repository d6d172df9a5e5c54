package dev.spawn.examples.gateway;

import dev.spawn.config.MirrorConfig;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy's Jetty handler: a method in {@code mirror.methods} is a write, anything else a read.
 * Runs on a thread that may block (the default for {@link Handler.Abstract}). Thread-safe.
 */
final class ProxyHandler extends Handler.Abstract {

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
    try {
      if (mirror.mirrors(request.getMethod())) {
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
    return true;
  }
}
