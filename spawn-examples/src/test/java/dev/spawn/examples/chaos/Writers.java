package dev.spawn.examples.chaos;

import dev.spawn.examples.chaos.WriteLog.Attempt;
import dev.spawn.examples.chaos.WriteLog.Outcome;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The clients: {@code n} threads writing notes with unique ids to random nodes, and one thread
 * writing sequence keys, each key always through the same node with a rising version (so the
 * order of delivery shows). All of them share a rate limit. Every attempt goes to the {@link
 * WriteLog}. Thread-safe; start once, stop once.
 */
final class Writers {

  /** Sequence keys per node. */
  static final int KEYS_PER_NODE = 4;
  private static final long TICK_MILLIS = 50;
  // Letters, digits, JSON's special characters and multi-byte ones: the body must come back
  // byte for byte.
  private static final int[] ALPHABET = ("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
      + "0123456789 -_.,;:!?\"\\/{}[]<>&%+=#'\téöüß€漢字ñ😀🚀").codePoints().toArray();

  private final ChaosCluster cluster;
  private final WriteLog log;
  private final int threads;
  private final int perSecond;
  private final long seed;
  private final Semaphore permits = new Semaphore(0);
  private final ScheduledExecutorService refill = Executors.newSingleThreadScheduledExecutor();
  private final ExecutorService pool;
  private volatile boolean stopping;

  Writers(ChaosCluster cluster, WriteLog log, int threads, int perSecond, long seed) {
    this.cluster = cluster;
    this.log = log;
    this.threads = threads;
    this.perSecond = perSecond;
    this.seed = seed;
    this.pool = Executors.newFixedThreadPool(threads + 1);
  }

  void start() {
    int perTick = Math.max(1, (int) (perSecond * TICK_MILLIS / 1000));
    refill.scheduleAtFixedRate(() -> {
      // No bursts after a stall: at most one second's worth waits.
      int room = perSecond - permits.availablePermits();
      if (room > 0) {
        permits.release(Math.min(room, perTick));
      }
    }, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
    for (int k = 0; k < threads; k++) {
      int writer = k;
      pool.execute(() -> uniqueIds(writer));
    }
    pool.execute(this::sequenceKeys);
  }

  /** Stops the clients and waits for the writes in flight to end. */
  void stop() throws InterruptedException {
    stopping = true;
    refill.shutdownNow();
    pool.shutdown();
    if (!pool.awaitTermination(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("writers did not stop within 60 s");
    }
  }

  /** The id of sequence key {@code j} of node {@code node}. */
  static String sequenceKey(int node, int j) {
    return "seq-n" + node + "-k" + j;
  }

  private void uniqueIds(int writer) {
    Random random = new Random(seed * 31 + writer);
    for (int n = 0; next(); n++) {
      write("w" + writer + "-" + n, 1, random.nextInt(cluster.size()), random);
    }
  }

  private void sequenceKeys() {
    Random random = new Random(seed * 31 - 1);
    Map<String, Integer> versions = new LinkedHashMap<>();
    for (int turn = 0; next(); turn++) {
      int node = turn % cluster.size();
      String key = sequenceKey(node, (turn / cluster.size()) % KEYS_PER_NODE);
      write(key, versions.merge(key, 1, Integer::sum), node, random);
    }
  }

  /** Waits for a permit; false once stopping. */
  private boolean next() {
    try {
      while (!stopping) {
        if (permits.tryAcquire(200, TimeUnit.MILLISECONDS)) {
          return !stopping;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }

  private void write(String id, int version, int node, Random random) {
    ChildNode target = cluster.node(node);
    String title = "note " + id;
    String text = "v" + version + " " + text(random);
    String body = ChaosHttp.json(Map.of("title", title, "text", text));
    int before = target.incarnation();
    Outcome outcome;
    int status = 0;
    String detail = null;
    try {
      HttpResponse<String> r = cluster.http().send("PUT", target.uri("/notes/" + id), body);
      status = r.statusCode();
      outcome = status == 200 || status == 201 ? Outcome.ACKED
          : status == 503 ? Outcome.UNAVAILABLE : Outcome.OTHER_STATUS;
      if (outcome != Outcome.ACKED) {
        detail = shorten(r.body());
      }
    } catch (ConnectException | HttpConnectTimeoutException e) {
      outcome = Outcome.REFUSED;
      detail = e.toString();
    } catch (HttpTimeoutException e) {
      outcome = Outcome.TIMEOUT;
      detail = e.toString();
    } catch (IOException e) {
      outcome = Outcome.BROKEN;
      detail = e.toString();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      outcome = Outcome.BROKEN;
      detail = "interrupted";
    }
    log.add(new Attempt(id, version, node, before, target.incarnation(), title, text, outcome,
        status, detail));
  }

  private static String text(Random random) {
    StringBuilder s = new StringBuilder();
    int length = 10 + random.nextInt(150);
    for (int i = 0; i < length; i++) {
      s.appendCodePoint(ALPHABET[random.nextInt(ALPHABET.length)]);
    }
    return s.toString();
  }

  private static String shorten(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }
}
