package dev.spawn.examples.gateway;

import dev.spawn.mirror.MirrorRequest;
import java.util.List;

/**
 * A whole answer for a client: made by the gateway itself (errors, the 202 of a queued write) or a
 * node's answer to a write, already filtered for the client. Immutable; the body array is not
 * copied and must not be changed.
 *
 * @param status the status code
 * @param headers the header fields to send, in order; {@code Content-Length} among them when the
 *     status has a body
 * @param body the body
 */
record Reply(int status, List<MirrorRequest.Header> headers, byte[] body) {}
