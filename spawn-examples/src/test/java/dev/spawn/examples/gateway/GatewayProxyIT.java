package dev.spawn.examples.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spawn.Node;
import dev.spawn.SpawnConfig;
import dev.spawn.testing.RecordingPeer;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What crosses the gateway: headers both ways, forwarded headers, big bodies, timeouts. */
class GatewayProxyIT {

  private RecordingPeer peer;
  private Server bigServer;
  private SpawnGateway gateway;

  @AfterEach
  void stop() throws Exception {
    if (gateway != null) {
      gateway.close();
    }
    if (peer != null) {
      peer.close();
    }
    if (bigServer != null) {
      bigServer.stop();
    }
  }

  private void start(int nodePort) throws Exception {
    SpawnConfig config = SpawnConfig.builder()
        .nodes(List.of(Node.of("127.0.0.1", nodePort)))
        .host("127.0.0.1")
        .journal(j -> j.memory(true))
        .healthCheck(h -> h.interval(Duration.ofMinutes(5)))
        .delivery(d -> d.responseTimeout(Duration.ofSeconds(1)).backoffMax(Duration.ofSeconds(1)))
        .build();
    gateway = SpawnGateway.builder(config).proxyPort(0).apiPort(0).start();
  }

  @Test
  void aReadCarriesEndToEndHeadersOnlyAndForwardedHeaders() throws Exception {
    peer = RecordingPeer.start();
    peer.behave((r, headers) -> {
      headers.put("X-App", "yes");
      headers.put("Proxy-Authenticate", "Basic realm=node");
      headers.put("Location", "http://127.0.0.1:" + peer.port() + "/moved?a=1");
      return 200;
    });
    start(peer.port());

    String answer = raw("GET /x?q=%20a HTTP/1.1\r\n"
        + "Host: gw.example:8080\r\n"
        + "Connection: close, X-Private\r\n"
        + "X-Private: secret\r\n"
        + "Proxy-Authorization: Basic abc\r\n"
        + "TE: trailers\r\n"
        + "Spawn-Id: forged\r\n"
        + "X-Forwarded-For: 203.0.113.9\r\n"
        + "X-Forwarded-Proto: https\r\n"
        + "Accept: text/plain\r\n"
        + "Cookie: s=1\r\n\r\n");

    RecordingPeer.Received got = peer.received().get(0);
    assertThat(got.target()).isEqualTo("/x?q=%20a");
    assertThat(got.header("Host")).isEqualTo("127.0.0.1:" + peer.port());
    assertThat(got.header("Accept")).isEqualTo("text/plain");
    assertThat(got.header("Cookie")).isEqualTo("s=1");
    assertThat(got.header("X-Forwarded-For")).isEqualTo("203.0.113.9, 127.0.0.1");
    assertThat(got.header("X-Forwarded-Proto")).isEqualTo("http");
    assertThat(got.header("X-Forwarded-Host")).isEqualTo("gw.example:8080");
    for (String dropped : List.of("X-Private", "Proxy-Authorization", "TE", "Spawn-Id")) {
      assertThat(got.header(dropped)).as(dropped).isNull();
    }
    assertThat(answer).startsWith("HTTP/1.1 200 ").contains("\r\nX-App: yes\r\n")
        .contains("\r\nLocation: http://gw.example:8080/moved?a=1\r\n")
        .doesNotContain("Proxy-Authenticate").endsWith("answer 200");
  }

  @Test
  void aWriteIsStampedAndLosesTheCookieAndClientSpawnHeaders() throws Exception {
    peer = RecordingPeer.start();
    peer.behave((r, headers) -> {
      headers.put("X-App", "written");
      return 201;
    });
    start(peer.port());

    String answer = raw("PUT /notes/1 HTTP/1.1\r\n"
        + "Host: gw.example\r\n"
        + "Connection: close\r\n"
        + "Content-Type: application/json\r\n"
        + "Cookie: s=1\r\n"
        + "Spawn-Id: forged\r\n"
        + "Content-Length: 7\r\n\r\n"
        + "{\"a\":1}");

    RecordingPeer.Received got = peer.received().get(0);
    assertThat(got.method()).isEqualTo("PUT");
    assertThat(got.bodyText()).isEqualTo("{\"a\":1}");
    assertThat(got.header("Cookie")).isNull();
    assertThat(got.header("Spawn-Id")).isNotEqualTo("forged").matches("[0-9a-f-]{36}");
    assertThat(got.header("Spawn-Origin-Time")).matches("[0-9]+");
    assertThat(got.header("X-Forwarded-For")).isEqualTo("127.0.0.1");
    assertThat(got.header("X-Forwarded-Host")).isEqualTo("gw.example");
    assertThat(answer).startsWith("HTTP/1.1 201 ").contains("\r\nX-App: written\r\n")
        .contains("\r\nSpawn-Id: " + got.header("Spawn-Id") + "\r\n").endsWith("answer 201");
  }

  @Test
  void largeAnswersStreamThrough() throws Exception {
    int size = 24 * 1024 * 1024;
    bigServer = new Server();
    ServerConnector connector = new ServerConnector(bigServer);
    connector.setHost("127.0.0.1");
    bigServer.addConnector(connector);
    bigServer.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        response.getHeaders().put("Content-Type", "application/octet-stream");
        write(response, callback, size, 0);
        return true;
      }
    });
    bigServer.start();
    start(connector.getLocalPort());

    HttpResponse<InputStream> big = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(gateway.proxyUri().resolve("/big")).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    long read = 0;
    try (InputStream in = big.body()) {
      byte[] buffer = new byte[65536];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        sha.update(buffer, 0, n);
        read += n;
      }
    }

    assertThat(big.statusCode()).isEqualTo(200);
    assertThat(read).isEqualTo(size);
    assertThat(HexFormat.of().formatHex(sha.digest())).isEqualTo(expectedSha(size));
  }

  @Test
  void aNodeThatDoesNotAnswerInTimeGives504AndIsMarkedDown() throws Exception {
    peer = RecordingPeer.start();
    peer.behave((r, headers) -> RecordingPeer.HANG);
    start(peer.port());
    String node = "127.0.0.1:" + peer.port();

    HttpResponse<String> slow = Http.get(gateway.proxyUri().resolve("/slow").toString());

    assertThat(slow.statusCode()).isEqualTo(504);
    assertThat(slow.body()).contains("\"error\":504", node + " did not answer within 1000 ms");
    assertThat(gateway.spawn().health().isHealthy(node)).isFalse();
    HttpResponse<String> none = Http.get(gateway.proxyUri().resolve("/slow").toString());
    assertThat(none.statusCode()).isEqualTo(503);
  }

  @Test
  void theAdminApiListsNodesAndQueues() throws Exception {
    peer = RecordingPeer.start();
    start(peer.port());

    HttpResponse<String> nodes = Http.get(gateway.apiUri().resolve("/nodes").toString());
    HttpResponse<String> queues = Http.get(gateway.apiUri().resolve("/queues").toString());

    assertThat(nodes.statusCode()).isEqualTo(200);
    assertThat(nodes.body()).contains("\"data\":{\"success\":true,\"total\":1,\"results\":[{",
        "\"port\":" + peer.port());
    assertThat(queues.statusCode()).isEqualTo(200);
    assertThat(queues.body()).contains("\"node\":\"127.0.0.1:" + peer.port() + "\"",
        "\"state\":\"delivering\"");
  }

  private static byte[] chunk(long offset, int length) {
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) {
      b[i] = (byte) ((offset + i) * 31 >>> 3);
    }
    return b;
  }

  private static String expectedSha(int size) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    for (long off = 0; off < size; off += 65536) {
      sha.update(chunk(off, (int) Math.min(65536, size - off)));
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  // Writes the body in 64 KiB pieces, each after the previous one was sent: a streamed answer.
  private static void write(Response response, Callback done, int size, long offset) {
    int length = (int) Math.min(65536, size - offset);
    boolean last = offset + length >= size;
    response.write(last, ByteBuffer.wrap(chunk(offset, length)), Callback.from(() -> {
      if (last) {
        done.succeeded();
      } else {
        write(response, done, size, offset + length);
      }
    }, done::failed));
  }

  private String raw(String request) throws Exception {
    return Http.raw(gateway.proxyUri(), request);
  }
}
