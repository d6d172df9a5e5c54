package dev.spawn.examples.gateway;

import dev.spawn.Spawn;
import dev.spawn.config.MirrorConfig;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's proxy listener, on Netty: a few event-loop threads (one per core) parse client
 * requests, relay reads to the nodes over kept-open connections on the same threads ({@link
 * ReadRelay}, {@link NodeConnections}), and hand writes, which wait for the journal and a node, to
 * a pool of blocking threads ({@link Writes}). Epoll on Linux, Java NIO elsewhere.
 *
 * <p>Stopping is graceful: the listener closes first, connections between requests are closed,
 * requests in flight get up to the stop timeout to finish. Thread-safe.
 */
final class ProxyServer {

  private static final Logger log = LoggerFactory.getLogger(ProxyServer.class);
  /** Writes waiting at once (each holds a thread until the journal and a node answered). */
  static final int MAX_WRITE_THREADS = 400;
  /** Longest request line and largest request head a client may send (8 KiB each, the usual limits). */
  static final int MAX_REQUEST_LINE = 8192;
  static final int MAX_REQUEST_HEAD = 8192;
  /**
   * A client connection that sent nothing for this long is closed if it is between requests
   * (only reads are watched: watching writes too would cost a listener on every write).
   */
  static final int CLIENT_IDLE_SECONDS = 60;

  private final Spawn spawn;
  private final Writes writes;
  private final Replies replies;
  private final MirrorConfig mirror;
  private final String host;
  private final int port;
  private final Duration stopTimeout;
  private final long responseTimeoutMillis;
  private final EventLoopGroup loops;
  private final Map<EventExecutor, NodeConnections> connections = new HashMap<>();
  private final ThreadPoolExecutor writePool;
  private final ChannelGroup clients = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean stopping;
  private Channel listener;

  ProxyServer(Spawn spawn, Writes writes, Replies replies, String host, int port,
      Duration stopTimeout) {
    this.spawn = spawn;
    this.writes = writes;
    this.replies = replies;
    this.mirror = spawn.config().mirror();
    this.host = host;
    this.port = port;
    this.stopTimeout = stopTimeout;
    this.responseTimeoutMillis = spawn.config().delivery().responseTimeout().toMillis();
    boolean epoll = Epoll.isAvailable();
    IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    this.loops = new MultiThreadIoEventLoopGroup(threads,
        new DefaultThreadFactory("spawn-gateway-io", true), io);
    Bootstrap nodes = new Bootstrap()
        .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
            (int) Math.min(Integer.MAX_VALUE,
                spawn.config().delivery().connectTimeout().toMillis()));
    SslContext tls = clientTls(spawn);
    for (EventExecutor e : loops) {
      connections.put(e, new NodeConnections(nodes, (EventLoop) e, tls,
          spawn.config().delivery().responseTimeout()));
    }
    this.writePool = new ThreadPoolExecutor(0, MAX_WRITE_THREADS, 60, TimeUnit.SECONDS,
        new SynchronousQueue<>(), new DefaultThreadFactory("spawn-gateway-write", true));
  }

  /** Binds the listener. */
  void start() throws IOException {
    boolean epoll = Epoll.isAvailable();
    Class<? extends ServerChannel> type =
        epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    ServerBootstrap bootstrap = new ServerBootstrap().group(loops).channel(type)
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childOption(ChannelOption.TCP_NODELAY, true)
        // Thread-cached pools: cheaper here than Netty 4.2's default adaptive allocator.
        .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
        .childHandler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            clients.add(ch);
            ch.pipeline()
                .addLast("idle", new IdleStateHandler(CLIENT_IDLE_SECONDS, 0, 0))
                .addLast("http", new HttpServerCodec(new HttpDecoderConfig()
                    .setMaxInitialLineLength(MAX_REQUEST_LINE)
                    .setMaxHeaderSize(MAX_REQUEST_HEAD)))
                .addLast("front", new FrontHandler(ProxyServer.this));
          }
        });
    try {
      listener = bootstrap.bind(host, port).sync().channel();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while binding " + host + ":" + port, e);
    } catch (Exception e) {
      loops.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
    }
    log.info("Proxy listening on {} ({} event loop(s), {})", listener.localAddress(),
        connections.size(), epoll ? "epoll" : "NIO");
  }

  /** Where clients connect, such as {@code http://127.0.0.1:7117/}. */
  URI uri() {
    InetSocketAddress a = (InetSocketAddress) listener.localAddress();
    String h = host == null || host.isEmpty() ? "0.0.0.0" : host;
    if (h.contains(":") && !h.startsWith("[")) {
      h = "[" + h + "]";
    }
    return URI.create("http://" + h + ":" + a.getPort() + "/");
  }

  /** The stop timeout, for the log. */
  Duration stopTimeout() {
    return stopTimeout;
  }

  /**
   * Stops accepting, closes connections between requests, waits up to the stop timeout for the
   * requests in flight, then closes everything. Idempotent.
   */
  void stop() {
    if (stopping) {
      return;
    }
    stopping = true;
    if (listener != null) {
      listener.close().awaitUninterruptibly();
    }
    for (Channel ch : clients) {
      ch.eventLoop().execute(() -> {
        FrontHandler front = (FrontHandler) ch.pipeline().get("front");
        if (front != null) {
          front.closeIfIdle();
        }
      });
    }
    long deadline = System.nanoTime() + stopTimeout.toNanos();
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (inFlight.get() > 0) {
      log.warn("{} request(s) still in flight after the stop timeout of {} ms; closing them",
          inFlight.get(), stopTimeout.toMillis());
    }
    clients.close().awaitUninterruptibly();
    writePool.shutdownNow();
    for (Map.Entry<EventExecutor, NodeConnections> e : connections.entrySet()) {
      e.getKey().execute(e.getValue()::closeIdle);
    }
    loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
  }

  Spawn spawn() {
    return spawn;
  }

  Replies replies() {
    return replies;
  }

  long maxBody() {
    return writes.maxBody();
  }

  long responseTimeoutMillis() {
    return responseTimeoutMillis;
  }

  boolean isWrite(String method) {
    return mirror.mirrors(method);
  }

  boolean stopping() {
    return stopping;
  }

  ExecutorService writePool() {
    return writePool;
  }

  NodeConnections connections(EventLoop loop) {
    return connections.get(loop);
  }

  /** Runs a write to its end on a write-pool thread; never throws. */
  Reply write(ClientRequest request) {
    try {
      return writes.handle(request);
    } catch (RuntimeException | Error e) { // the client gets an answer whatever went wrong
      log.error("{} {} failed in the gateway", request.method(), request.target(), e);
      return replies.error(500, "the gateway failed: " + e, null);
    }
  }

  void requestStarted() {
    inFlight.incrementAndGet();
  }

  void requestEnded() {
    inFlight.decrementAndGet();
  }

  private static SslContext clientTls(Spawn spawn) {
    try {
      SSLContext context = spawn.config().delivery().sslContext().orElse(SSLContext.getDefault());
      // The same trust as delivery and the health checks; host names are checked per connection.
      return new JdkSslContext(context, true, ClientAuth.NONE);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no TLS in this JVM: " + e.getMessage(), e);
    }
  }
}
