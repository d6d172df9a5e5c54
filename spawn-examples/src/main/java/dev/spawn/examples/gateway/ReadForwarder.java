package dev.spawn.examples.gateway;

import dev.spawn.Node;
import dev.spawn.Spawn;
import dev.spawn.metrics.Operation;
import dev.spawn.metrics.SpawnMetrics.Result;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards a read to the node the query mode chooses and streams the answer back. When a node
 * cannot be reached it is reported to the health checker and the next node in fail-over order is
 * tried; when none is left the client gets 503 with a JSON error. Thread-safe.
 */
final class ReadForwarder {

  private static final Logger log = LoggerFactory.getLogger(ReadForwarder.class);
  private static final int BUFFER = 16 * 1024;
  /** Bodies up to this size are read whole and written in one go. */
  private static final int SMALL = 64 * 1024;

  private final Spawn spawn;
  private final Upstream upstream;
  private final Replies replies;

  ReadForwarder(Spawn spawn, Upstream upstream, Replies replies) {
    this.spawn = spawn;
    this.upstream = upstream;
    this.replies = replies;
  }

  void handle(Request request, Response response, Callback callback) {
    String method = request.getMethod();
    String target = request.getHttpURI().getPathQuery();
    Operation op = Operation.of(method);
    List<Header> headers = ProxyHeaders.forRead(request);
    TrackedBody body = hasBody(request) ? new TrackedBody(Request.asInputStream(request)) : null;
    List<Node> order = spawn.reads().failoverOrder();
    int tried = 0;
    for (Node node : order) {
      tried++;
      Exchange exchange = new Exchange(request, response, node);
      HttpEntity entity =
          body == null ? null : new InputStreamEntity(body, request.getLength(), null);
      try {
        upstream.sendRaw(node, method, target, headers, entity, exchange::stream);
        spawn.metrics().record(node.id(), op, Result.SUCCESS);
        if (exchange.small != null) {
          response.write(true, ByteBuffer.wrap(exchange.small), callback);
        } else {
          callback.succeeded();
        }
        return;
      } catch (ClientGone e) {
        log.debug("Client of {} {} went away", method, target, e);
        callback.failed(e);
        return;
      } catch (IOException e) {
        spawn.metrics().record(node.id(), op, Result.FAILURE);
        Upstream.Failure failure = Upstream.classify(e);
        if (failure != Upstream.Failure.BROKEN) {
          spawn.health().reportFailure(node.id(), e);
        }
        if (exchange.started) {
          log.warn("Node {} failed while answering {} {}: {}", node.id(), method, target,
              e.toString());
          callback.failed(e);
          return;
        }
        boolean retryable = failure == Upstream.Failure.UNREACHABLE
            || (failure == Upstream.Failure.BROKEN && (body == null || !body.touched));
        if (!retryable) {
          answerFailure(response, callback, node, failure, e);
          return;
        }
        log.info("Node {} failed on {} {} ({}); trying the next node", node.id(), method, target,
            e.toString());
      }
    }
    replies.error(response, callback, 503,
        "no healthy node to serve " + method + " " + request.getHttpURI().getPath()
            + (tried == 0 ? ": none is active, healthy and out of maintenance"
                : ": the " + tried + " eligible node(s) could not be reached"),
        "see the nodes' health and queues in the admin API");
  }

  private void answerFailure(Response response, Callback callback, Node node,
      Upstream.Failure failure, IOException e) {
    if (failure == Upstream.Failure.TIMEOUT) {
      replies.error(response, callback, 504, "node " + node.id() + " did not answer within "
          + spawn.config().delivery().responseTimeout().toMillis() + " ms",
          "delivery.response-timeout-ms sets the limit");
    } else {
      replies.error(response, callback, 502, "node " + node.id() + " failed: " + e, null);
    }
  }

  private static boolean hasBody(Request request) {
    long length = request.getLength();
    return length > 0 || (length < 0 && request.getHeaders().contains("Transfer-Encoding"));
  }

  /**
   * Passes one node's answer to the client: a small body of known length is read whole and written
   * at once after the connection went back to the pool; anything else is streamed.
   */
  private static final class Exchange {
    private final Request request;
    private final Response response;
    private final Node node;
    boolean started;
    byte[] small;

    Exchange(Request request, Response response, Node node) {
      this.request = request;
      this.response = response;
      this.node = node;
    }

    Void stream(ClassicHttpResponse answer) throws IOException {
      started = true;
      response.setStatus(answer.getCode());
      Header[] all = answer.getHeaders();
      Set<String> named = ProxyHeaders.connectionNamed(
          Arrays.stream(answer.getHeaders("Connection")).map(Header::getValue).toList());
      HttpFields.Mutable out = response.getHeaders();
      for (Header h : all) {
        if (ProxyHeaders.toClient(h.getName(), named)) {
          Replies.copy(out, h.getName(), h.getValue(), node, request);
        }
      }
      HttpEntity entity = answer.getEntity();
      if (entity == null) {
        small = new byte[0];
        return null;
      }
      long length = entity.getContentLength();
      if (length >= 0 && length <= SMALL) {
        try (InputStream in = entity.getContent()) {
          small = in.readNBytes((int) length);
        }
        return null;
      }
      OutputStream client = Content.Sink.asOutputStream(response);
      try (InputStream in = entity.getContent()) {
        byte[] buffer = new byte[BUFFER];
        int n;
        while ((n = in.read(buffer)) >= 0) {
          write(client, buffer, n);
        }
      }
      try {
        client.close();
      } catch (IOException e) {
        throw new ClientGone(e);
      }
      return null;
    }

    private static void write(OutputStream client, byte[] buffer, int n) throws ClientGone {
      try {
        client.write(buffer, 0, n);
      } catch (IOException e) {
        throw new ClientGone(e);
      }
    }
  }

  /** The client's connection failed while its answer was written: nobody's fault but its own. */
  private static final class ClientGone extends IOException {
    ClientGone(IOException cause) {
      super("client connection failed: " + cause.getMessage(), cause);
    }
  }

  /** The request body, remembering whether any of it was read (then it cannot be sent again). */
  private static final class TrackedBody extends InputStream {
    private final InputStream in;
    volatile boolean touched;

    TrackedBody(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      touched = true;
      return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      touched = true;
      return in.read(b, off, len);
    }

    @Override
    public void close() {
      // Left open: a node that could not be reached may have closed it unread, and the next node
      // still needs it. Jetty disposes of the request's content when the exchange completes.
    }
  }
}
