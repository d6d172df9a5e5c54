package dev.spawn.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The benchmark's plain-HTTP replication floor copies each write once to every other node. */
class FanOutIT {

  private final List<Server> servers = new ArrayList<>();
  private final HttpClient client = HttpClient.newHttpClient();

  @AfterEach
  void stop() throws Exception {
    for (Server s : servers) {
      s.stop();
    }
  }

  private URI start(FanOut fanOut) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(new ServletHolder(new KvServlet(fanOut)), KvServlet.PATH + "/*");
    server.setHandler(context);
    server.start();
    servers.add(server);
    return URI.create("http://127.0.0.1:" + connector.getLocalPort());
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return client.send(request.build(), BodyHandlers.ofString());
  }

  @Test
  void aWriteIsStoredOnEveryNodeAndCopiesAreNotCopiedAgain() throws Exception {
    URI b = start(null);
    URI c = start(new FanOut(List.of(URI.create("http://127.0.0.1:1")))); // would fail if used
    URI a = start(new FanOut(List.of(b, c)));

    HttpResponse<String> put = send(HttpRequest.newBuilder(a.resolve("/notes/k1"))
        .PUT(BodyPublishers.ofString("v1")));

    assertThat(put.statusCode()).isEqualTo(201);
    for (URI node : List.of(a, b, c)) {
      assertThat(send(HttpRequest.newBuilder(node.resolve("/notes/k1"))).body()).isEqualTo("v1");
      assertThat(send(HttpRequest.newBuilder(node.resolve("/notes"))).body()).isEqualTo("1");
    }
  }

  @Test
  void aNodeThatCannotBeReachedTurnsTheWriteInto502() throws Exception {
    URI a = start(new FanOut(List.of(URI.create("http://127.0.0.1:1"))));

    HttpResponse<String> put = send(HttpRequest.newBuilder(a.resolve("/notes/k1"))
        .PUT(BodyPublishers.ofString("v1")));

    assertThat(put.statusCode()).isEqualTo(502);
  }
}
