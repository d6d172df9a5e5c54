package dev.spawn.examples.gateway;

import dev.spawn.Node;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's try at a read: listens to the node's answer and streams it to the client as it
 * arrives, the client's pace setting the node's (the next piece is read from the node once the last
 * one was written to the client). Whether a failure may go to the next node depends on how far the
 * exchange got: nothing was sent to the client until the node's headers arrived.
 *
 * <p>Its listener methods run on the read client's selector thread and never block; see {@link
 * ReadClient}. One per node tried; thread-safe (its state is handed over by Jetty's listener order
 * or read through volatile fields).
 */
final class ReadAttempt implements org.eclipse.jetty.client.Response.Listener,
    Request.BeginListener, Content.Sink, Callback {

  private static final Logger log = LoggerFactory.getLogger(ReadAttempt.class);

  private final ForwardedRead read;
  private final Node node;
  private final AtomicBoolean finished = new AtomicBoolean();
  /** Set once the request began to go out on an open connection to the node. */
  private volatile boolean sent;
  /** Set once the node's headers were copied to the client's response: no other node now. */
  private volatile boolean started;
  /** Set when writing to the client failed: the client went away, the node did nothing wrong. */
  private volatile Throwable clientFailure;
  private volatile org.eclipse.jetty.client.Response answer;

  ReadAttempt(ForwardedRead read, Node node) {
    this.read = read;
    this.node = node;
  }

  @Override
  public void onBegin(Request request) {
    sent = true;
  }

  @Override
  public void onHeaders(org.eclipse.jetty.client.Response answer) {
    started = true;
    this.answer = answer;
    org.eclipse.jetty.server.Response response = read.response();
    response.setStatus(answer.getStatus());
    HttpFields fields = answer.getHeaders();
    List<String> connection = fields.getValuesList(HttpHeader.CONNECTION);
    Set<String> named =
        connection.isEmpty() ? Set.of() : ProxyHeaders.connectionNamed(connection);
    HttpFields.Mutable out = response.getHeaders();
    for (HttpField f : fields) {
      if (ProxyHeaders.toClient(f, named)) {
        Replies.copy(out, f, node, read.request());
      }
    }
  }

  @Override
  public void onContentSource(org.eclipse.jetty.client.Response answer, Content.Source source) {
    // Reads a piece, writes it to the client (this Sink), and only then reads the next one.
    Content.copy(source, this, this);
  }

  @Override
  public void onComplete(Result result) {
    if (result.isSucceeded()) {
      read.answered(node);
      return;
    }
    if (clientFailure != null) {
      return; // the copy aborted the node's answer because the client went away: done already
    }
    Throwable failure = result.getFailure();
    if (!started) {
      read.failedBeforeAnswer(node, failure, sent);
      return;
    }
    read.failedDuringAnswer(node, failure);
    finish(failure);
  }

  /** The {@link Content.Sink} the answer is copied to: the client's response. */
  @Override
  public void write(boolean last, ByteBuffer content, Callback written) {
    read.response().write(last, content, new Callback() {
      @Override
      public void succeeded() {
        written.succeeded();
      }

      @Override
      public void failed(Throwable x) {
        clientFailure = x;
        written.failed(x);
      }

      @Override
      public InvocationType getInvocationType() {
        return written.getInvocationType();
      }
    });
  }

  /** The copy of the whole answer to the client is done. */
  @Override
  public void succeeded() {
    finish(null);
  }

  /** The copy failed: the client went away, or the node's answer broke off (see onComplete). */
  @Override
  public void failed(Throwable x) {
    if (clientFailure != null) {
      log.debug("The client of {} {} went away", read.request().getMethod(),
          read.request().getHttpURI().getPathQuery(), x);
      answer.abort(x); // frees the node's connection now rather than at its idle timeout
      finish(x);
    }
  }

  @Override
  public InvocationType getInvocationType() {
    return InvocationType.NON_BLOCKING;
  }

  /** Completes the client's exchange once, whichever of the copy and the node ends first. */
  private void finish(Throwable failure) {
    if (finished.compareAndSet(false, true)) {
      if (failure == null) {
        read.callback().succeeded();
      } else {
        read.callback().failed(failure);
      }
    }
  }
}
