package dev.spawn.examples.gateway;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * The body of a read (a {@code GET} or {@code OPTIONS} with a body, say) streamed from the client's
 * request to a node, remembering whether the node's request touched it: once any of it was asked
 * for, it cannot be sent to another node. Its length and content type are the client's (no default
 * type is made up). One per read, used by one node's request at a time; thread-safe as far as
 * Jetty's content sources are (one reader at a time).
 */
final class ReadBody implements org.eclipse.jetty.client.Request.Content {

  private final Request request;
  private volatile boolean touched;

  ReadBody(Request request) {
    this.request = request;
  }

  /** Whether any of the body was read or waited for. */
  boolean touched() {
    return touched;
  }

  @Override
  public long getLength() {
    return request.getLength();
  }

  @Override
  public String getContentType() {
    return request.getHeaders().get("Content-Type");
  }

  @Override
  public Content.Chunk read() {
    touched = true;
    return request.read();
  }

  @Override
  public void demand(Runnable demandCallback) {
    touched = true;
    request.demand(demandCallback);
  }

  /**
   * Not passed on: the client's request belongs to the server, which discards what is left of it
   * when the exchange completes; and a node that failed before reading anything must leave it
   * whole for the next node.
   */
  @Override
  public void fail(Throwable failure) {
    // see above
  }

  @Override
  public void fail(Throwable failure, boolean last) {
    // see fail(Throwable)
  }

  @Override
  public boolean rewind() {
    return false;
  }
}
