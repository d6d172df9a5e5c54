package dev.spawn.examples.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.spawn.Node;
import dev.spawn.SpawnConfig;
import dev.spawn.testing.RecordingPeer;
import dev.spawn.testing.SelfSignedCertificate;
import java.nio.ByteBuffer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads through the non-blocking client: what it must not add, bodies, fail-over, TLS, threads. */
class GatewayReadIT {

  @TempDir Path dir;
  private final List<RecordingPeer> peers = new ArrayList<>();
  private SpawnGateway gateway;

  @AfterEach
  void stop() throws Exception {
    if (gateway != null) {
      gateway.close();
    }
    for (RecordingPeer p : peers) {
      p.close();
    }
  }

  private RecordingPeer peer() throws Exception {
    RecordingPeer p = RecordingPeer.start();
    peers.add(p);
    return p;
  }

  private void start(UnaryOperator<SpawnConfig.Builder> more, Node... nodes) throws Exception {
    SpawnConfig.Builder config = SpawnConfig.builder()
        .nodes(List.of(nodes))
        .byPriority(true)
        .host("127.0.0.1")
        .journal(j -> j.memory(true))
        .healthCheck(h -> h.interval(Duration.ofMinutes(5)))
        .delivery(d -> d.responseTimeout(Duration.ofSeconds(2)).backoffMax(Duration.ofSeconds(1)));
    gateway = SpawnGateway.builder(more.apply(config).build()).proxyPort(0).apiPort(0).start();
  }

  private String proxy(String target) {
    return gateway.proxyUri().resolve(target).toString();
  }

  @Test
  void answersPassAsTheNodeSentThemAndTheClientAddsNothingOfItsOwn() throws Exception {
    RecordingPeer node = peer();
    node.behave((r, headers) -> switch (r.target()) {
      case "/login" -> {
        headers.put("Set-Cookie", "session=abc; Path=/");
        headers.put("Location", "/elsewhere");
        yield 302;
      }
      case "/private" -> {
        headers.put("WWW-Authenticate", "Basic realm=\"node\"");
        yield 401;
      }
      default -> {
        headers.put("Content-Encoding", "gzip"); // not really gzip: it must pass untouched
        yield 200;
      }
    });
    start(c -> c, Node.of("127.0.0.1", node.port()));

    String redirect = raw("GET /login HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n\r\n");
    String denied = raw("GET /private HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n\r\n");
    String plain = raw("GET /plain HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n\r\n");
    String head = raw("HEAD /plain HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n\r\n");

    assertThat(redirect).startsWith("HTTP/1.1 302 ").contains("\r\nLocation: /elsewhere\r\n",
        "\r\nSet-Cookie: session=abc; Path=/\r\n").endsWith("answer 302");
    assertThat(denied).startsWith("HTTP/1.1 401 ")
        .contains("\r\nWWW-Authenticate: Basic realm=\"node\"\r\n").endsWith("answer 401");
    assertThat(plain).startsWith("HTTP/1.1 200 ").contains("\r\nContent-Encoding: gzip\r\n")
        .endsWith("answer 200");
    assertThat(head).startsWith("HTTP/1.1 200 ").contains("\r\nContent-Length: 10\r\n")
        .endsWith("\r\n\r\n");
    List<String> targets = node.received().stream().map(RecordingPeer.Received::target).toList();
    assertThat(targets).containsExactly("/login", "/private", "/plain", "/plain");
    for (RecordingPeer.Received r : node.received()) {
      for (String added : List.of("Cookie", "Accept-Encoding", "User-Agent", "Content-Type")) {
        assertThat(r.header(added)).as(added + " on " + r.target()).isNull();
      }
    }
    assertThat(node.received().get(3).method()).isEqualTo("HEAD");
  }

  @Test
  void odderTargetsReachTheNodeUnchanged() throws Exception {
    RecordingPeer node = peer();
    start(c -> c, Node.of("127.0.0.1", node.port()));
    List<String> targets = List.of("/a/b/?x=%2F&y=1&y=2&z&w=a+b&v=%26%3D",
        "/p%20q/%7Er;m=1?s=%C3%A9&e=", "/?");

    for (String t : targets) {
      assertThat(raw("GET " + t + " HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n\r\n"))
          .startsWith("HTTP/1.1 200 ");
    }

    assertThat(node.received()).extracting(RecordingPeer.Received::target)
        .containsExactlyElementsOf(targets);
  }

  @Test
  void headersAsLargeAsTheGatewayAcceptsReachTheNode() throws Exception {
    RecordingPeer node = peer();
    start(c -> c, Node.of("127.0.0.1", node.port()));
    String cookie = "c".repeat(7_500);

    String answer = raw("GET /h HTTP/1.1\r\nHost: gw\r\nConnection: close\r\nCookie: "
        + cookie + "\r\n\r\n");

    assertThat(answer).startsWith("HTTP/1.1 200 ");
    assertThat(node.received().get(0).header("Cookie")).isEqualTo(cookie);
  }

  @Test
  void aReadWithABodyStreamsItAndGoesToTheNextNodeOnlyWhileItIsUnread() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    RecordingPeer resets = peer();
    resets.behave((r, headers) -> RecordingPeer.RESET); // reads the whole body, then hangs up
    RecordingPeer answers = peer();
    start(c -> c, Node.of("127.0.0.1", closedPort).withPriority(1),
        Node.of("127.0.0.1", answers.port()).withPriority(3));
    String body = "q".repeat(100_000);

    HttpResponse<String> first = Http.send(java.net.http.HttpRequest.newBuilder(
        URI.create(proxy("/search"))).method("GET",
            java.net.http.HttpRequest.BodyPublishers.ofString(body)));

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(answers.received()).hasSize(1);
    assertThat(answers.received().get(0).bodyText()).isEqualTo(body);
    assertThat(answers.received().get(0).header("Content-Type")).isNull();
    assertThat(gateway.spawn().health().isHealthy("127.0.0.1:" + closedPort)).isFalse();

    gateway.spawn().nodes().put(Node.of("127.0.0.1", resets.port()).withPriority(2));
    String second = raw("OPTIONS /search HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n"
        + "Content-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "5\r\nhello\r\n0\r\n\r\n");

    assertThat(second).startsWith("HTTP/1.1 502 ").contains("\"error\":502");
    assertThat(resets.attempts()).isEqualTo(1);
    assertThat(answers.attempts()).isEqualTo(1); // a read whose body was sent is not repeated
    assertThat(gateway.spawn().health().isHealthy("127.0.0.1:" + resets.port())).isTrue();
    assertThat(gateway.spawn().metrics().snapshot("127.0.0.1:" + resets.port()).failure().get())
        .isEqualTo(1);
  }

  @Test
  void readsWaitingForTheirNodeHoldNoGatewayThread() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    RecordingPeer node = peer();
    node.behave((r, headers) -> {
      try {
        release.await(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return 200;
    });
    start(c -> c.delivery(d -> d.responseTimeout(Duration.ofSeconds(30))),
        Node.of("127.0.0.1", node.port()));
    int reads = 40;
    ExecutorService clients = Executors.newFixedThreadPool(reads);
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    for (int i = 0; i < reads; i++) {
      String url = proxy("/wait/" + i);
      answers.add(CompletableFuture.supplyAsync(() -> Http.get(url), clients));
    }

    try {
      await().atMost(Duration.ofSeconds(20)).until(() -> node.attempts() == reads);
      // Every read reached the node; a blocking proxy would now hold 40 threads until release.
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
          threadsIn("FrontHandler", "ReadRelay", "NodeConnections", "ProxyServer"))
          .as("threads inside the gateway's read path while the node thinks").isEmpty());
    } finally {
      release.countDown();
    }

    for (CompletableFuture<HttpResponse<String>> a : answers) {
      assertThat(a.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
    clients.shutdown();
    // Counted when the node's exchange completes, possibly just after the client's last byte.
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
        gateway.spawn().metrics().snapshot("127.0.0.1:" + node.port()).success().get())
        .isEqualTo(reads));
  }

  @Test
  void anHttpsNodeIsReadThroughTheConfiguredTrustStore() throws Exception {
    Path keyStore = SelfSignedCertificate.create(dir.resolve("node.p12"), "changeit");
    RecordingPeer node = RecordingPeer.startTls(keyStore, "changeit");
    peers.add(node);
    start(c -> c.delivery(d -> d.trustStore(keyStore).trustStorePassword("changeit")),
        Node.of("127.0.0.1", node.port()).withScheme("https"));

    HttpResponse<String> read = Http.get(proxy("/secure"));

    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.body()).isEqualTo("answer 200");
    assertThat(node.received().get(0).target()).isEqualTo("/secure");
  }

  @Test
  void aNodeThatBreaksOffMidAnswerAbortsTheClientsAnswer() throws Exception {
    Server node = new Server();
    ServerConnector connector = new ServerConnector(node);
    connector.setHost("127.0.0.1");
    node.addConnector(connector);
    node.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        response.getHeaders().put("Content-Length", Integer.toString(1 << 20));
        response.write(false, ByteBuffer.allocate(64 * 1024), Callback.from(() -> {
          request.getConnectionMetaData().getConnection().getEndPoint().close();
          callback.failed(new IllegalStateException("broke off on purpose"));
        }, callback::failed));
        return true;
      }
    });
    node.start();
    try {
      start(c -> c, Node.of("127.0.0.1", connector.getLocalPort()));
      String id = "127.0.0.1:" + connector.getLocalPort();

      String answer = raw("GET /big HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n\r\n");

      assertThat(answer).startsWith("HTTP/1.1 200 ").contains("\r\nContent-Length: 1048576\r\n");
      assertThat(answer.length()).isLessThan(1 << 20);
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(gateway.spawn().metrics().snapshot(id).failure().get()).isEqualTo(1));
      assertThat(gateway.spawn().health().isHealthy(id)).isTrue(); // it answered: not down
    } finally {
      node.stop();
    }
  }

  private static List<String> threadsIn(String... classes) {
    List<String> found = new ArrayList<>();
    Thread.getAllStackTraces().forEach((thread, stack) -> {
      for (StackTraceElement frame : stack) {
        String c = frame.getClassName();
        if (Arrays.stream(classes).anyMatch(n -> c.equals("dev.spawn.examples.gateway." + n))) {
          found.add(thread.getName() + " in " + frame);
          return;
        }
      }
    });
    return found;
  }

  private String raw(String request) throws Exception {
    return Http.raw(gateway.proxyUri(), request);
  }
}
