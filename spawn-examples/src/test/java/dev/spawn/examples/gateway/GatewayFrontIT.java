package dev.spawn.examples.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.spawn.Node;
import dev.spawn.SpawnConfig;
import dev.spawn.testing.RecordingPeer;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.FutureCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Netty front of the proxy, on the wire: pipelining, {@code Expect}, the body and head limits,
 * malformed requests, HTTP/1.0 clients, HEAD, and the kept-open node connections behind it. Each
 * test talks raw HTTP over a socket, so it sees exactly what a client would (interim answers,
 * framing, when the connection closes), and reads each answer by its framing, never by timing.
 */
class GatewayFrontIT {

  /** mirror.max-body-bytes here: small, so the limit is reached with a few bytes. */
  private static final int MAX_BODY = 1024;

  private final List<AutoCloseable> nodes = new ArrayList<>();
  private final List<Client> clients = new ArrayList<>();
  private SpawnGateway gateway;

  @AfterEach
  void stop() throws Exception {
    for (Client c : clients) {
      c.close();
    }
    if (gateway != null) {
      gateway.close();
    }
    for (AutoCloseable n : nodes) {
      n.close();
    }
  }

  private RecordingPeer peer() throws Exception {
    RecordingPeer p = RecordingPeer.start();
    nodes.add(p);
    return p;
  }

  private void start(int nodePort) throws Exception {
    SpawnConfig config = SpawnConfig.builder()
        .nodes(List.of(Node.of("127.0.0.1", nodePort)))
        .host("127.0.0.1")
        .journal(j -> j.memory(true))
        .mirror(m -> m.maxBodyBytes(MAX_BODY))
        .healthCheck(h -> h.interval(Duration.ofMinutes(5)))
        .delivery(d -> d.responseTimeout(Duration.ofSeconds(5)).backoffMax(Duration.ofSeconds(1)))
        .build();
    gateway = SpawnGateway.builder(config).proxyPort(0).apiPort(0).start();
  }

  private Client connect() throws IOException {
    Client c = new Client(gateway.proxyUri().getHost(), gateway.proxyUri().getPort());
    clients.add(c);
    return c;
  }

  @Test
  void twoGetsPipelinedInOneWriteAreAnsweredInOrder() throws Exception {
    RecordingPeer node = peer();
    node.behave((r, headers) -> {
      headers.put("X-Target", r.target());
      return r.target().equals("/one") ? 200 : 203; // distinct bodies: "answer 200", "answer 203"
    });
    start(node.port());
    Client client = connect();

    client.send("GET /one HTTP/1.1\r\nHost: gw\r\n\r\nGET /two HTTP/1.1\r\nHost: gw\r\n\r\n");
    Answer first = client.read();
    Answer second = client.read();

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.header("X-Target")).isEqualTo("/one");
    assertThat(first.text()).isEqualTo("answer 200");
    assertThat(second.status()).isEqualTo(203);
    assertThat(second.header("X-Target")).isEqualTo("/two");
    assertThat(second.text()).isEqualTo("answer 203");
    // The connection reads again once the pipelined requests are answered.
    client.send("GET /three HTTP/1.1\r\nHost: gw\r\n\r\n");
    assertThat(client.read().header("X-Target")).isEqualTo("/three");
    assertThat(node.received()).extracting(RecordingPeer.Received::target)
        .containsExactly("/one", "/two", "/three");
  }

  @Test
  void aWriteAndAReadPipelinedInOneWriteAreAnsweredInOrder() throws Exception {
    RecordingPeer node = peer();
    node.behave((r, headers) -> r.method().equals("PUT") ? 201 : 200);
    start(node.port());
    Client client = connect();

    client.send("PUT /notes/1 HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\n"
        + "Content-Length: 7\r\n\r\n{\"a\":1}"
        + "GET /notes/1 HTTP/1.1\r\nHost: gw\r\n\r\n");
    Answer write = client.read();
    Answer read = client.read();

    assertThat(write.status()).isEqualTo(201);
    assertThat(write.text()).isEqualTo("answer 201");
    assertThat(write.header("Spawn-Id")).isNotNull(); // the write's answer, not the read's
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.text()).isEqualTo("answer 200");
    assertThat(read.header("Spawn-Id")).isNull();
    // The read waited for the write's answer, so the node saw the write first.
    assertThat(node.received()).extracting(RecordingPeer.Received::method)
        .containsExactly("PUT", "GET");
    assertThat(node.received().get(0).bodyText()).isEqualTo("{\"a\":1}");
  }

  @Test
  void expect100ContinueIsAnsweredBeforeTheBodyAndOtherExpectationsGet417() throws Exception {
    RecordingPeer node = peer();
    node.behave((r, headers) -> 201);
    start(node.port());
    Client client = connect();

    // The client sends the body only once it has the interim answer: without it, read() times out.
    client.send("PUT /notes/2 HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\n"
        + "Expect: 100-continue\r\nContent-Length: 7\r\n\r\n");
    Answer interim = client.read();
    client.send("{\"b\":2}");
    Answer answer = client.read();

    assertThat(interim.statusLine()).isEqualTo("HTTP/1.1 100 Continue");
    assertThat(interim.body()).isEmpty();
    assertThat(answer.status()).isEqualTo(201);
    assertThat(answer.text()).isEqualTo("answer 201");
    assertThat(node.received()).hasSize(1);
    assertThat(node.received().get(0).bodyText()).isEqualTo("{\"b\":2}");
    assertThat(node.received().get(0).header("Expect")).isNull(); // answered by the gateway

    Client odd = connect();
    odd.send("PUT /notes/3 HTTP/1.1\r\nHost: gw\r\nExpect: something-else\r\n"
        + "Content-Length: 7\r\n\r\n");
    Answer refused = odd.read();

    assertThat(refused.status()).isEqualTo(417);
    assertThat(refused.header("Content-Type")).isEqualTo("application/json");
    assertThat(refused.text()).contains("\"error\":417", "Expect: something-else");
    assertThat(refused.header("Connection")).isEqualTo("close");
    assertThat(odd.closedCleanly()).isTrue();

    // A body declared too large is refused before the client is invited to send it.
    Client large = connect();
    large.send("PUT /notes/4 HTTP/1.1\r\nHost: gw\r\nExpect: 100-continue\r\n"
        + "Content-Length: " + (MAX_BODY + 1) + "\r\n\r\n");
    Answer tooLarge = large.read();

    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat(large.closedCleanly()).isTrue();

    // HTTP/1.0 has no interim answers: the expectation is ignored and the body read as sent.
    Client old10 = connect();
    old10.send("PUT /notes/6 HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 7\r\n\r\n"
        + "{\"c\":3}");
    Answer only = old10.read();

    assertThat(only.status()).isEqualTo(201);
    assertThat(node.received()).extracting(RecordingPeer.Received::bodyText)
        .containsExactly("{\"b\":2}", "{\"c\":3}");
  }

  @Test
  void aReadBodyOverTheLimitGets413AndTheConnectionCloses() throws Exception {
    RecordingPeer node = peer();
    start(node.port());
    // Larger than one read of the socket, all sent before the client reads: the gateway must not
    // close on unread bytes (a reset, which can destroy the 413 before the client reads it).
    int size = 200 * MAX_BODY;

    Client declared = connect();
    declared.send("GET /search HTTP/1.1\r\nHost: gw\r\nContent-Type: text/plain\r\n"
        + "Content-Length: " + size + "\r\n\r\n" + "q".repeat(size));
    Answer byLength = declared.read();

    assertThat(byLength.status()).isEqualTo(413);
    assertThat(byLength.header("Content-Type")).isEqualTo("application/json");
    assertThat(byLength.header("Connection")).isEqualTo("close");
    assertThat(byLength.text()).contains("\"error\":413", "the request body is " + size + " bytes",
        "at most " + MAX_BODY + " bytes", "mirror.max-body-bytes");
    assertThat(declared.closedCleanly()).isTrue();

    // Chunked: no length up front, so the limit is found as the body grows.
    Client chunked = connect();
    String piece = "o".repeat(600);
    chunked.send("OPTIONS /search HTTP/1.1\r\nHost: gw\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "258\r\n" + piece + "\r\n" + "258\r\n" + piece + "\r\n" + "258\r\n" + piece + "\r\n"
        + "0\r\n\r\n");
    Answer byChunks = chunked.read();

    assertThat(byChunks.status()).isEqualTo(413);
    assertThat(byChunks.text()).contains("\"error\":413", "more than " + MAX_BODY + " bytes");
    assertThat(chunked.closedCleanly()).isTrue();

    // A body at the limit is fine: the limit is inclusive.
    Client atLimit = connect();
    atLimit.send("GET /search HTTP/1.1\r\nHost: gw\r\nContent-Length: " + MAX_BODY + "\r\n\r\n"
        + "x".repeat(MAX_BODY));
    assertThat(atLimit.read().status()).isEqualTo(200);
    assertThat(node.attempts()).isEqualTo(1);
    assertThat(node.received().get(0).body()).hasSize(MAX_BODY);
  }

  @Test
  void malformedAndOversizedRequestHeadsGet400414And431() throws Exception {
    RecordingPeer node = peer();
    start(node.port());

    Client garbage = connect();
    garbage.send("this is not http\r\n\r\n");
    Answer bad = garbage.read();

    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.header("Content-Type")).isEqualTo("application/json");
    assertThat(bad.text()).startsWith("{\"success\":false,\"error\":400,");
    assertThat(garbage.closedCleanly()).isTrue();

    Client longLine = connect();
    longLine.send("GET /" + "a".repeat(ProxyServer.MAX_REQUEST_LINE + 100) + " HTTP/1.1\r\n"
        + "Host: gw\r\n\r\n");
    Answer uriTooLong = longLine.read();

    assertThat(uriTooLong.status()).isEqualTo(414);
    assertThat(uriTooLong.text()).contains("\"error\":414", "request line is too long");
    assertThat(longLine.closedCleanly()).isTrue();

    // Many fields, none large by itself: the limit is on the whole head.
    StringBuilder fields = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      fields.append("X-Filler-").append(i).append(": ").append("f".repeat(500)).append("\r\n");
    }
    Client bigHead = connect();
    bigHead.send("GET /h HTTP/1.1\r\nHost: gw\r\n" + fields + "\r\n");
    Answer headTooLarge = bigHead.read();

    assertThat(headTooLarge.status()).isEqualTo(431);
    assertThat(headTooLarge.text()).contains("\"error\":431", "request headers are too large");
    assertThat(headTooLarge.header("Connection")).isEqualTo("close");
    assertThat(bigHead.closedCleanly()).isTrue();

    // A broken body is as bad as a broken head: the part before the break must not go anywhere
    // (here a write, which would be journaled and repeated on every node).
    Client badChunk = connect();
    badChunk.send("PUT /notes/5 HTTP/1.1\r\nHost: gw\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "5\r\nhello\r\nzz\r\nworld\r\n0\r\n\r\n");
    Answer brokenBody = badChunk.read();

    assertThat(brokenBody.status()).isEqualTo(400);
    assertThat(brokenBody.text()).contains("\"error\":400");
    assertThat(brokenBody.header("Connection")).isEqualTo("close");
    assertThat(badChunk.closedCleanly()).isTrue();
    assertThat(node.attempts()).isZero();
  }

  @Test
  void http10ClientsGetAClosedConnectionUnlessTheyAskToKeepIt() throws Exception {
    RecordingPeer node = peer();
    start(node.port());

    Client plain = connect();
    plain.send("GET /old HTTP/1.0\r\n\r\n");
    Answer once = plain.read();

    assertThat(once.statusLine()).startsWith("HTTP/1.1 200 ");
    assertThat(once.header("Connection")).isEqualTo("close");
    assertThat(once.text()).isEqualTo("answer 200");
    assertThat(plain.closedCleanly()).isTrue();

    Client kept = connect();
    kept.send("GET /kept/1 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    Answer first = kept.read();
    kept.send("GET /kept/2 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    Answer second = kept.read();

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.header("Connection")).isEqualTo("keep-alive");
    assertThat(first.header("Content-Length")).isEqualTo("10"); // 1.0 has no chunks: framed
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.text()).isEqualTo("answer 200");
    assertThat(node.received()).extracting(RecordingPeer.Received::target)
        .containsExactly("/old", "/kept/1", "/kept/2");
  }

  @Test
  void aKeptOpenNodeConnectionClosedUnderTheNextReadIsRetriedOnAFreshOne() throws Exception {
    // Connection 0 answers one read, then takes the next request and hangs up without an answer,
    // as a node whose idle timeout ends just as the request arrives does. Connection 1 answers.
    try (ScriptedNode node = new ScriptedNode((index, c) -> {
      if (index == 0) {
        c.readHead();
        c.write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst");
        c.readHead();
        return; // hangs up
      }
      while (c.readHead() != null) {
        c.write("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecond");
      }
    })) {
      start(node.port());
      String id = "127.0.0.1:" + node.port();
      Client client = connect(); // one client connection: one event loop, one pool

      client.send("GET /a HTTP/1.1\r\nHost: gw\r\n\r\n");
      Answer first = client.read();
      client.send("GET /b HTTP/1.1\r\nHost: gw\r\n\r\n");
      Answer second = client.read();

      assertThat(first.text()).isEqualTo("first");
      assertThat(second.status()).isEqualTo(200);
      assertThat(second.text()).isEqualTo("second");
      assertThat(node.requests()).containsExactly("GET /a HTTP/1.1", "GET /b HTTP/1.1",
          "GET /b HTTP/1.1");
      assertThat(node.connections()).isEqualTo(2);
      assertThat(gateway.spawn().health().isHealthy(id)).isTrue();
      assertThat(gateway.spawn().metrics().snapshot(id).failure().get()).isZero();
    }
  }

  @Test
  void aNodeAnswerTheCodecCannotParseEndsTheReadAtOnceWithoutMarkingTheNodeDown()
      throws Exception {
    // Two different lengths: the codec refuses the head and drops what follows. Before the fix
    // the client got a broken head and waited for the response timeout, which marked the node
    // down; now the read ends at once (a GET goes on to the next node: none left here, 503).
    try (ScriptedNode node = new ScriptedNode((index, c) -> {
      while (c.readHead() != null) {
        c.write("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 5\r\n\r\nabcde");
      }
    })) {
      start(node.port());
      String id = "127.0.0.1:" + node.port();
      Client client = connect();

      client.send("GET /twice HTTP/1.1\r\nHost: gw\r\n\r\n");
      Answer answer = client.read();

      assertThat(answer.status()).isEqualTo(503);
      assertThat(answer.text()).contains("\"error\":503", "could not be reached");
      assertThat(gateway.spawn().health().isHealthy(id)).isTrue(); // it answered: not down
      assertThat(gateway.spawn().metrics().snapshot(id).failure().get()).isEqualTo(1);
    }
  }

  @Test
  void connectIsRefusedWith405AndNeverReachesTheNode() throws Exception {
    RecordingPeer node = peer();
    start(node.port());
    Client client = connect();

    client.send("CONNECT 127.0.0.1:" + node.port() + " HTTP/1.1\r\nHost: gw\r\n\r\n");
    Answer answer = client.read();

    assertThat(answer.status()).isEqualTo(405);
    assertThat(answer.header("Allow")).contains("GET");
    assertThat(answer.text()).contains("\"error\":405");
    assertThat(node.received()).isEmpty();
  }

  @Test
  void aNodeRestartedBetweenReadsIsNotA502() throws Exception {
    RecordingPeer before = peer();
    int port = before.port();
    start(port);
    String id = "127.0.0.1:" + port;
    Client client = connect();

    client.send("GET /before HTTP/1.1\r\nHost: gw\r\n\r\n");
    assertThat(client.read().status()).isEqualTo(200);
    before.close(); // closes the connection the gateway keeps open
    RecordingPeer after = RecordingPeer.start(port);
    nodes.add(after);
    client.send("GET /after HTTP/1.1\r\nHost: gw\r\n\r\n");
    Answer answer = client.read();

    assertThat(answer.status()).isEqualTo(200);
    assertThat(after.received()).extracting(RecordingPeer.Received::target)
        .containsExactly("/after");
    assertThat(gateway.spawn().health().isHealthy(id)).isTrue();
    assertThat(gateway.spawn().metrics().snapshot(id).failure().get()).isZero();
  }

  @Test
  void aCloseDelimitedAnswerReachesAnHttp11ClientChunkedAndWhole() throws Exception {
    byte[] payload = new byte[300_000]; // past the client's write buffer: flow control too
    new Random(42).nextBytes(payload);
    try (ScriptedNode node = new ScriptedNode((index, c) -> {
      c.readHead();
      c.write("HTTP/1.0 200 OK\r\nContent-Type: application/octet-stream\r\n\r\n");
      for (int off = 0; off < payload.length; off += 10_000) {
        c.write(Arrays.copyOfRange(payload, off, Math.min(off + 10_000, payload.length)));
      }
      // returning closes the connection: that ends the answer
    })) {
      start(node.port());
      Client client = connect();

      client.send("GET /blob HTTP/1.1\r\nHost: gw\r\n\r\n");
      Answer first = client.read();
      client.send("GET /blob HTTP/1.1\r\nHost: gw\r\n\r\n");
      Answer second = client.read();

      assertThat(first.statusLine()).startsWith("HTTP/1.1 200 ");
      assertThat(first.header("Transfer-Encoding")).isEqualTo("chunked");
      assertThat(first.header("Content-Length")).isNull();
      assertThat(first.header("Connection")).isNull(); // the client's connection stays open
      assertThat(first.body()).isEqualTo(payload);
      assertThat(second.body()).isEqualTo(payload);
      assertThat(node.connections()).isEqualTo(2); // the node's closed connection is not reused

      // An HTTP/1.0 client cannot take chunks: it reads to the end of the connection instead.
      Client old10 = connect();
      old10.send("GET /blob HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
      Answer closeDelimited = old10.read();

      assertThat(closeDelimited.header("Transfer-Encoding")).isNull();
      assertThat(closeDelimited.header("Connection")).isEqualTo("close");
      assertThat(closeDelimited.body()).isEqualTo(payload);
    }
  }

  @Test
  void aHeadReadCarriesTheNodesLengthAndNoBodyAndTheConnectionGoesOn() throws Exception {
    RecordingPeer node = peer();
    start(node.port());
    Client client = connect();

    client.send("HEAD /h HTTP/1.1\r\nHost: gw\r\n\r\n");
    Answer head = client.readHead();
    client.send("GET /g HTTP/1.1\r\nHost: gw\r\n\r\n");
    Answer get = client.read(); // fails to parse if the HEAD answer carried any body

    assertThat(head.status()).isEqualTo(200);
    assertThat(head.header("Content-Length")).isEqualTo("10");
    assertThat(head.header("Transfer-Encoding")).isNull();
    assertThat(get.status()).isEqualTo(200);
    assertThat(get.text()).isEqualTo("answer 200");
    assertThat(node.received()).extracting(RecordingPeer.Received::method)
        .containsExactly("HEAD", "GET");
  }

  @Test
  void aStreamedAnswerReachesTheClientPieceByPiece() throws Exception {
    CountDownLatch clientHasFirst = new CountDownLatch(1);
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback)
          throws Exception {
        response.getHeaders().put("Content-Type", "text/plain");
        FutureCallback sent = new FutureCallback();
        response.write(false, ByteBuffer.wrap("first\n".getBytes(StandardCharsets.US_ASCII)), sent);
        sent.get(10, TimeUnit.SECONDS); // a blocking handler: it may wait
        // The rest only once the client has the start: a proxy that holds pieces back stalls here.
        clientHasFirst.await(20, TimeUnit.SECONDS);
        response.write(true, ByteBuffer.wrap("second\n".getBytes(StandardCharsets.US_ASCII)),
            callback);
        return true;
      }
    });
    server.start();
    nodes.add(server::stop);
    start(connector.getLocalPort());
    Client client = connect();

    client.send("GET /stream HTTP/1.1\r\nHost: gw\r\n\r\n");
    // Times out (the node waits for it) unless the gateway passed the first piece on at once.
    String status = client.line();
    Map<String, String> headers = client.headers();
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    while (received.size() < "first\n".length()) {
      received.write(client.chunk()); // the gateway may pass it on in more than one chunk
    }
    String beforeRelease = received.toString(StandardCharsets.US_ASCII);
    clientHasFirst.countDown();
    byte[] piece;
    while ((piece = client.chunk()).length > 0) {
      received.write(piece);
    }
    client.line(); // the end of the chunked body

    assertThat(status).startsWith("HTTP/1.1 200 ");
    assertThat(headers).containsEntry("transfer-encoding", "chunked");
    assertThat(beforeRelease).isEqualTo("first\n");
    assertThat(received.toString(StandardCharsets.US_ASCII)).isEqualTo("first\nsecond\n");
  }

  /** One answer as the client read it. */
  record Answer(String statusLine, Map<String, String> headers, byte[] body) {

    int status() {
      return Integer.parseInt(statusLine.split(" ")[1]);
    }

    /** A header's value (the last, if repeated), {@code null} when absent. */
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /**
   * A raw client connection that reads each answer by its framing (Content-Length, chunks, or the
   * end of the connection), so pipelined and kept-open answers can be told apart.
   */
  private static final class Client implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    Client(String host, int port) throws IOException {
      socket = new Socket(host, port);
      socket.setSoTimeout(10_000);
      in = new BufferedInputStream(socket.getInputStream());
      out = socket.getOutputStream();
    }

    void send(String text) throws IOException {
      out.write(text.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    }

    /** The next answer, its body read by its framing. */
    Answer read() throws IOException {
      return read(false);
    }

    /** The next answer to a HEAD: no body whatever its headers say. */
    Answer readHead() throws IOException {
      return read(true);
    }

    private Answer read(boolean head) throws IOException {
      String statusLine = line();
      Map<String, String> headers = headers();
      int status = Integer.parseInt(statusLine.split(" ")[1]);
      byte[] body;
      String length = headers.get("content-length");
      if (head || status < 200 || status == 204 || status == 304) {
        body = new byte[0];
      } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] piece;
        while ((piece = chunk()).length > 0) {
          b.write(piece);
        }
        line(); // no trailers: the empty line that ends the body
        body = b.toByteArray();
      } else if (length != null) {
        body = exactly(Integer.parseInt(length));
      } else {
        body = in.readAllBytes();
      }
      return new Answer(statusLine, headers, body);
    }

    Map<String, String> headers() throws IOException {
      Map<String, String> headers = new LinkedHashMap<>();
      String line;
      while (!(line = line()).isEmpty()) {
        int colon = line.indexOf(':');
        headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).strip());
      }
      return headers;
    }

    /** One chunk of a chunked body; empty for the last one. */
    byte[] chunk() throws IOException {
      int size = Integer.parseInt(line().split(";")[0].strip(), 16);
      byte[] data = exactly(size);
      if (size > 0) {
        assertThat(line()).as("the end of a chunk").isEmpty();
      }
      return data;
    }

    String line() throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      int c;
      while ((c = in.read()) != '\n') {
        if (c < 0) {
          throw new EOFException("the connection ended mid-line after \"" + b + "\"");
        }
        b.write(c);
      }
      String s = b.toString(StandardCharsets.ISO_8859_1);
      assertThat(s).as("a line ends with CRLF").endsWith("\r");
      return s.substring(0, s.length() - 1);
    }

    private byte[] exactly(int n) throws IOException {
      byte[] data = in.readNBytes(n);
      if (data.length < n) {
        throw new EOFException("the connection ended after " + data.length + " of " + n + " bytes");
      }
      return data;
    }

    /**
     * Whether the gateway closed the connection with nothing more to read. A reset (the gateway
     * closing with bytes it never read) fails: a client may lose the answer to one.
     */
    boolean closedCleanly() throws IOException {
      try {
        int next = in.read();
        if (next >= 0) {
          fail("expected the end of the connection, got more bytes starting with '%c'", next);
        }
        return true;
      } catch (SocketTimeoutException e) {
        return false;
      } catch (SocketException e) {
        fail("the gateway reset the connection instead of closing it: " + e);
        return false;
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  /**
   * A node written by hand on a server socket, for answers Jetty would not give (close-delimited,
   * a hang-up after a request): each connection runs the script with its index (0, 1, ...) and is
   * closed when the script returns.
   */
  private static final class ScriptedNode implements AutoCloseable {

    @FunctionalInterface
    interface Script {
      void run(int index, Exchange connection) throws IOException;
    }

    /** One accepted connection, as the script sees it. */
    final class Exchange {
      private final InputStream in;
      private final OutputStream out;

      Exchange(Socket s) throws IOException {
        in = new BufferedInputStream(s.getInputStream());
        out = s.getOutputStream();
      }

      /** Reads a request head (no body) and records its line; {@code null} at the end of input. */
      String readHead() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        int matched = 0; // of "\r\n\r\n"
        while (matched < 4 && (c = in.read()) >= 0) {
          b.write(c);
          matched = c == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : (c == '\r' ? 1 : 0);
        }
        if (matched < 4) {
          return null;
        }
        String head = b.toString(StandardCharsets.ISO_8859_1);
        String line = head.substring(0, head.indexOf("\r\n"));
        requests.add(line);
        return line;
      }

      void write(String text) throws IOException {
        write(text.getBytes(StandardCharsets.ISO_8859_1));
      }

      void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
      }
    }

    private final ServerSocket server;
    private final ConcurrentLinkedQueue<String> requests = new ConcurrentLinkedQueue<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final List<Socket> sockets = new ArrayList<>();

    ScriptedNode(Script script) throws IOException {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread acceptor = new Thread(() -> {
        while (!server.isClosed()) {
          Socket s;
          try {
            s = server.accept();
          } catch (IOException e) {
            return; // closed
          }
          int index = accepted.getAndIncrement();
          synchronized (sockets) {
            sockets.add(s);
          }
          Thread t = new Thread(() -> {
            try (s) {
              script.run(index, new Exchange(s));
            } catch (IOException e) {
              // the gateway hung up: nothing more to do
            }
          }, "scripted-node-" + index);
          t.setDaemon(true);
          t.start();
        }
      }, "scripted-node-acceptor");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return server.getLocalPort();
    }

    /** The request lines received, in order. */
    List<String> requests() {
      return new ArrayList<>(requests);
    }

    int connections() {
      return accepted.get();
    }

    @Override
    public void close() throws IOException {
      server.close();
      synchronized (sockets) {
        for (Socket s : sockets) {
          s.close();
        }
      }
    }
  }
}
