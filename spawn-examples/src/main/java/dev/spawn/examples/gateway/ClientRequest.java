package dev.spawn.examples.gateway;

import dev.spawn.mirror.MirrorRequest;
import java.util.List;

/**
 * A client's request as the gateway's front received it, with its whole body (at most {@code
 * mirror.max-body-bytes}). Immutable; the body array is not copied and must not be changed.
 *
 * @param method the method, as sent
 * @param target the path and query, exactly as sent
 * @param headers the client's header fields in order, as sent
 * @param body the body, empty when there was none
 * @param hadBody whether the client sent a body at all (an empty one included)
 * @param remoteAddress the client's IP address
 */
record ClientRequest(String method, String target, List<MirrorRequest.Header> headers, byte[] body,
    boolean hadBody, String remoteAddress) {

  /** The first value of a header, {@code null} when absent. */
  String header(String name) {
    for (MirrorRequest.Header h : headers) {
      if (h.is(name)) {
        return h.value();
      }
    }
    return null;
  }

  /** The host (and port) the client addressed, {@code null} when it named none. */
  String originalHost() {
    String host = header("Host");
    return host == null || host.isBlank() ? null : host.strip();
  }

  /** The gateway listens for plain HTTP only (TLS ends in front of it, if anywhere). */
  boolean secure() {
    return false;
  }
}
