package dev.spawn.examples.gateway;

import dev.spawn.Node;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * The connections to the nodes that the reads of one event loop use: kept open between reads
 * (HTTP/1.1 keep-alive) and registered on that same loop, so a read's client side and node side
 * run on one thread with no hand-off. Confined to its event loop's thread: no locks.
 */
final class NodeConnections {

  /** Idle connections kept per node and event loop; more are closed when a read ends. */
  static final int MAX_IDLE_PER_NODE = 64;
  /** Longest status line and largest header block accepted from a node. */
  static final int MAX_ANSWER_LINE = 8192;
  static final int MAX_ANSWER_HEAD = 64 * 1024;
  private static final String RELAY = "relay";

  private final Bootstrap bootstrap;
  private final SslContext tls;
  private final long timeoutNanos;
  private final Map<String, ArrayDeque<Channel>> idle = new HashMap<>();

  /**
   * @param bootstrap channel type and options, already on {@code loop}
   * @param tls the client TLS context for {@code https} nodes
   * @param timeout how long a node may stay silent during a read
   */
  NodeConnections(Bootstrap bootstrap, EventLoop loop, SslContext tls, Duration timeout) {
    this.bootstrap = bootstrap.clone(loop);
    this.tls = tls;
    this.timeoutNanos = timeout.toNanos();
  }

  /**
   * Makes sure the connection's timer runs while a read uses it: one timer per connection, not
   * one per read, re-armed only when it fires early (see {@link ReadRelay#timeLeftNanos()}).
   */
  static void watch(Channel ch) {
    handler(ch).watch(ch);
  }

  /** Hands {@code read} an idle connection to {@code node}, or opens one. */
  void acquire(Node node, ReadRelay read) {
    ArrayDeque<Channel> free = idle.get(node.baseUri());
    if (free != null) {
      Channel ch;
      while ((ch = free.pollLast()) != null) {
        if (ch.isActive()) {
          handler(ch).relay = read;
          read.connected(ch, true);
          return;
        }
      }
    }
    connect(node, read);
  }

  /** Opens a new connection to {@code node} for {@code read}. */
  void connect(Node node, ReadRelay read) {
    String host = node.host().startsWith("[")
        ? node.host().substring(1, node.host().length() - 1) : node.host();
    boolean https = "https".equals(node.scheme());
    ChannelFuture connecting = bootstrap.clone().handler(new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        if (https) {
          SSLEngine engine = tls.newEngine(ch.alloc(), host, node.port());
          SSLParameters params = engine.getSSLParameters();
          params.setEndpointIdentificationAlgorithm("HTTPS"); // the host name is verified
          engine.setSSLParameters(params);
          ch.pipeline().addLast(new SslHandler(engine));
        }
        ch.pipeline().addLast("http", new HttpClientCodec(new HttpDecoderConfig()
                .setMaxInitialLineLength(MAX_ANSWER_LINE).setMaxHeaderSize(MAX_ANSWER_HEAD), false,
                false))
            .addLast(RELAY, new Backend(node.baseUri()));
      }
    }).connect(host, node.port());
    connecting.addListener(f -> {
      if (f.isSuccess()) {
        handler(connecting.channel()).relay = read;
        read.connected(connecting.channel(), false);
      } else {
        read.connectFailed(f.cause());
      }
    });
  }

  /** Takes back a connection whose exchange ended cleanly, to be used again. */
  void release(Channel ch) {
    Backend backend = handler(ch);
    backend.relay = null;
    if (!ch.isActive()) {
      return;
    }
    ArrayDeque<Channel> free = idle.computeIfAbsent(backend.key, k -> new ArrayDeque<>());
    if (free.size() >= MAX_IDLE_PER_NODE) {
      ch.close();
    } else {
      ch.config().setAutoRead(true); // an idle connection must notice when the node closes it
      free.addLast(ch);
    }
  }

  /** Closes every idle connection (the gateway is stopping). */
  void closeIdle() {
    for (ArrayDeque<Channel> free : idle.values()) {
      free.forEach(Channel::close);
      free.clear();
    }
  }

  private static Backend handler(Channel ch) {
    return (Backend) ch.pipeline().get(RELAY);
  }

  /** Passes what a node sends to the read using the connection. */
  private final class Backend extends ChannelInboundHandlerAdapter {
    final String key;
    ReadRelay relay;
    ScheduledFuture<?> timer;

    void watch(Channel ch) {
      if (timer == null) {
        timer = ch.eventLoop().schedule(() -> check(ch), timeoutNanos, TimeUnit.NANOSECONDS);
      }
    }

    private void check(Channel ch) {
      timer = null;
      ReadRelay r = relay;
      if (r == null || !ch.isActive()) {
        return;
      }
      long left = r.timeLeftNanos();
      if (left > 0) {
        timer = ch.eventLoop().schedule(() -> check(ch), Math.min(left, timeoutNanos),
            TimeUnit.NANOSECONDS);
      } else {
        r.timedOut();
      }
    }

    Backend(String key) {
      this.key = key;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ReadRelay r = relay;
      if (r == null) {
        ReferenceCountUtil.release(msg); // nothing asked: an idle connection got bytes; drop it
        ctx.close();
        return;
      }
      if (msg instanceof HttpObject parsed && parsed.decoderResult().isFailure()) {
        // A head the codec could not parse (too large, a bad status line, two lengths): what
        // follows is dropped by the codec, so the exchange is over and the connection unusable.
        ReferenceCountUtil.release(msg);
        relay = null; // before the close, so that channelInactive does not report it twice
        ctx.close();
        r.nodeClosed(parsed.decoderResult().cause());
        return;
      }
      if (msg instanceof HttpResponse head) {
        r.nodeAnswered(head);
      }
      if (msg instanceof HttpContent content) {
        r.nodeContent(content);
      } else if (!(msg instanceof HttpResponse)) {
        ReferenceCountUtil.release(msg);
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ReadRelay r = relay;
      if (r != null) {
        r.nodeReadComplete();
      }
      ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      ReadRelay r = relay;
      if (r != null) {
        relay = null;
        r.nodeClosed(null);
      } else {
        ArrayDeque<Channel> free = idle.get(key);
        if (free != null) {
          free.remove(ctx.channel());
        }
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ReadRelay r = relay;
      relay = null;
      ctx.close();
      if (r != null) {
        r.nodeClosed(cause);
      }
    }
  }
}
