package dev.spawn.examples.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import org.eclipse.jetty.server.Server;

/** Real HTTP to one running notes app, for tests. */
final class AppClient {

  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  private final URI base;

  AppClient(Server server) {
    this.base = NotesApp.baseUri(server);
  }

  HttpResponse<String> get(String path) {
    return send(request(path).GET());
  }

  HttpResponse<String> postJson(String path, String json) {
    return send(request(path).header("Content-Type", "application/json")
        .POST(BodyPublishers.ofString(json)));
  }

  HttpResponse<String> postForm(String path, String form) {
    return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(BodyPublishers.ofString(form)));
  }

  HttpResponse<String> putJson(String path, String json) {
    return send(request(path).header("Content-Type", "application/json")
        .PUT(BodyPublishers.ofString(json)));
  }

  HttpResponse<String> delete(String path) {
    return send(request(path).DELETE());
  }

  HttpResponse<String> method(String method, String path, String contentType, BodyPublisher body,
      String... headers) {
    HttpRequest.Builder builder = request(path).method(method, body);
    if (contentType != null) {
      builder.header("Content-Type", contentType);
    }
    if (headers.length > 0) {
      builder.headers(headers);
    }
    return send(builder);
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return HTTP.send(request.build(), BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
