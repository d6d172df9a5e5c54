package dev.spawn.testing;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * A real HTTP server on a loopback port that records every request it receives and answers as its
 * {@link Behavior} says: a status, a hang, a dropped connection. For tests of delivery and the
 * gateway. Thread-safe.
 */
public final class RecordingPeer implements AutoCloseable {

  /** What the peer does with one request. */
  @FunctionalInterface
  public interface Behavior {
    /** The status to answer, or {@link #HANG} / {@link #RESET}; extra headers go in headers. */
    int answer(Received request, Map<String, String> headers);
  }

  /** Answer nothing until the client gives up (the request's thread is parked until close). */
  public static final int HANG = -1;

  /** Close the connection without answering. */
  public static final int RESET = -2;

  /** One received request. */
  public record Received(
      String method, String target, Map<String, List<String>> headers, byte[] body) {

    /** The first value of a header (case-insensitive), or null. */
    public String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().get(0);
        }
      }
      return null;
    }

    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final Server server;
  private final ServerConnector connector;
  private final ConcurrentLinkedQueue<Received> applied = new ConcurrentLinkedQueue<>();
  private final AtomicInteger attempts = new AtomicInteger();
  private final AtomicReference<Behavior> behavior = new AtomicReference<>((r, h) -> 200);
  private final Object hangLock = new Object();
  private volatile boolean closing;
  private int port;

  private RecordingPeer(int port, SslContextFactory.Server tls) {
    this.server = new Server();
    this.connector = tls == null ? new ServerConnector(server) : new ServerConnector(server, tls);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    connector.setIdleTimeout(5000);
    server.setStopTimeout(0); // no graceful phase: close connections at once
    server.addConnector(connector);
    server.setHandler(new Recorder());
  }

  /** Starts a peer on an ephemeral port. */
  public static RecordingPeer start() throws Exception {
    return start(0);
  }

  /** Starts a peer on the given port (0 for an ephemeral one). */
  public static RecordingPeer start(int port) throws Exception {
    RecordingPeer p = new RecordingPeer(port, null);
    p.server.start();
    p.port = p.connector.getLocalPort();
    return p;
  }

  /** Starts an HTTPS peer on an ephemeral port with the key in a PKCS12 key store. */
  public static RecordingPeer startTls(java.nio.file.Path keyStore, String password)
      throws Exception {
    SslContextFactory.Server tls = new SslContextFactory.Server();
    tls.setKeyStorePath(keyStore.toString());
    tls.setKeyStorePassword(password);
    RecordingPeer p = new RecordingPeer(0, tls);
    p.server.start();
    p.port = p.connector.getLocalPort();
    return p;
  }

  public int port() {
    return port;
  }

  /** Sets what the peer answers from now on; requests answered 2xx/3xx/4xx count as applied. */
  public void behave(Behavior b) {
    behavior.set(b);
  }

  /** Requests answered with a status below 500 (what an app would have applied or refused). */
  public List<Received> received() {
    return new ArrayList<>(applied);
  }

  /** Bodies of the received requests as text, in arrival order. */
  public List<String> bodies() {
    return received().stream().map(Received::bodyText).toList();
  }

  /** Every request that arrived, whatever the answer. */
  public int attempts() {
    return attempts.get();
  }

  @Override
  public void close() throws Exception {
    closing = true;
    synchronized (hangLock) {
      hangLock.notifyAll();
    }
    server.stop();
  }

  private final class Recorder extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
      attempts.incrementAndGet();
      byte[] body;
      try (InputStream in = Content.Source.asInputStream(request)) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        body = out.toByteArray();
      }
      Map<String, List<String>> headers = new LinkedHashMap<>();
      for (HttpField f : request.getHeaders()) {
        headers.computeIfAbsent(f.getName(), k -> new ArrayList<>()).add(f.getValue());
      }
      String target = request.getHttpURI().getPathQuery();
      Received r = new Received(request.getMethod(), target, headers, body);
      Map<String, String> extra = new LinkedHashMap<>();
      int status = behavior.get().answer(r, extra);
      if (status == HANG) {
        synchronized (hangLock) {
          while (!closing) {
            hangLock.wait(100);
          }
        }
        callback.failed(new IllegalStateException("hung"));
        return true;
      }
      if (status == RESET) {
        request.getConnectionMetaData().getConnection().getEndPoint().close();
        callback.failed(new IllegalStateException("reset"));
        return true;
      }
      if (status < 500) {
        applied.add(r);
      }
      response.setStatus(status);
      extra.forEach((k, v) -> response.getHeaders().put(k, v));
      response.write(true, java.nio.ByteBuffer.wrap(("answer " + status).getBytes(StandardCharsets.UTF_8)), callback);
      return true;
    }
  }
}
