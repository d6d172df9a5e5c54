package dev.spawn;

import dev.spawn.delivery.DeliveryService;
import dev.spawn.delivery.PeerResponse;
import dev.spawn.delivery.PeerStatus;
import dev.spawn.health.HealthChecker;
import dev.spawn.journal.Journal;
import dev.spawn.journal.JournalFullException;
import dev.spawn.metrics.Operation;
import dev.spawn.metrics.SpawnMetrics;
import dev.spawn.mirror.MirrorRequest;
import dev.spawn.mirror.MirrorSigner;
import dev.spawn.mirror.ReceiverLedger;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's part in a Spawn cluster: its view of the nodes, the durable journal, ordered delivery
 * to every active peer, health checks, read routing and metrics. The servlet filter and the
 * gateway are thin shells over it; a program can drive it directly.
 *
 * <pre>{@code
 * try (Spawn spawn = Spawn.builder(SpawnConfig.load(Path.of("spawn.json"))).build()) {
 *   spawn.start();
 *   long seq = spawn.submit(update);   // returns once the update is durable
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class Spawn implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Spawn.class);
  private static final long LAG_CHECK_MILLIS = 1000;

  private final SpawnConfig config;
  private final NodeRegistry nodes;
  private final Journal journal;
  private final MirrorSigner signer;
  private final HealthChecker health;
  private final ReadRouter reads;
  private final DeliveryService delivery;
  private final SpawnMetrics metrics;
  private final ScheduledExecutorService scheduler;
  private final Supplier<ReceiverLedger> ledgerFactory;
  private final Clock clock;
  private final boolean requireSecret;
  private ReceiverLedger ledger;
  private ScheduledFuture<?> lagCheck;
  private boolean started;
  private boolean closed;

  Spawn(SpawnBuilder.Parts p) {
    this.config = p.config;
    this.nodes = p.nodes;
    this.journal = p.journal;
    this.signer = p.signer;
    this.health = p.health;
    this.reads = p.reads;
    this.delivery = p.delivery;
    this.metrics = p.metrics;
    this.scheduler = p.scheduler;
    this.ledgerFactory = p.ledgerFactory;
    this.clock = p.clock;
    this.requireSecret = p.requireSecret;
  }

  /** A builder for a node configured by {@code config}. */
  public static SpawnBuilder builder(SpawnConfig config) {
    return new SpawnBuilder(config);
  }

  /**
   * Starts delivery to every active peer and the periodic checks.
   *
   * @throws IllegalStateException when the cluster has several nodes but no secret and is not
   *     explicitly insecure, or when it was already started
   */
  public synchronized void start() {
    if (started || closed) {
      throw new IllegalStateException(closed ? "Spawn is closed" : "Spawn is already started");
    }
    if (requireSecret && signer == null && nodes.size() > 1) {
      if (!config.mirror().insecure()) {
        throw new IllegalStateException(
            "this cluster has " + nodes.size() + " nodes but no mirror.secret: peers could not"
                + " tell mirrored requests from forged ones. Set mirror.secret (at least 16"
                + " characters, the same on every node), or set mirror.insecure=true for a test"
                + " setup");
      }
      log.warn("INSECURE: mirror.insecure is set and there is no mirror.secret; any client that"
          + " can reach a node can write to it as if it were a peer. Never run this in"
          + " production.");
    }
    int peers = (int) nodes.all().stream().filter(Node::active).filter(n -> !isSelf(n)).count();
    if (config.acks() > peers) {
      log.warn("acks={} but only {} active peers: writes will wait for at most {}",
          config.acks(), peers, peers);
    }
    delivery.start();
    lagCheck = scheduler.scheduleWithFixedDelay(this::enforceLagLimit, LAG_CHECK_MILLIS,
        LAG_CHECK_MILLIS, TimeUnit.MILLISECONDS);
    started = true;
    log.info("Spawn started: {} nodes, self {}, journal {}", nodes.size(),
        config.self().orElse("(none: gateway)"), journal.id());
  }

  /** The configuration this node was built from. */
  public SpawnConfig config() {
    return config;
  }

  /** The cluster's nodes; changes take effect at once (delivery links start and stop). */
  public NodeRegistry nodes() {
    return nodes;
  }

  /** This node, in embedded mode: the registry entry named by {@code self}. */
  public Optional<Node> self() {
    return config.self().flatMap(nodes::get);
  }

  /** Whether the node is this one. */
  public boolean isSelf(Node node) {
    return config.self().map(node.id()::equals).orElse(false);
  }

  /** The journal. */
  public Journal journal() {
    return journal;
  }

  /** Health of every node. */
  public HealthChecker health() {
    return health;
  }

  /** Where reads go. */
  public ReadRouter reads() {
    return reads;
  }

  /** The node a read should go to now, per the query mode; empty when none is eligible. */
  public Optional<Node> readTarget() {
    return reads.next();
  }

  /** Per-node counters. */
  public SpawnMetrics metrics() {
    return metrics;
  }

  /** Signs mirrored requests and verifies received ones; empty when no secret is set. */
  public Optional<MirrorSigner> signer() {
    return Optional.ofNullable(signer);
  }

  /** The receiving side's high-water marks (made on first use; embedded mode only). */
  public synchronized ReceiverLedger ledger() {
    if (ledger == null) {
      ledger = ledgerFactory.get();
    }
    return ledger;
  }

  /**
   * Checks that the journal would accept an update now, detaching any peer over its lag limit
   * first when it is full.
   *
   * @throws JournalFullException when it is still full
   */
  public void ensureCapacity() {
    try {
      journal.ensureCapacity();
    } catch (JournalFullException full) {
      if (enforceLagLimit() == 0) {
        throw full;
      }
      journal.ensureCapacity();
    }
  }

  /**
   * Journals an update for every active peer and returns its sequence number once it is durable.
   *
   * @throws JournalFullException when the journal is full
   */
  public long submit(MirrorRequest update) {
    long seq = journal.append(update.encode());
    delivery.appended();
    Operation op = Operation.of(update.method());
    // From the registry, not delivery.statuses(): a status costs a journal query per peer under
    // the journal's reader lock, which made every write on a node queue behind every other.
    String self = config.self().orElse(null);
    for (Node n : nodes.all()) {
      String id = n.id(); // made anew on each call
      if (!id.equals(self)) {
        metrics.record(id, op, SpawnMetrics.Result.QUEUED);
      }
    }
    return seq;
  }

  /**
   * Journals an update for every peer that has a queue except {@code nodeId}, which has already
   * run it (the gateway's {@code respond: primary} forwards a write to one node first and
   * replicates only what that node accepted). Returns once every entry is durable.
   *
   * <p>It writes one entry per peer, which is fine for a few nodes. The entries are not one
   * transaction: if the process dies between two of them, the update is queued for some peers
   * only. The caller has not answered its client yet at that point, so the client never saw the
   * write succeed (the same window as a crash between running a write and journaling it).
   *
   * @return the sequence number of the last entry written, or 0 when no other peer has a queue
   * @throws JournalFullException when the journal is full
   */
  public long submitExcept(MirrorRequest update, String nodeId) {
    Objects.requireNonNull(update, "update");
    Objects.requireNonNull(nodeId, "nodeId");
    byte[] payload = update.encode();
    Operation op = Operation.of(update.method());
    long last = 0;
    for (String peer : new TreeSet<>(journal.peers())) {
      if (!peer.equals(nodeId)) {
        last = journal.appendFor(peer, payload);
        metrics.record(peer, op, SpawnMetrics.Result.QUEUED);
      }
    }
    if (last > 0) {
      delivery.appended();
    }
    return last;
  }

  /**
   * Waits until {@code n} peers acknowledged update {@code seq} or the timeout passes, and
   * returns how many had.
   */
  public int awaitAcks(long seq, int n, Duration timeout) throws InterruptedException {
    return delivery.awaitAcks(seq, n, timeout);
  }

  /** How many peers have a running delivery link. */
  public int activePeers() {
    return delivery.activePeers();
  }

  /**
   * Asks for the first peer's whole answer to the update with this {@code Spawn-Id}; call it
   * before {@link #submit}, and {@link #forgetResponse} when done.
   */
  public CompletableFuture<PeerResponse> firstResponse(String spawnId) {
    return delivery.firstResponse(spawnId);
  }

  /** Stops waiting for an answer asked for with {@link #firstResponse}. */
  public void forgetResponse(String spawnId) {
    delivery.forgetResponse(spawnId);
  }

  /** The delivery status of every peer, in priority order. */
  public List<PeerStatus> queues() {
    return delivery.statuses();
  }

  /** The delivery status of one peer. */
  public Optional<PeerStatus> queue(String nodeId) {
    return queues().stream().filter(q -> q.nodeId().equals(nodeId)).findFirst();
  }

  /**
   * Resumes delivery to a peer after an operator brought its data over: its cursor moves to the
   * end of the journal and the next update tells it to accept from there.
   *
   * @throws IllegalArgumentException when the node is not an active peer
   */
  public void resetQueue(String nodeId) {
    delivery.reset(nodeId);
  }

  private int enforceLagLimit() {
    try {
      var j = config.journal();
      return delivery.enforceLagLimit(
          j.lagLimitEntries(), j.lagLimitBytes(), j.lagLimitAge(), clock.millis());
    } catch (RuntimeException e) {
      log.error("Checking the peers' lag limits failed", e);
      return 0;
    }
  }

  /** Stops delivery and health checks, then closes the journal. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (lagCheck != null) {
      lagCheck.cancel(false);
    }
    delivery.close();
    health.close();
    scheduler.shutdownNow();
    if (ledger != null) {
      ledger.close();
    }
    journal.close();
    log.info("Spawn closed");
  }
}
