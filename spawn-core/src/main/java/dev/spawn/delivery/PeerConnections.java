package dev.spawn.delivery;

import dev.spawn.Node;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.apache.hc.core5.http.impl.io.DefaultBHttpClientConnection;
import org.apache.hc.core5.http.config.Http1Config;

/**
 * Kept-open HTTP/1.1 connections to the peers (Apache HttpCore 5's blocking client connection),
 * without a client's execution chain: a link sends one update at a time and needs no routing,
 * interceptors or pool leasing, which cost more CPU than the exchange itself. A connection idle
 * for more than a second is checked before it is used again (the peer may have closed it). Connect
 * timeout {@code delivery.connect-timeout-ms}, read timeout {@code delivery.response-timeout-ms};
 * HTTPS peers are trusted through the configured context (the JVM's default otherwise) and their
 * host names are verified. Thread-safe.
 */
final class PeerConnections implements AutoCloseable {

  /** Idle connections kept per peer; more are closed. */
  static final int MAX_IDLE_PER_PEER = 8;
  private static final long CHECK_AFTER_IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final int connectTimeoutMillis;
  private final int responseTimeoutMillis;
  private final SSLContext tls;
  private final Map<String, ConcurrentLinkedDeque<Idle>> idle = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private record Idle(DefaultBHttpClientConnection connection, long since) {}

  PeerConnections(DeliverySettings settings) {
    this.connectTimeoutMillis = millis(settings.connectTimeout().toMillis());
    this.responseTimeoutMillis = millis(settings.responseTimeout().toMillis());
    try {
      this.tls = settings.sslContext() != null ? settings.sslContext() : SSLContext.getDefault();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no TLS in this JVM: " + e.getMessage(), e);
    }
  }

  /** An open connection to {@code peer}: a kept one that is still good, or a new one. */
  DefaultBHttpClientConnection lease(Node peer) throws IOException {
    ConcurrentLinkedDeque<Idle> free = idle.get(peer.baseUri());
    if (free != null) {
      Idle kept;
      while ((kept = free.pollLast()) != null) {
        DefaultBHttpClientConnection c = kept.connection();
        if (c.isOpen() && (System.nanoTime() - kept.since() < CHECK_AFTER_IDLE_NANOS
            || !stale(c))) {
          return c;
        }
        closeQuietly(c);
      }
    }
    return open(peer);
  }

  /** Gives back a connection whose exchange ended cleanly and that the peer keeps open. */
  void release(Node peer, DefaultBHttpClientConnection c) {
    if (closed || !c.isOpen()) {
      closeQuietly(c);
      return;
    }
    ConcurrentLinkedDeque<Idle> free =
        idle.computeIfAbsent(peer.baseUri(), k -> new ConcurrentLinkedDeque<>());
    if (free.size() >= MAX_IDLE_PER_PEER) {
      closeQuietly(c);
    } else {
      free.addLast(new Idle(c, System.nanoTime()));
    }
  }

  private static boolean stale(DefaultBHttpClientConnection c) {
    try {
      return c.isStale();
    } catch (IOException e) {
      return true; // the check itself failed: do not use it
    }
  }

  /** Closes a connection that must not be used again. */
  static void closeQuietly(DefaultBHttpClientConnection c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // going away anyway
    }
  }

  @Override
  public void close() {
    closed = true;
    for (ConcurrentLinkedDeque<Idle> free : idle.values()) {
      Idle kept;
      while ((kept = free.pollLast()) != null) {
        closeQuietly(kept.connection());
      }
    }
  }

  private DefaultBHttpClientConnection open(Node peer) throws IOException {
    String host = peer.host().startsWith("[")
        ? peer.host().substring(1, peer.host().length() - 1) : peer.host();
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(host, peer.port()), connectTimeoutMillis);
      socket.setSoTimeout(responseTimeoutMillis);
      if ("https".equals(peer.scheme())) {
        SSLSocketFactory factory = tls.getSocketFactory();
        SSLSocket ssl = (SSLSocket) factory.createSocket(socket, host, peer.port(), true);
        SSLParameters params = ssl.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS"); // the peer's name is verified
        ssl.setSSLParameters(params);
        ssl.startHandshake();
        socket = ssl;
      }
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
    DefaultBHttpClientConnection c = new DefaultBHttpClientConnection(Http1Config.DEFAULT);
    c.bind(socket);
    return c;
  }

  private static int millis(long value) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, value));
  }
}
