package dev.spawn.examples.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;

/** Plain HTTP/1.1 to the nodes on loopback, for the chaos run. Thread-safe. */
final class ChaosHttp {

  static final ObjectMapper JSON = new ObjectMapper();
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  // HTTP/1.1 on purpose: the default (HTTP/2) would add an h2c upgrade to every plain request.
  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2))
      .build();

  /** Sends a request with a JSON body (none when {@code json} is null); IO errors are thrown. */
  HttpResponse<String> send(String method, URI uri, String json, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(TIMEOUT);
    if (headers.length > 0) {
      b.headers(headers);
    }
    if (json == null) {
      b.method(method, BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json").method(method, BodyPublishers.ofString(json));
    }
    return client.send(b.build(), BodyHandlers.ofString());
  }

  /** A GET whose answer must be 200 with JSON; anything else is an exception. */
  JsonNode getJson(URI uri) {
    HttpResponse<String> r = call("GET", uri, null);
    if (r.statusCode() != 200) {
      throw new IllegalStateException("GET " + uri + " answered " + r.statusCode() + ": "
          + r.body());
    }
    return parse(r.body());
  }

  /** {@link #send} with IO errors unchecked, for the harness's own calls. */
  HttpResponse<String> call(String method, URI uri, String json) {
    try {
      return send(method, uri, json);
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + uri + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during " + method + " " + uri, e);
    }
  }

  static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + body, e);
    }
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
