package dev.spawn.examples.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spawn.Node;
import dev.spawn.mirror.MirrorRequest.Header;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes the gateway's own answers (JSON errors in the admin API's error shape, the 202 for a
 * queued write) and prepares a node's whole answer to a write for the client. Thread-safe.
 */
final class Replies {

  private final ObjectMapper json;

  Replies(ObjectMapper json) {
    this.json = json;
  }

  /** {@code {"success": false, "error": status, "message": ..., "info": ...}}. */
  Reply error(int status, String message, String info, Header... extra) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("success", false);
    body.put("error", status);
    body.put("message", message);
    if (info != null) {
      body.put("info", info);
    }
    return json(status, body, extra);
  }

  /** A JSON body with this status. */
  Reply json(int status, Map<String, Object> body, Header... extra) {
    byte[] bytes;
    try {
      bytes = json.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    List<Header> headers = new ArrayList<>(4 + extra.length);
    headers.add(new Header("Content-Type", "application/json"));
    headers.add(new Header("Content-Length", Integer.toString(bytes.length)));
    headers.add(new Header("Cache-Control", "no-store"));
    headers.addAll(List.of(extra));
    return new Reply(status, headers, bytes);
  }

  /**
   * A node's whole answer to {@code request}: its status, its end-to-end headers ({@code
   * Location} pointed at the gateway) and its body.
   */
  static Reply relay(ClientRequest request, Node node, int status, List<Header> headers,
      byte[] body) {
    Set<String> named = ProxyHeaders.connectionNamed(headers.stream()
        .filter(h -> h.is("Connection")).map(Header::value).toList());
    List<Header> out = new ArrayList<>(headers.size() + 1);
    for (Header h : headers) {
      if (ProxyHeaders.toClient(h.name(), named) && !h.is("Content-Length")) {
        out.add(h.is("Location") || h.is("Content-Location")
            ? new Header(h.name(), ProxyHeaders.location(h.value(), node, request.originalHost()))
            : h);
      }
    }
    if (status != 204 && status != 304 && status >= 200) {
      out.add(new Header("Content-Length", Integer.toString(body.length)));
    }
    return new Reply(status, out, body);
  }
}
