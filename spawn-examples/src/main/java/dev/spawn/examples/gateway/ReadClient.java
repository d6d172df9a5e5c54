package dev.spawn.examples.gateway;

import dev.spawn.Node;
import dev.spawn.config.DeliveryConfig;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.ProxyAuthenticationProtocolHandler;
import org.eclipse.jetty.client.RedirectProtocolHandler;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.WWWAuthenticationProtocolHandler;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;

/**
 * The gateway's non-blocking HTTP/1.1 client for reads (Jetty's {@link HttpClient}): no thread
 * waits for a node, and the node's answer is handled on the client's selector thread, so whatever
 * listens to it must not block. Like {@link Upstream} it does nothing on its own: no redirects
 * followed, no authentication answered (a 401 passes through), no cookies kept, no decompression
 * and no {@code Accept-Encoding} added, no User-Agent or default Content-Type added. Connect timeout
 * {@code delivery.connect-timeout-ms}; a request fails when its connection is idle for {@code
 * delivery.response-timeout-ms}. HTTPS nodes are trusted through {@code delivery.trust-store} (the
 * JVM's trust otherwise) and their host names are verified. Started and stopped with the gateway;
 * thread-safe.
 */
final class ReadClient {

  /** Above this many connections to one node, requests wait in the client's queue. */
  static final int MAX_CONNECTIONS_PER_NODE = 512;
  /** Above this many waiting, a read fails at once (and the next node is tried). */
  static final int MAX_QUEUED_PER_NODE = 8192;

  private final HttpClient http;
  private final long responseTimeoutMillis;
  /** Parsed node addresses, so that no read parses a URI to find its node. */
  private final Map<Node, URI> origins = new ConcurrentHashMap<>();

  /**
   * A client whose selector and listeners run on {@code threads} (the proxy server's pool, so
   * a read's server and client side share threads instead of handing work between two pools).
   */
  ReadClient(DeliveryConfig delivery, Executor threads) {
    ClientConnector connector = new ClientConnector();
    connector.setConnectTimeout(delivery.connectTimeout());
    SslContextFactory.Client tls = new SslContextFactory.Client();
    SSLContext trusted = delivery.sslContext().orElse(null);
    if (trusted != null) {
      tls.setSslContext(trusted); // the same trust as delivery and the health checks
    }
    connector.setSslContextFactory(tls);
    connector.setExecutor(threads);
    HttpClientTransportOverHTTP transport = new HttpClientTransportOverHTTP(connector);
    // Answers are read on the selector thread instead of being handed to another thread: the
    // listeners in ReadAttempt only copy bytes to the client's response, which does not block.
    transport.setInvocationType(InvocationType.NON_BLOCKING);
    http = new HttpClient(transport);
    http.setFollowRedirects(false);
    http.setHttpCookieStore(new HttpCookieStore.Empty());
    http.setUserAgentField(null);
    http.setDefaultRequestContentType(null);
    http.setMaxConnectionsPerDestination(MAX_CONNECTIONS_PER_NODE);
    http.setMaxRequestsQueuedPerDestination(MAX_QUEUED_PER_NODE);
    responseTimeoutMillis = delivery.responseTimeout().toMillis();
  }

  /** Starts the client (threads, selector, scheduler). */
  void start() throws Exception {
    http.start();
    // Installed by start(): answered here, a 401 or a redirect would not reach the client as the
    // node sent it. Interim answers (100, 102, 103) keep their handlers, which swallow them.
    http.getProtocolHandlers().remove(WWWAuthenticationProtocolHandler.NAME);
    http.getProtocolHandlers().remove(ProxyAuthenticationProtocolHandler.NAME);
    http.getProtocolHandlers().remove(RedirectProtocolHandler.NAME);
    http.getContentDecoderFactories().clear();
  }

  /** Stops the client: requests still in flight fail. Call it after the proxy stopped. */
  void stop() throws Exception {
    http.stop();
  }

  /** A request to {@code node} for {@code target} (path and query, as the client sent them). */
  Request newRequest(Node node, String method, String target) {
    URI origin = origins.get(node);
    if (origin == null) {
      if (origins.size() > 1024) {
        origins.clear(); // nodes changed many times (priorities, maintenance): forget old ones
      }
      origin = URI.create(node.baseUri());
      origins.put(node, origin);
    }
    return http.newRequest(origin)
        .method(method)
        .path(target)
        .idleTimeout(responseTimeoutMillis, TimeUnit.MILLISECONDS);
  }
}
