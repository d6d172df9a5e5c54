package dev.spawn.examples.bench;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import org.apache.hc.client5.http.classic.methods.HttpPut;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * The benchmark's floor for replication: after the app stored a write, send the same {@code PUT}
 * to every other node at once over pooled HTTP connections and wait for their answers. No
 * journal, no signature, no order, no retries: what replicating by one HTTP request per copy costs
 * at the least, to compare Spawn's three-node numbers with. Copies carry {@link #COPY_HEADER} so
 * the receiving node stores them without sending them on. Thread-safe.
 */
final class FanOut implements AutoCloseable {

  /** Marks a copy: the node that gets it does not fan it out again. */
  static final String COPY_HEADER = "X-Bench-Copy";

  private final List<URI> nodes;
  private final CloseableHttpClient http;

  /** Copies go to {@code nodes} ({@code http://host:port}, no path). */
  FanOut(List<URI> nodes) {
    this.nodes = List.copyOf(nodes);
    this.http = HttpClients.custom()
        .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
            .setMaxConnPerRoute(64).setMaxConnTotal(256).build())
        .disableRedirectHandling().disableAutomaticRetries().disableCookieManagement()
        .disableContentCompression().build();
  }

  /**
   * Sends {@code body} as {@code PUT path} to each node in turn.
   *
   * @throws IOException when a node cannot be reached or does not answer 2xx
   */
  void send(String path, byte[] body) throws IOException {
    for (URI node : nodes) {
      HttpPut put = new HttpPut(node.resolve(path));
      put.setHeader(COPY_HEADER, "1");
      put.setEntity(new ByteArrayEntity(body, null));
      int status = http.execute(put, response -> {
        EntityUtils.consume(response.getEntity());
        return response.getCode();
      });
      if (status / 100 != 2) {
        throw new IOException(node + path + " answered " + status + " to a copy");
      }
    }
  }

  @Override
  public void close() throws IOException {
    http.close();
  }
}
