package dev.spawn.health;

import dev.spawn.Node;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/** A real HTTP server on 127.0.0.1 whose answers a test sets; counts what it was asked. */
final class TestServer implements AutoCloseable {

  /** How the server answers one request. */
  @FunctionalInterface
  interface Answer {
    void answer(Request request, Response response, Callback callback) throws Exception;
  }

  private final Server server = new Server();
  private final ServerConnector connector = new ServerConnector(server);
  private final AtomicInteger requests = new AtomicInteger();
  private final List<String> paths = new CopyOnWriteArrayList<>();
  private final List<String> connections = new CopyOnWriteArrayList<>();
  private volatile Answer answer = reply(200, "ok");
  private final int port;

  TestServer() throws Exception {
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    // A handler stuck writing to a client that went away must not hold up stop() for long.
    connector.setIdleTimeout(2000);
    server.setStopTimeout(0); // no graceful phase: close connections at once
    server.addConnector(connector);
    server.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback)
              throws Exception {
            paths.add(Request.getPathInContext(request));
            connections.add(request.getConnectionMetaData().getId());
            requests.incrementAndGet();
            answer.answer(request, response, callback);
            return true;
          }
        });
    server.start();
    port = connector.getLocalPort(); // kept: a stopped server still names its node
  }

  static Answer reply(int status, String body) {
    return (request, response, callback) -> {
      response.setStatus(status);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
      Content.Sink.write(response, true, body, callback);
    };
  }

  /** Waits for the latch (at most 30 s) before answering 200. */
  static Answer hangUntil(CountDownLatch latch) {
    return (request, response, callback) -> {
      latch.await(30, TimeUnit.SECONDS);
      reply(200, "late").answer(request, response, callback);
    };
  }

  /** A 200 whose body starts with {@code head} and never ends until the client goes away. */
  static Answer endless(String head) {
    return (request, response, callback) -> {
      response.setStatus(200);
      byte[] filler = "x".repeat(8192).getBytes(StandardCharsets.US_ASCII);
      try (OutputStream out = Content.Sink.asOutputStream(response)) {
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        while (true) {
          out.write(filler);
        }
      } catch (IOException clientGone) {
        callback.failed(clientGone);
      }
    };
  }

  void answer(Answer next) {
    this.answer = next;
  }

  int port() {
    return port;
  }

  Node node() {
    return Node.of("127.0.0.1", port());
  }

  int requests() {
    return requests.get();
  }

  List<String> paths() {
    return paths;
  }

  /** The id of the connection each request came on, in order. */
  List<String> connections() {
    return connections;
  }

  /**
   * Stops the server, waiting at most 20 s. Once in a few hundred runs, under load, Jetty's
   * selector did not acknowledge its stop after a handler had answered a client that already gave
   * up (the test then hung in clean-up for the whole test timeout); a test server left behind
   * costs nothing, a hung build does.
   */
  @Override
  public void close() {
    Thread stopper = new Thread(() -> {
      try {
        server.stop();
      } catch (Exception e) {
        throw new IllegalStateException("could not stop the test server", e);
      }
    }, "test-server-stop");
    stopper.setDaemon(true);
    stopper.start();
    try {
      stopper.join(20_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (stopper.isAlive()) {
      System.err.println("TestServer on port " + port() + " did not stop within 20 s; left behind");
    }
  }
}
