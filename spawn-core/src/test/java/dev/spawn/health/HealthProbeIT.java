package dev.spawn.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spawn.Node;
import dev.spawn.config.HealthCheckConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What one check decides, and why, against a real server. */
class HealthProbeIT {

  private final CountDownLatch release = new CountDownLatch(1);
  private final TestServer server;
  private final List<CloseableHttpClient> clients = new ArrayList<>();

  HealthProbeIT() throws Exception {
    server = new TestServer();
  }

  @AfterEach
  void cleanUp() throws Exception {
    release.countDown();
    for (CloseableHttpClient client : clients) {
      client.close();
    }
    server.close();
  }

  private CloseableHttpClient client(HealthCheckConfig settings) {
    CloseableHttpClient client = HealthProbe.newClient(settings, null);
    clients.add(client);
    return client;
  }

  private ProbeResult probe(HealthCheckConfig settings, Node node) {
    return new HealthProbe(client(settings), settings, System::nanoTime).probe(node);
  }

  private ProbeResult probe(HealthCheckConfig settings) {
    return probe(settings, server.node());
  }

  private static HealthCheckConfig.Builder settings() {
    return HealthCheckConfig.builder().interval(Duration.ofHours(1)).timeout(Duration.ofSeconds(5));
  }

  @Test
  void a2xxIsHealthyAndThePathIsAskedFor() {
    server.answer(TestServer.reply(204, ""));
    ProbeResult result = probe(settings().url("/health?deep=1").build());
    assertThat(result.healthy()).isTrue();
    assertThat(result.reason()).isEqualTo("status 204");
    assertThat(server.paths()).containsExactly("/health");
  }

  @Test
  void eachCheckOpensItsOwnConnection() {
    HealthCheckConfig check = settings().build();
    HealthProbe probe = new HealthProbe(client(check), check, System::nanoTime);
    for (int i = 0; i < 3; i++) {
      assertThat(probe.probe(server.node()).healthy()).isTrue();
    }
    assertThat(server.connections()).hasSize(3).doesNotHaveDuplicates();
  }

  @Test
  void aServerErrorIsUnhealthy() {
    server.answer(TestServer.reply(500, "boom"));
    ProbeResult result = probe(settings().build());
    assertThat(result.healthy()).isFalse();
    assertThat(result.reason()).isEqualTo("status 500");
  }

  @Test
  void aRefusedConnectionIsUnhealthy() throws Exception {
    Node gone = server.node();
    server.close();
    ProbeResult result = probe(settings().build(), gone);
    assertThat(result.healthy()).isFalse();
    assertThat(result.reason()).isEqualTo("connection refused");
  }

  @Test
  void aServerSlowerThanTheTimeoutIsUnhealthy() {
    server.answer(TestServer.hangUntil(release));
    ProbeResult result = probe(settings().timeout(Duration.ofMillis(300)).build());
    assertThat(result.healthy()).isFalse();
    assertThat(result.reason()).startsWith("timed out after").contains("limit 300 ms");
  }

  @Test
  void theBodyMustContainThePatternWhenOneIsSet() {
    HealthCheckConfig upOnly = settings().regexp("\"status\":\\s*\"UP\"").build();
    server.answer(TestServer.reply(200, "{\"status\": \"UP\"}"));
    assertThat(probe(upOnly)).isEqualTo(ProbeResult.healthy("status 200, pattern found"));

    server.answer(TestServer.reply(200, "{\"status\": \"DEGRADED\"}"));
    ProbeResult result = probe(upOnly);
    assertThat(result.healthy()).isFalse();
    assertThat(result.reason()).contains("pattern").contains("missing").contains("status 200");
  }

  @Test
  void aMatchingBodyWithABadStatusIsStillUnhealthy() {
    server.answer(TestServer.reply(503, "UP"));
    assertThat(probe(settings().regexp("UP").build()).healthy()).isFalse();
  }

  @Test
  void onlyTheFirstMaxBodyBytesAreSearched() {
    server.answer(TestServer.reply(200, "x".repeat(70 * 1024) + "UP"));
    ProbeResult result = probe(settings().regexp("UP").build());
    assertThat(result.healthy()).isFalse();
    assertThat(result.reason()).contains("first 65536 bytes");

    server.answer(TestServer.reply(200, "x".repeat(1000) + "UP"));
    assertThat(probe(settings().regexp("UP").build()).healthy()).isTrue();
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void anEndlessBodyIsCutShortInsteadOfReadToTheEnd() {
    server.answer(TestServer.endless("UP "));
    ProbeResult result = probe(settings().regexp("UP").build());
    assertThat(result).isEqualTo(ProbeResult.healthy("status 200, pattern found"));
  }

  @Test
  void redirectsAreNotFollowed() {
    server.answer(
        (request, response, callback) -> {
          if (request.getHttpURI().getPath().equals("/")) {
            response.setStatus(302);
            response.getHeaders().put(HttpHeader.LOCATION, "/login");
            Content.Sink.write(response, true, "", callback);
          } else {
            TestServer.reply(200, "login page").answer(request, response, callback);
          }
        });
    ProbeResult result = probe(settings().build());
    assertThat(result.healthy()).isFalse();
    assertThat(result.reason()).isEqualTo("status 302 (redirects are not followed)");
    assertThat(server.requests()).isOne();
  }

  @Test
  void aGivenClientThatFollowsRedirectsDoesNotFollowThemForChecks() throws Exception {
    server.answer(
        (request, response, callback) -> {
          response.setStatus(301);
          response.getHeaders().put(HttpHeader.LOCATION, "/elsewhere");
          Content.Sink.write(response, true, "", callback);
        });
    try (CloseableHttpClient following = HttpClients.createDefault()) {
      HealthCheckConfig check = settings().build();
      ProbeResult result = new HealthProbe(following, check, System::nanoTime).probe(server.node());
      assertThat(result.reason()).isEqualTo("status 301 (redirects are not followed)");
    }
    assertThat(server.requests()).isOne();
  }

  @Test
  void theBodyIsDecodedWithItsCharset() {
    server.answer(
        (request, response, callback) -> {
          response.setStatus(200);
          response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=ISO-8859-1");
          response.write(
              true, java.nio.ByteBuffer.wrap(new byte[] {'g', 'r', (byte) 0xFC, 'n'}), callback);
        });
    assertThat(probe(settings().regexp("grün").build()).healthy()).isTrue();
  }
}
