package dev.spawn.examples.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spawn.Node;
import dev.spawn.mirror.MirrorRequest;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Writes the gateway's own answers (JSON errors in the admin API's error shape, the 202 for a
 * queued write) and relays a node's whole answer. Thread-safe.
 */
final class Replies {

  private final ObjectMapper json;

  Replies(ObjectMapper json) {
    this.json = json;
  }

  /** {@code {"success": false, "error": status, "message": ..., "info": ...}}. */
  void error(Response response, Callback callback, int status, String message, String info) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("success", false);
    body.put("error", status);
    body.put("message", message);
    if (info != null) {
      body.put("info", info);
    }
    json(response, callback, status, body);
  }

  /** A JSON body with this status. */
  void json(Response response, Callback callback, int status, Map<String, Object> body) {
    byte[] bytes;
    try {
      bytes = json.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      callback.failed(e);
      return;
    }
    response.setStatus(status);
    HttpFields.Mutable headers = response.getHeaders();
    headers.put("Content-Type", "application/json");
    headers.put("Content-Length", Long.toString(bytes.length));
    headers.put("Cache-Control", "no-store");
    response.write(true, ByteBuffer.wrap(bytes), callback);
  }

  /** A node's whole answer: its status, its end-to-end headers and its body. */
  void relay(Request request, Response response, Callback callback, Node node, int status,
      List<MirrorRequest.Header> headers, byte[] body) {
    response.setStatus(status);
    Set<String> named = ProxyHeaders.connectionNamed(headers.stream()
        .filter(h -> h.is("Connection")).map(MirrorRequest.Header::value).toList());
    HttpFields.Mutable out = response.getHeaders();
    for (MirrorRequest.Header h : headers) {
      if (ProxyHeaders.toClient(h.name(), named) && !h.is("Content-Length")) {
        copy(out, h.name(), h.value(), node, request);
      }
    }
    if (status != 204 && status != 304 && status >= 200) {
      out.put("Content-Length", Long.toString(body.length));
    }
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  /** Copies one node header, as Jetty's client parsed it, to the client's response. */
  static void copy(HttpFields.Mutable out, HttpField field, Node node, Request request) {
    String name = field.getName();
    if (name.equalsIgnoreCase("Date") || name.equalsIgnoreCase("Location")
        || name.equalsIgnoreCase("Content-Location")) {
      copy(out, name, field.getValue(), node, request);
    } else {
      out.add(field);
    }
  }

  /** Copies one node header to the client's response. */
  static void copy(HttpFields.Mutable out, String name, String value, Node node, Request request) {
    if (name.equalsIgnoreCase("Date")) {
      out.put(name, value); // Jetty has set its own; keep one, the node's
    } else if (name.equalsIgnoreCase("Location") || name.equalsIgnoreCase("Content-Location")) {
      out.add(name, ProxyHeaders.location(value, node, request));
    } else {
      out.add(name, value);
    }
  }
}
