package dev.spawn.servlet;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;

/** Real HTTP/1.1 requests for tests. */
final class Http {

  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  private Http() {}

  /** Sends a body with a Content-Length. */
  static HttpResponse<String> send(String method, String url, String type, byte[] body,
      String... headers) {
    return send(method, url, type, BodyPublishers.ofByteArray(body), headers);
  }

  /** Sends a body chunked (no Content-Length). */
  static HttpResponse<String> sendChunked(String method, String url, String type, byte[] body,
      String... headers) {
    return send(method, url, type,
        BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)), headers);
  }

  static HttpResponse<String> send(String method, String url, String type,
      HttpRequest.BodyPublisher body, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(20))
        .method(method, body);
    if (type != null) {
      b.header("Content-Type", type);
    }
    if (headers.length > 0) {
      b.headers(headers);
    }
    try {
      return CLIENT.send(b.build(), BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
