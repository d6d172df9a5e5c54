package dev.spawn.examples.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;

/** Real HTTP for gateway tests (java.net.http). */
final class Http {

  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  private Http() {}

  static HttpResponse<String> get(String url) {
    return send(HttpRequest.newBuilder(URI.create(url)).GET());
  }

  static HttpResponse<String> put(String url, String json) {
    return send(HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/json").PUT(BodyPublishers.ofString(json)));
  }

  static HttpResponse<String> post(String url, String json) {
    return send(HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/json").POST(BodyPublishers.ofString(json)));
  }

  static HttpResponse<String> delete(String url) {
    return send(HttpRequest.newBuilder(URI.create(url)).DELETE());
  }

  static HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return CLIENT.send(request.timeout(Duration.ofSeconds(20)).build(), BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A note as JSON. */
  static String note(String title, String text) {
    return "{\"title\":\"" + title + "\",\"text\":\"" + text + "\"}";
  }

  /** Sends {@code request} as raw bytes (any header, hop-by-hop ones too) and reads to the end. */
  static String raw(URI server, String request) throws IOException {
    try (java.net.Socket s = new java.net.Socket(server.getHost(), server.getPort())) {
      s.setSoTimeout(10_000);
      java.io.OutputStream out = s.getOutputStream();
      out.write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      out.flush();
      return new String(s.getInputStream().readAllBytes(),
          java.nio.charset.StandardCharsets.ISO_8859_1);
    }
  }
}
