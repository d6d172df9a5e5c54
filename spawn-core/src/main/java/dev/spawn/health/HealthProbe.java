package dev.spawn.health;

import dev.spawn.Node;
import dev.spawn.config.HealthCheckConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.util.Timeout;

/** Runs one health check against one node: GET, judge the status and the body. Thread-safe. */
final class HealthProbe {

  /** How much of a body is read and searched for the pattern, at most: 64 KiB. */
  static final int MAX_BODY_BYTES = 64 * 1024;

  private static final int CHUNK = 8 * 1024;

  private final CloseableHttpClient client;
  private final HealthCheckConfig settings;
  private final Pattern pattern; // null when there is none
  private final LongSupplier nanoTime;
  private final RequestConfig requestConfig;

  HealthProbe(CloseableHttpClient client, HealthCheckConfig settings, LongSupplier nanoTime) {
    this.client = client;
    this.settings = settings;
    this.pattern = settings.pattern().orElse(null);
    this.nanoTime = nanoTime;
    Timeout timeout = Timeout.ofMilliseconds(settings.timeout().toMillis());
    // Set on every request, so a client the user gave never follows redirects either.
    this.requestConfig =
        RequestConfig.custom()
            .setRedirectsEnabled(false)
            .setResponseTimeout(timeout)
            .setConnectionRequestTimeout(timeout)
            .build();
  }

  /** A client with the settings' timeouts, no redirects, no retries, no cookies. */
  static CloseableHttpClient newClient(HealthCheckConfig settings, SSLContext sslContext) {
    Timeout timeout = Timeout.ofMilliseconds(settings.timeout().toMillis());
    PoolingHttpClientConnectionManagerBuilder pool =
        PoolingHttpClientConnectionManagerBuilder.create()
            .setDefaultConnectionConfig(
                ConnectionConfig.custom()
                    .setConnectTimeout(timeout)
                    .setSocketTimeout(timeout)
                    .build())
            .setMaxConnPerRoute(2)
            .setMaxConnTotal(200);
    if (sslContext != null) {
      pool.setTlsSocketStrategy(
          ClientTlsStrategyBuilder.create().setSslContext(sslContext).buildClassic());
    }
    return HttpClients.custom()
        .setConnectionManager(pool.build())
        .disableRedirectHandling()
        .disableAutomaticRetries()
        .disableCookieManagement()
        .disableAuthCaching()
        .setUserAgent("spawn-health-check")
        .build();
  }

  ProbeResult probe(Node node) {
    HttpGet get = new HttpGet(node.baseUri() + settings.url());
    get.setConfig(requestConfig);
    // A fresh connection per check: it proves the node still accepts connections, and an idle
    // keep-alive connection that the node closed meanwhile cannot fail a check.
    get.setHeader(HttpHeaders.CONNECTION, "close");
    long start = nanoTime.getAsLong();
    AtomicReference<ProbeResult> judged = new AtomicReference<>();
    try {
      return client.execute(
          get,
          response -> {
            ProbeResult result = judge(response, start, get::cancel);
            judged.set(result);
            return result;
          });
    } catch (IOException | RuntimeException e) {
      // When the body was cut short on purpose, releasing the dropped connection may fail after
      // the answer was judged: the judgement stands.
      ProbeResult result = judged.get();
      return result != null ? result : ProbeResult.failed(describe(e, start));
    }
  }

  private ProbeResult judge(ClassicHttpResponse response, long start, Runnable dropConnection)
      throws IOException {
    int status = response.getCode();
    HttpEntity entity = response.getEntity();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    boolean complete = entity == null;
    if (entity != null) {
      InputStream in = entity.getContent();
      byte[] chunk = new byte[CHUNK];
      while (body.size() < MAX_BODY_BYTES) {
        int n = in.read(chunk, 0, Math.min(CHUNK, MAX_BODY_BYTES - body.size()));
        if (n < 0) {
          complete = true;
          break;
        }
        body.write(chunk, 0, n);
        if (elapsedMillis(start) > settings.timeout().toMillis()) {
          dropConnection.run();
          return ProbeResult.failed(
              "timed out: body not read within " + settings.timeout().toMillis() + " ms");
        }
      }
      if (!complete) {
        // Never read an unbounded body to the end just to reuse the connection.
        dropConnection.run();
      }
    }
    if (status < 200 || status > 299) {
      return ProbeResult.failed(
          "status " + status + (status / 100 == 3 ? " (redirects are not followed)" : ""));
    }
    if (pattern == null) {
      return ProbeResult.healthy("status " + status);
    }
    String text = body.toString(charsetOf(entity));
    if (pattern.matcher(text).find()) {
      return ProbeResult.healthy("status " + status + ", pattern found");
    }
    return ProbeResult.failed(
        "pattern '" + pattern.pattern() + "' missing from the first " + body.size()
            + " bytes of the body (status " + status + ")");
  }

  private static Charset charsetOf(HttpEntity entity) {
    try {
      ContentType type = entity == null ? null : ContentType.parseLenient(entity.getContentType());
      Charset charset = type == null ? null : type.getCharset();
      return charset != null ? charset : StandardCharsets.UTF_8;
    } catch (RuntimeException unsupported) {
      return StandardCharsets.UTF_8;
    }
  }

  private String describe(Exception e, long start) {
    long elapsed = elapsedMillis(start);
    if (e instanceof ConnectTimeoutException || e instanceof SocketTimeoutException) {
      return "timed out after " + elapsed + " ms (limit " + settings.timeout().toMillis() + " ms)";
    }
    if (e instanceof ConnectException) {
      String message = String.valueOf(e.getMessage());
      return message.contains("refused") ? "connection refused" : "could not connect: " + message;
    }
    if (e instanceof UnknownHostException) {
      return "unknown host: " + e.getMessage();
    }
    if (e instanceof SSLException) {
      return "TLS failed: " + e.getMessage();
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  private long elapsedMillis(long start) {
    return TimeUnit.NANOSECONDS.toMillis(nanoTime.getAsLong() - start);
  }
}
