package dev.spawn.examples.gateway;

import dev.spawn.mirror.MirrorRequest.Header;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection to the proxy: collects each request (head, then a body of at most {@code
 * mirror.max-body-bytes}), hands a write to the blocking write pool and a read to a {@link
 * ReadRelay}, and answers requests one at a time in the order they came (requests a client
 * pipelines wait, unread, until the one before is answered). Confined to the connection's event
 * loop.
 */
final class FrontHandler extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(FrontHandler.class);
  /**
   * After the answer to a request whose rest was not read (a refused body, pipelined requests
   * after a closing answer), the connection is half-closed and what the client still sends is
   * read and dropped, up to this many bytes or {@link #LINGER_MILLIS}, before it is closed: closing
   * on unread bytes resets the connection, which can destroy the answer before the client reads
   * it, or fail the client's write of its body before it looks for the answer.
   */
  static final long LINGER_MAX_BYTES = 1 << 20;
  static final long LINGER_MILLIS = 2000;

  private final ProxyServer server;
  private Channel channel;
  private String remoteAddress;
  /** The request being received; {@code null} between requests. */
  private HttpRequest head;
  private ByteBuf body;
  private boolean hadBody;
  /** A request was refused before all of it was read: the rest of it is dropped, then the close. */
  private boolean discarding;
  /** A request is being answered; what arrives meanwhile waits. */
  private boolean busy;
  private boolean keepAlive;
  private boolean http11;
  private boolean closeAfter;
  /** The current request is a HEAD: answers carry no body. */
  private boolean headMethod;
  private ReadRelay relay;
  private final ArrayDeque<Object> waiting = new ArrayDeque<>(2);
  /** Answered and half-closed: what still arrives is dropped (see {@link #LINGER_MAX_BYTES}). */
  private boolean lingering;
  private long lingered;

  FrontHandler(ProxyServer server) {
    this.server = server;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    channel = ctx.channel();
    remoteAddress = channel.remoteAddress() instanceof InetSocketAddress a
        ? a.getAddress().getHostAddress() : String.valueOf(channel.remoteAddress());
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (lingering) {
      linger(msg);
      return;
    }
    if (busy) {
      waiting.add(msg);
      return;
    }
    receive(msg);
  }

  private void receive(Object msg) {
    try {
      if (msg instanceof HttpRequest request) {
        begin(request);
      }
      // A refused request's answer may be written, and the connection lingering, before the
      // refusing call returns: after each step that may refuse, the request may be over.
      if (!(msg instanceof HttpContent content) || head == null || discarding || lingering) {
        return; // nothing being received, or the rest of a refused request: dropped
      }
      if (content.decoderResult().isFailure()) {
        // A broken body (a chunk size that is no number, say): what came before the break must
        // go nowhere, least of all into the journal as a whole write.
        refuse(badRequest(content.decoderResult().cause()));
        return;
      }
      append(content.content()); // refuses a body over the limit
      if (msg instanceof LastHttpContent && !discarding && !lingering) {
        dispatch();
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void begin(HttpRequest request) {
    head = request;
    hadBody = false;
    body = null;
    http11 = request.protocolVersion().equals(HttpVersion.HTTP_1_1);
    headMethod = HttpMethod.HEAD.equals(request.method());
    keepAlive = HttpUtil.isKeepAlive(request);
    if (request.decoderResult().isFailure()) {
      refuse(badRequest(request.decoderResult().cause()));
      return;
    }
    if (HttpMethod.CONNECT.equals(request.method())) {
      // A tunnel would turn a node connection into raw bytes the read path cannot pool again.
      refuse(server.replies().error(405, "the gateway does not tunnel (CONNECT)", null,
          new Header("Allow", "GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE")));
      return;
    }
    long declared = HttpUtil.getContentLength(request, -1L);
    hadBody = declared > 0 || HttpUtil.isTransferEncodingChunked(request) || declared == 0
        && request.headers().contains(HttpHeaderNames.CONTENT_LENGTH);
    if (declared > server.maxBody()) {
      refuse(tooLarge(declared + " bytes"));
      return;
    }
    String expect = request.headers().get(HttpHeaderNames.EXPECT);
    // An HTTP/1.0 client knows no interim answers: it would take the 100 for the answer (RFC 9110
    // 10.1.1: a server ignores 100-continue in an HTTP/1.0 request). Its body comes anyway.
    if (expect != null && http11) {
      if (!HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(expect.strip())) {
        refuse(server.replies().error(417, "the gateway does not support Expect: " + expect,
            "only Expect: 100-continue is supported"));
        return;
      }
      channel.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
          HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER));
    }
  }

  private void append(ByteBuf piece) {
    int n = piece.readableBytes();
    if (n == 0) {
      return;
    }
    if ((body == null ? 0L : body.readableBytes()) + n > server.maxBody()) {
      refuse(tooLarge("more than " + server.maxBody() + " bytes"));
      return;
    }
    if (body == null) {
      body = channel.alloc().heapBuffer(n);
    }
    body.writeBytes(piece);
  }

  private void dispatch() {
    HttpRequest request = head;
    head = null;
    byte[] bytes = bodyBytes();
    start();
    String method = request.method().name();
    if (!server.isWrite(method)) {
      relay = new ReadRelay(server, this, channel, request, bytes, hadBody, remoteAddress);
      relay.next();
      return;
    }
    ClientRequest write = new ClientRequest(method, request.uri(), headers(request.headers()),
        bytes, hadBody, remoteAddress);
    try {
      server.writePool().execute(() -> {
        Reply reply = server.write(write);
        channel.eventLoop().execute(() -> reply(reply));
      });
    } catch (RejectedExecutionException e) {
      reply(server.replies().error(503, "the gateway cannot take this write now: " + e,
          "the gateway is stopping or overloaded; retry later"));
    }
  }

  /** Whether the client speaks HTTP/1.1 (else 1.0: no chunked answers). */
  boolean http11() {
    return http11;
  }

  /** Sets the connection headers of an answer to the current request. */
  void prepare(HttpResponse response, boolean closeDelimited) {
    HttpHeaders h = response.headers();
    // closeAfter: a refused request, whose unread rest leaves the connection unusable. The client
    // must be told, or it may send its next request on a connection about to close.
    if (closeAfter || !keepAlive || closeDelimited || server.stopping()) {
      closeAfter = true;
      h.set("Connection", "close");
    } else if (!http11) {
      h.set("Connection", "keep-alive");
    }
  }

  /** Answers the current request with a whole reply. */
  void reply(Reply reply) {
    relay = null;
    boolean bodiless = headMethod;
    DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.valueOf(reply.status()),
        bodiless || reply.body().length == 0 ? Unpooled.EMPTY_BUFFER
            : Unpooled.wrappedBuffer(reply.body()));
    HttpHeaders h = response.headers();
    for (Header field : reply.headers()) {
      h.add(field.name(), field.value());
    }
    prepare(response, false);
    channel.writeAndFlush(response).addListener(f -> finished(!f.isSuccess()));
  }

  /** Writes the last piece of a relayed answer; the next request may go. */
  void last(Object content, boolean closeDelimited) {
    relay = null;
    if (closeDelimited || closeAfter) {
      // closeAfter is set: finished() closes, lingering first if the client may still be sending.
      channel.writeAndFlush(content).addListener(f -> finished(!f.isSuccess()));
    } else {
      channel.writeAndFlush(content, channel.voidPromise()); // a failure closes the connection
      finished(false);
    }
  }

  /** The current request's answer was cut: the client must see a broken connection. */
  void abort() {
    relay = null;
    closeAfter = true;
    channel.close();
    finished(true);
  }

  /** The answer to the current request is written; the next request may go. */
  void finished(boolean close) {
    if (!busy) {
      return;
    }
    busy = false;
    relay = null;
    server.requestEnded();
    if (close || closeAfter) {
      if (!close && (head != null || !waiting.isEmpty()) && channel.isActive()
          && channel instanceof DuplexChannel duplex) {
        startLingering(duplex); // the client may still be sending: see LINGER_MAX_BYTES
      } else {
        drop();
        channel.close();
      }
      return;
    }
    Object next;
    while (!busy && (next = waiting.poll()) != null) {
      receive(next);
    }
    if (!busy) {
      channel.config().setAutoRead(true);
    }
  }

  private void startLingering(DuplexChannel duplex) {
    lingering = true;
    drop();
    duplex.shutdownOutput().addListener(f -> {
      if (!f.isSuccess()) {
        channel.close();
      }
    });
    channel.eventLoop().schedule(() -> {
      channel.close(); // a client that neither sends nor closes
    }, LINGER_MILLIS, TimeUnit.MILLISECONDS);
    channel.config().setAutoRead(true); // the client's end of the connection ends the lingering
  }

  private void linger(Object msg) {
    if (msg instanceof HttpContent content) {
      lingered += content.content().readableBytes();
    }
    ReferenceCountUtil.release(msg);
    if (lingered > LINGER_MAX_BYTES) {
      channel.close();
    }
  }

  /** Closes the connection if it is between requests (the gateway is stopping). */
  void closeIfIdle() {
    if (lingering || !busy && head == null) {
      channel.close();
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof IdleStateEvent) {
      // Nothing received for a long while, between requests or in the middle of one (a client
      // that sent part of a request and stalled): closed. A request being answered is left alone.
      if (lingering || !busy) {
        channel.close();
      }
    } else {
      ctx.fireUserEventTriggered(event);
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (relay != null && channel.isWritable()) {
      relay.clientWritable();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (relay != null) {
      ReadRelay r = relay;
      relay = null;
      r.clientGone();
      finished(true);
    }
    drop();
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("Client connection {} failed", channel, cause);
    ctx.close();
  }

  private void start() {
    busy = true;
    closeAfter = false;
    server.requestStarted();
    channel.config().setAutoRead(false); // a pipelined request waits until this one is answered
  }

  // A request refused while it was being received: answered at once, and the connection closed
  // after the answer (its body, if any, is not read).
  private void refuse(Reply reply) {
    discarding = true;
    start();
    closeAfter = true;
    reply(reply);
  }

  private Reply tooLarge(String size) {
    return server.replies().error(413, "the request body is " + size
        + "; requests may carry at most " + server.maxBody() + " bytes",
        "mirror.max-body-bytes sets the limit");
  }

  private Reply badRequest(Throwable cause) {
    if (cause instanceof TooLongHttpLineException) {
      return server.replies().error(414, "the request line is too long", null);
    }
    if (cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException) {
      return server.replies().error(431, "the request headers are too large", null);
    }
    return server.replies().error(400, "bad request: " + cause.getMessage(), null);
  }

  private byte[] bodyBytes() {
    if (body == null) {
      return new byte[0];
    }
    byte[] bytes = ByteBufUtil.getBytes(body);
    body.release();
    body = null;
    return bytes;
  }

  private void drop() {
    if (body != null) {
      body.release();
      body = null;
    }
    Object m;
    while ((m = waiting.poll()) != null) {
      ReferenceCountUtil.release(m);
    }
  }

  private static List<Header> headers(HttpHeaders fields) {
    List<Header> out = new ArrayList<>(fields.size());
    for (Map.Entry<String, String> e : fields) {
      out.add(new Header(e.getKey(), e.getValue()));
    }
    return out;
  }
}
