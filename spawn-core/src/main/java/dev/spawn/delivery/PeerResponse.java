package dev.spawn.delivery;

import dev.spawn.mirror.MirrorRequest;
import java.util.List;

/**
 * A peer's whole answer to a delivered update, captured for a caller that waits for it (the
 * gateway answers its client with the first one). Immutable (the body array is not copied).
 *
 * @param nodeId the peer that answered
 * @param seq the update's sequence number
 * @param status the HTTP status
 * @param headers the response headers, hop-by-hop ones removed
 * @param body the response body
 */
public record PeerResponse(
    String nodeId, long seq, int status, List<MirrorRequest.Header> headers, byte[] body) {}
