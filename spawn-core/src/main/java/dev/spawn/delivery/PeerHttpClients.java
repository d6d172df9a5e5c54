package dev.spawn.delivery;

import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.util.Timeout;

/** Builds the pooled HTTP client used to talk to peers. */
final class PeerHttpClients {

  private PeerHttpClients() {}

  /**
   * A client that does nothing on its own: no redirects followed, no automatic retries (the link
   * decides), no cookies (sessions are per node), no content decompression (bodies pass as they
   * are).
   */
  static CloseableHttpClient create(DeliverySettings settings) {
    PoolingHttpClientConnectionManagerBuilder pool =
        PoolingHttpClientConnectionManagerBuilder.create()
            .setMaxConnTotal(256)
            .setMaxConnPerRoute(16)
            .setDefaultConnectionConfig(
                ConnectionConfig.custom()
                    .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                    .setSocketTimeout(Timeout.of(settings.responseTimeout()))
                    .build());
    if (settings.sslContext() != null) {
      pool.setTlsSocketStrategy(new DefaultClientTlsStrategy(settings.sslContext()));
    }
    PoolingHttpClientConnectionManager manager = pool.build();
    return HttpClients.custom()
        .setConnectionManager(manager)
        .disableRedirectHandling()
        .disableAutomaticRetries()
        .disableCookieManagement()
        .disableContentCompression()
        .disableAuthCaching()
        .disableDefaultUserAgent()
        .setDefaultRequestConfig(
            RequestConfig.custom().setResponseTimeout(Timeout.of(settings.responseTimeout())).build())
        .build();
  }
}
