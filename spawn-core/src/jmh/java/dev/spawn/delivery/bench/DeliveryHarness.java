package dev.spawn.delivery.bench;

import dev.spawn.Node;
import dev.spawn.Spawn;
import dev.spawn.SpawnConfig;
import dev.spawn.config.JournalConfig;
import dev.spawn.mirror.MirrorRequest;
import dev.spawn.mirror.SpawnIds;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hc.client5.http.classic.methods.HttpPut;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * Delivery benchmark: ordered delivery rate to one local Jetty peer against one sequential client
 * on the same peer in the same run; catch-up of a backlog; heap with a million updates queued.
 *
 * <p>Usage: {@code DeliveryHarness <updates> <queued-for-heap>}; run by {@code bench/delivery.sh}.
 */
public final class DeliveryHarness {

  private static final byte[] BODY = new byte[1024];
  private static final AtomicLong RECEIVED = new AtomicLong();

  private DeliveryHarness() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int queued = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    Server peer = startPeer();
    int port = ((ServerConnector) peer.getConnectors()[0]).getLocalPort();
    try {
      sequentialClient(port, Math.min(n, 20_000)); // warm-up
      double client = sequentialClient(port, n);
      catchUp(port, Math.min(n, 20_000)); // warm-up
      double delivery = catchUp(port, n);
      System.out.printf(Locale.ROOT, "sequential client: %.0f req/s%n", client);
      System.out.printf(Locale.ROOT, "ordered delivery (catch-up of %d): %.0f updates/s%n", n,
          delivery);
      System.out.printf(Locale.ROOT, "ratio delivery / client: %.2f%n", delivery / client);
      heap(port, queued);
    } finally {
      peer.stop();
    }
  }

  private static Server startPeer() throws Exception {
    Server server = new Server();
    ServerConnector c = new ServerConnector(server);
    c.setHost("127.0.0.1");
    server.addConnector(c);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback)
          throws Exception {
        try (InputStream in = Content.Source.asInputStream(request)) {
          in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        RECEIVED.incrementAndGet();
        response.setStatus(200);
        callback.succeeded();
        return true;
      }
    });
    server.start();
    return server;
  }

  private static double sequentialClient(int port, int n) throws Exception {
    try (CloseableHttpClient http = HttpClients.createDefault()) {
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        HttpPut put = new HttpPut("http://127.0.0.1:" + port + "/items/" + i);
        put.setEntity(new ByteArrayEntity(BODY, null));
        http.execute(put, r -> {
          EntityUtils.consume(r.getEntity());
          return r.getCode();
        });
      }
      return n / ((System.nanoTime() - start) / 1e9);
    }
  }

  /** Queues n updates while the peer is in maintenance, then measures how fast they drain. */
  private static double catchUp(int port, int n) throws Exception {
    Path dir = Files.createTempDirectory("spawn-delivery-bench");
    Node node = Node.of("127.0.0.1", port).withMaintenance(true);
    try (Spawn spawn = Spawn.builder(config(dir, node)).build()) {
      spawn.start();
      for (int i = 0; i < n; i++) {
        spawn.submit(update(i));
      }
      long before = RECEIVED.get();
      long start = System.nanoTime();
      spawn.nodes().put(node.withMaintenance(false));
      while (RECEIVED.get() - before < n) {
        Thread.onSpinWait();
        Thread.sleep(1);
      }
      return n / ((System.nanoTime() - start) / 1e9);
    }
  }

  private static void heap(int port, int queued) throws Exception {
    Path dir = Files.createTempDirectory("spawn-heap-bench");
    Node node = Node.of("127.0.0.1", port).withMaintenance(true);
    try (Spawn spawn = Spawn.builder(config(dir, node)).build()) {
      spawn.start();
      long baseline = usedHeapAfterGc();
      for (int i = 0; i < queued; i++) {
        spawn.submit(update(i));
      }
      long full = usedHeapAfterGc();
      System.out.printf(Locale.ROOT, "heap with %d updates queued: +%.1f MiB (baseline %.1f MiB,"
              + " queue depth %d)%n", queued, (full - baseline) / 1048576.0, baseline / 1048576.0,
          spawn.queue(node.id()).orElseThrow().depth());
      long start = System.nanoTime();
      long before = RECEIVED.get();
      spawn.nodes().put(node.withMaintenance(false));
      long peak = full;
      while (RECEIVED.get() - before < queued) {
        Thread.sleep(200);
        peak = Math.max(peak, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
      }
      System.out.printf(Locale.ROOT, "drained %d in %.1f s; heap used while draining peaked at"
          + " %.1f MiB (with garbage)%n", queued, (System.nanoTime() - start) / 1e9,
          peak / 1048576.0);
    }
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static SpawnConfig config(Path dir, Node node) {
    return SpawnConfig.builder()
        .addNode(node)
        .healthCheck(h -> h.interval(Duration.ofSeconds(60)))
        .journal(j -> j.path(dir.resolve("journal.db")).sync(JournalConfig.Sync.NORMAL)
            .maxEntries(10_000_000).maxBytes(4L << 30))
        .mirror(m -> m.secret("benchmark-secret-0123456789"))
        .build();
  }

  private static MirrorRequest update(int i) {
    return new MirrorRequest("PUT", "/items/" + i,
        List.of(new MirrorRequest.Header("Content-Type", "application/octet-stream")), BODY,
        SpawnIds.next(), System.currentTimeMillis(), null);
  }
}
