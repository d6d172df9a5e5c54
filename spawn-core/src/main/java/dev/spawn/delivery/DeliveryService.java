package dev.spawn.delivery;

import dev.spawn.Node;
import dev.spawn.NodeEvent;
import dev.spawn.NodeRegistry;
import dev.spawn.journal.Backlog;
import dev.spawn.journal.Journal;
import dev.spawn.metrics.SpawnMetrics;
import dev.spawn.mirror.MirrorSigner;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link PeerLink} per active peer and keeps the set of links in step with the node
 * registry: a new or re-activated peer gets a cursor at the journal's end, an inactive or removed
 * one loses its cursor (and the dropped updates are counted and logged). Also tracks
 * acknowledgements for callers that wait for them (write concern, the gateway's first response).
 *
 * <p>Thread-safe. Built by {@code Spawn}; programs use {@code Spawn} rather than this class.
 */
public final class DeliveryService implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DeliveryService.class);

  private final Journal journal;
  private final NodeRegistry nodes;
  private final String selfId;
  private final DeliverySettings settings;
  private final SpawnMetrics metrics;
  private final Predicate<String> healthy;
  private final BiConsumer<String, Exception> unreachable;
  private final LongSupplier nanoTime;
  private final PeerConnections connections;
  private final PeerSender sender;
  private final Backoff backoff;
  private final Map<String, PeerLink> links = new ConcurrentHashMap<>();
  private final Map<String, Long> dropped = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<PeerResponse>> responseWaiters =
      new ConcurrentHashMap<>();
  private final AckTracker acks;
  private volatile boolean started;
  private AutoCloseable registryListener;

  /**
   * @param selfId this node's id in embedded mode (never a peer), or {@code null}
   * @param signer signs mirrored requests; {@code null} only in an explicitly insecure setup
   * @param healthy whether a peer passes its health check
   * @param unreachable told when a peer refused a connection or timed out
   */
  public DeliveryService(
      Journal journal,
      NodeRegistry nodes,
      String selfId,
      DeliverySettings settings,
      MirrorSigner signer,
      SpawnMetrics metrics,
      Predicate<String> healthy,
      BiConsumer<String, Exception> unreachable,
      Clock clock,
      LongSupplier nanoTime) {
    this.journal = Objects.requireNonNull(journal, "journal");
    this.nodes = Objects.requireNonNull(nodes, "nodes");
    this.selfId = selfId;
    this.settings = Objects.requireNonNull(settings, "settings");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.healthy = Objects.requireNonNull(healthy, "healthy");
    this.unreachable = Objects.requireNonNull(unreachable, "unreachable");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    this.acks = new AckTracker(nanoTime);
    this.connections = new PeerConnections(settings);
    this.sender = new PeerSender(connections, signer, journal.id(), clock);
    this.backoff =
        new Backoff(
            settings.backoffMin(),
            settings.backoffMax(),
            bound -> ThreadLocalRandom.current().nextLong(bound));
  }

  /** Starts a link for every active peer and follows registry changes from now on. */
  public synchronized void start() {
    if (started) {
      throw new IllegalStateException("delivery already started");
    }
    started = true;
    for (String peer : journal.peers()) {
      Optional<Node> n = nodes.get(peer);
      if (n.isEmpty() || !n.get().active() || peer.equals(selfId)) {
        long count = journal.detach(peer);
        log.warn("Peer {} is no longer an active node: dropped its {} queued updates", peer, count);
      }
    }
    registryListener = nodes.addListener(this::onNodeEvent);
    for (Node n : nodes.all()) {
      if (n.active()) {
        startLink(n);
      }
    }
  }

  /** Wakes every link: entries were appended. */
  public void appended() {
    for (PeerLink link : links.values()) {
      link.dataArrived();
    }
  }

  /** Wakes the link of a peer whose health changed. */
  public void healthChanged(String peerId) {
    PeerLink link = links.get(peerId);
    if (link != null) {
      link.stateChanged();
    }
  }

  /** How many peers have a running link (active peers other than this node). */
  public int activePeers() {
    return links.size();
  }

  /** The status of every peer in the registry (this node excluded), in priority order. */
  public List<PeerStatus> statuses() {
    List<PeerStatus> out = new ArrayList<>();
    for (Node n : nodes.all()) {
      if (!n.id().equals(selfId)) {
        out.add(status(n));
      }
    }
    return out;
  }

  private PeerStatus status(Node n) {
    PeerLink link = links.get(n.id());
    long droppedCount = dropped.getOrDefault(n.id(), 0L);
    if (link == null) {
      String why = n.active() ? "delivery not started" : "inactive";
      return new PeerStatus(n.id(), PeerState.STOPPED, why, 0, 0, 0, 0, droppedCount, 0, 0, null);
    }
    Backlog b = journal.backlog(n.id()).orElse(new Backlog(n.id(), 0, 0, 0));
    long cursor = journal.cursor(n.id()).map(c -> c.seq()).orElse(link.acked());
    return new PeerStatus(n.id(), link.state(), link.reason(), b.depth(), b.bytes(),
        b.oldestAgeMillis(System.currentTimeMillis()), cursor, droppedCount, link.stuckSeq(),
        link.attempts(), link.lastError());
  }

  /**
   * Resumes a peer after an operator brought its data over: its cursor moves to the journal's end
   * and the next update is sent as {@code Spawn-Prev: resync}.
   *
   * @throws IllegalArgumentException when the peer is not an active peer of this node
   */
  public void reset(String peerId) {
    PeerLink link = links.get(peerId);
    if (link == null) {
      throw new IllegalArgumentException("no active peer " + peerId + " to reset");
    }
    journal.attach(peerId);
    journal.reset(peerId);
    link.resumeAfterResync();
    log.info("Peer {} reset after a resync: delivering from update {} on", peerId,
        journal.stats().lastSeq() + 1);
  }

  /** Detaches every peer whose backlog is over a limit; returns how many were detached. */
  public int enforceLagLimit(long maxEntries, long maxBytes, Duration maxAge, long nowMillis) {
    int count = 0;
    for (PeerLink link : links.values()) {
      if (link.state() == PeerState.NEEDS_RESYNC) {
        continue;
      }
      Optional<Backlog> b = journal.backlog(link.peerId());
      if (b.isEmpty()) {
        continue;
      }
      Backlog backlog = b.get();
      String why = null;
      // "May have N waiting": only a backlog beyond the limit detaches. With the default limit
      // (the journal's cap) a held peer therefore fills the journal, which then refuses writes
      // with 503, rather than costing that peer a resync.
      if (backlog.depth() > maxEntries) {
        why = "its backlog reached " + backlog.depth() + " updates (limit " + maxEntries + ")";
      } else if (backlog.bytes() > maxBytes) {
        why = "its backlog reached " + backlog.bytes() + " bytes (limit " + maxBytes + ")";
      } else if (backlog.oldestAgeMillis(nowMillis) >= maxAge.toMillis()) {
        why = "its oldest update waited " + Duration.ofMillis(backlog.oldestAgeMillis(nowMillis))
            + " (limit " + maxAge + ")";
      }
      if (why != null) {
        log.error("Peer {} is detached and needs a resync: {}", link.peerId(), why);
        needsResync(link, why);
        count++;
      }
    }
    return count;
  }

  /**
   * Waits until {@code n} peers acknowledged update {@code seq}, or the timeout passes.
   *
   * @return how many peers had acknowledged it when the wait ended
   */
  public int awaitAcks(long seq, int n, Duration timeout) throws InterruptedException {
    return acks.await(links.values(), seq, n, timeout);
  }

  /**
   * Registers interest in the first peer's whole answer to the update with this {@code Spawn-Id};
   * call it before the update is appended. The future completes when a peer acknowledges or
   * rejects it; the caller removes it with {@link #forgetResponse} when done.
   */
  public CompletableFuture<PeerResponse> firstResponse(String spawnId) {
    return responseWaiters.computeIfAbsent(spawnId, k -> new CompletableFuture<>());
  }

  /** Stops waiting for a response registered with {@link #firstResponse}. */
  public void forgetResponse(String spawnId) {
    responseWaiters.remove(spawnId);
  }

  @Override
  public synchronized void close() {
    if (registryListener != null) {
      try {
        registryListener.close();
      } catch (Exception e) {
        log.debug("Removing the registry listener failed", e);
      }
    }
    links.values().forEach(PeerLink::stop);
    links.clear();
    connections.close();
  }

  private void onNodeEvent(NodeEvent event) {
    if (event.nodeId().equals(selfId)) {
      return;
    }
    Node after = event.after();
    Node before = event.before();
    boolean wasActive = before != null && before.active();
    boolean isActive = after != null && after.active();
    if (isActive && !wasActive) {
      startLink(after);
    } else if (!isActive && wasActive) {
      stopLink(event.nodeId(), after == null ? "removed" : "made inactive");
    } else if (isActive) {
      PeerLink link = links.get(after.id());
      if (link != null) {
        link.update(after);
      }
    }
    if (after == null) {
      dropped.remove(event.nodeId());
      metrics.remove(event.nodeId());
    }
  }

  private void startLink(Node n) {
    if (n.id().equals(selfId) || links.containsKey(n.id())) {
      return;
    }
    journal.attach(n.id());
    PeerLink link = new PeerLink(n, new Context());
    links.put(n.id(), link);
    Thread t = new Thread(link, "spawn-delivery-" + n.id());
    t.setDaemon(true);
    t.start();
  }

  private void stopLink(String peerId, String why) {
    PeerLink link = links.remove(peerId);
    if (link != null) {
      link.stop();
    }
    long count = journal.detach(peerId);
    dropped.put(peerId, count);
    if (count > 0) {
      log.warn("Peer {} {}: dropped its {} queued updates; it must be resynced before it is"
          + " activated again", peerId, why, count);
    } else {
      log.info("Peer {} {}: nothing was queued for it", peerId, why);
    }
  }

  void needsResync(PeerLink link, String why) {
    link.markNeedsResync(why);
    long count = journal.detach(link.peerId());
    dropped.put(link.peerId(), count);
    log.warn("Peer {} needs a resync: released its {} queued updates", link.peerId(), count);
  }

  private final class Context implements DeliveryContext {
    @Override
    public Journal journal() {
      return journal;
    }

    @Override
    public DeliverySettings settings() {
      return settings;
    }

    @Override
    public PeerSender sender() {
      return sender;
    }

    @Override
    public Backoff backoff() {
      return backoff;
    }

    @Override
    public SpawnMetrics metrics() {
      return metrics;
    }

    @Override
    public long nanoTime() {
      return nanoTime.getAsLong();
    }

    @Override
    public boolean healthy(String peerId) {
      return healthy.test(peerId);
    }

    @Override
    public void reportUnreachable(String peerId, Exception cause) {
      unreachable.accept(peerId, cause);
    }

    @Override
    public boolean wantsResponse(String spawnId) {
      return !responseWaiters.isEmpty() && responseWaiters.containsKey(spawnId);
    }

    @Override
    public void acknowledged(PeerLink link, long seq, String spawnId, PeerResponse response) {
      if (response != null) {
        CompletableFuture<PeerResponse> f = responseWaiters.get(spawnId);
        if (f != null) {
          f.complete(response);
        }
      }
      acks.acknowledged();
    }

    @Override
    public void needsResync(PeerLink link, String why) {
      DeliveryService.this.needsResync(link, why);
    }
  }
}
