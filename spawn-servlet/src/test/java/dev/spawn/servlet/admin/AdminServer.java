package dev.spawn.servlet.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spawn.Spawn;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Predicate;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** A real Jetty server on 127.0.0.1 with the admin servlet at /app/spawn/*, and a client. */
final class AdminServer implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();

  private final Server server;
  private final URI base;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  AdminServer(Spawn spawn, AdminSettings settings) throws Exception {
    this(new AdminServlet(spawn, settings));
  }

  AdminServer(Spawn spawn, AdminSettings settings, Predicate<String> loopback, ClassLoader loader)
      throws Exception {
    this(new AdminServlet(spawn, settings, loopback, loader));
  }

  AdminServer(AdminServlet servlet) throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/app");
    context.addServlet(new ServletHolder(servlet), "/spawn/*");
    server.setHandler(context);
    server.start();
    base = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/app/spawn");
  }

  URI uri(String path) {
    return URI.create(base + path);
  }

  /** The response to a request with an optional body and header pairs. */
  Response send(String method, String path, String body, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri(path))
            .timeout(Duration.ofSeconds(10))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return new Response(client.send(b.build(), HttpResponse.BodyHandlers.ofString()));
  }

  Response send(HttpRequest request) throws IOException, InterruptedException {
    return new Response(client.send(request, HttpResponse.BodyHandlers.ofString()));
  }

  /**
   * Sends a request line as given (no client-side checks or normalisation) over a plain socket and
   * returns the status code and body.
   */
  String[] raw(String method, String target, String... headers) throws IOException {
    String[] all = new String[headers.length + 2];
    all[0] = "Content-Length";
    all[1] = "0";
    System.arraycopy(headers, 0, all, 2, headers.length);
    return rawHeadersOnly(method, target, all);
  }

  /**
   * Sends only a request's head (the given headers, none added but Host and Connection: close)
   * over a plain socket, sends no body, and returns the status code and body of the answer.
   */
  String[] rawHeadersOnly(String method, String target, String... headers) throws IOException {
    try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(10_000);
      StringBuilder req =
          new StringBuilder(method + " " + base.getPath() + target + " HTTP/1.1\r\n")
              .append("Host: 127.0.0.1\r\nConnection: close\r\n");
      for (int i = 0; i < headers.length; i += 2) {
        req.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
      }
      socket
          .getOutputStream()
          .write(req.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int bodyAt = answer.indexOf("\r\n\r\n");
      return new String[] {answer.substring(9, 12), bodyAt < 0 ? "" : answer.substring(bodyAt + 4)};
    }
  }

  Response get(String path, String... headers) throws IOException, InterruptedException {
    return send("GET", path, null, headers);
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("could not stop the test server", e);
    }
  }

  /** A response with its JSON parsed on demand. */
  record Response(HttpResponse<String> raw) {
    int status() {
      return raw.statusCode();
    }

    String body() {
      return raw.body();
    }

    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    JsonNode json() {
      try {
        return JSON.readTree(raw.body());
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + raw.body(), e);
      }
    }

    /** The envelope's data. */
    JsonNode data() {
      return json().get("data");
    }

    String message() {
      return data().path("message").asText();
    }

    @Override
    public String toString() {
      return raw.statusCode() + " " + raw.body();
    }
  }
}
