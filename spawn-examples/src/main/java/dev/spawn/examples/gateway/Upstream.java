package dev.spawn.examples.gateway;

import dev.spawn.Node;
import dev.spawn.config.DeliveryConfig;
import dev.spawn.mirror.MirrorRequest;
import java.io.IOException;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.HttpClientResponseHandler;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The gateway's pooled, blocking HTTP client to its nodes for writes sent directly ({@code respond:
 * primary}; Apache HttpClient 5, classic). Reads go through the proxy's own event loops
 * instead ({@link ReadRelay}); {@link NodeFailure} says what a failed exchange means for either. The client does
 * little on its own: no redirects followed, no automatic retries (the gateway decides), no cookies
 * kept, no decompression (bodies pass through as they are), no {@code User-Agent} of its own.
 * Thread-safe.
 */
final class Upstream implements AutoCloseable {

  private final CloseableHttpClient http;

  Upstream(DeliveryConfig delivery) {
    PoolingHttpClientConnectionManagerBuilder pool =
        PoolingHttpClientConnectionManagerBuilder.create()
            .setMaxConnTotal(2048)
            .setMaxConnPerRoute(512)
            // LAX: no pool-wide lock on every lease; limits are then approximate, which is fine.
            .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.LAX)
            .setDefaultConnectionConfig(ConnectionConfig.custom()
                // A pooled connection the node closed while idle would fail the next request.
                .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                .setConnectTimeout(Timeout.of(delivery.connectTimeout()))
                .setSocketTimeout(Timeout.of(delivery.responseTimeout()))
                .build());
    SSLContext tls = delivery.sslContext().orElse(null);
    if (tls != null) {
      pool.setTlsSocketStrategy(new DefaultClientTlsStrategy(tls));
    }
    this.http = HttpClients.custom()
        .setConnectionManager(pool.build())
        .disableRedirectHandling()
        .disableAutomaticRetries()
        .disableCookieManagement()
        .disableContentCompression()
        .disableAuthCaching()
        .disableDefaultUserAgent()
        .setDefaultRequestConfig(RequestConfig.custom()
            .setResponseTimeout(Timeout.of(delivery.responseTimeout()))
            .build())
        .build();
  }

  /**
   * Sends one request to a node and lets {@code handler} read the answer (the connection goes back
   * to the pool when the handler returns).
   *
   * @param body the request body, {@code null} for none
   */
  <T> T send(Node node, String method, String target, List<MirrorRequest.Header> headers,
      HttpEntity body, HttpClientResponseHandler<T> handler) throws IOException {
    HttpHost host = host(node);
    BasicClassicHttpRequest request = new BasicClassicHttpRequest(method, host, target);
    for (MirrorRequest.Header h : headers) {
      request.addHeader(h.name(), h.value());
    }
    if (body != null) {
      request.setEntity(body);
    }
    return http.execute(host, request, handler);
  }

  private static HttpHost host(Node node) {
    return new HttpHost(node.scheme(), bare(node.host()), node.port());
  }

  // HttpHost wants an IPv6 literal without its brackets.
  private static String bare(String host) {
    return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
  }

  @Override
  public void close() {
    http.close(CloseMode.GRACEFUL);
  }
}
