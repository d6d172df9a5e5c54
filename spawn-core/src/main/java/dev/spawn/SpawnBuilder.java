package dev.spawn;

import dev.spawn.config.DeliveryConfig;
import dev.spawn.config.JournalConfig;
import dev.spawn.config.MirrorConfig;
import dev.spawn.delivery.DeliveryService;
import dev.spawn.delivery.DeliverySettings;
import dev.spawn.health.HealthChecker;
import dev.spawn.journal.InMemoryJournal;
import dev.spawn.journal.Journal;
import dev.spawn.journal.SqliteJournal;
import dev.spawn.journal.SyncMode;
import dev.spawn.metrics.SpawnMetrics;
import dev.spawn.mirror.InMemoryHwmStore;
import dev.spawn.mirror.MirrorKey;
import dev.spawn.mirror.MirrorKeys;
import dev.spawn.mirror.MirrorSigner;
import dev.spawn.mirror.ReceiverLedger;
import dev.spawn.mirror.SqliteHwmStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * Builds a {@link Spawn} from a {@link SpawnConfig}, with the parts a test or an embedding program
 * may want to supply itself (a journal, a clock, a scheduler, TLS). Not thread-safe.
 */
public final class SpawnBuilder {

  private final SpawnConfig config;
  private Journal journal;
  private Clock clock = Clock.systemUTC();
  private LongSupplier nanoTime = System::nanoTime;
  private SSLContext sslContext;
  private boolean requireSecret = true;

  SpawnBuilder(SpawnConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** Uses this journal instead of the one the config describes; Spawn closes it. */
  public SpawnBuilder journal(Journal j) {
    this.journal = Objects.requireNonNull(j, "journal");
    return this;
  }

  /** The wall clock (origin times, ages). */
  public SpawnBuilder clock(Clock c) {
    this.clock = Objects.requireNonNull(c, "clock");
    return this;
  }

  /** The monotonic clock (back-off, timeouts). */
  public SpawnBuilder nanoTime(LongSupplier n) {
    this.nanoTime = Objects.requireNonNull(n, "nanoTime");
    return this;
  }

  /** TLS for {@code https} peers, instead of the configured trust store. */
  public SpawnBuilder sslContext(SSLContext ctx) {
    this.sslContext = Objects.requireNonNull(ctx, "sslContext");
    return this;
  }

  /**
   * Whether a cluster of several nodes must have a secret (default true). A gateway turns it off:
   * its nodes run no Spawn code and verify nothing.
   */
  public SpawnBuilder requireSecret(boolean required) {
    this.requireSecret = required;
    return this;
  }

  /** Builds a stopped {@link Spawn}; call {@link Spawn#start()}. */
  public Spawn build() {
    Parts p = new Parts();
    p.config = config;
    p.clock = clock;
    p.requireSecret = requireSecret;
    p.nodes = new NodeRegistry(config.nodePolicy());
    p.nodes.putAll(config.nodes());
    p.journal = journal != null ? journal : openJournal(config.journal(), clock);
    p.ledgerFactory = () -> openLedger(config.journal());
    p.signer = signer(config.mirror());
    p.metrics = new SpawnMetrics();
    p.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "spawn-scheduler");
      t.setDaemon(true);
      return t;
    });
    SSLContext tls = sslContext != null ? sslContext : config.delivery().sslContext().orElse(null);
    try {
      HealthChecker.Builder hb =
          HealthChecker.builder(p.nodes).settings(config.healthCheck()).nanoTime(nanoTime);
      if (tls != null) {
        hb.sslContext(tls);
      }
      p.health = hb.build();
      p.delivery =
          new DeliveryService(
              p.journal, p.nodes, config.self().orElse(null), deliverySettings(config.delivery(), tls),
              p.signer, p.metrics, p.health::isHealthy, p.health::reportFailure, clock, nanoTime);
      DeliveryService d = p.delivery;
      p.health.addListener((id, from, to) -> d.healthChanged(id));
      p.reads =
          ReadRouter.builder(p.nodes)
              .health(p.health::isHealthy)
              .backlog(p.journal::depth) // from memory: reads are routed per request
              .readMaxLag(config.readMaxLag())
              .mode(ReadMode.of(config.queryMode().roundRobin(), config.queryMode().byPriority())
                  .withPriorityTiers(config.priorityTiers()))
              .build();
    } catch (RuntimeException e) {
      if (p.health != null) {
        p.health.close();
      }
      p.scheduler.shutdownNow();
      p.journal.close();
      throw e;
    }
    return new Spawn(p);
  }

  private static Journal openJournal(JournalConfig j, Clock clock) {
    if (j.memory()) {
      return InMemoryJournal.builder().maxEntries(j.maxEntries()).maxBytes(j.maxBytes())
          .clock(clock).build();
    }
    return SqliteJournal.builder(j.path())
        .sync(j.sync() == JournalConfig.Sync.FULL ? SyncMode.FULL : SyncMode.NORMAL)
        .maxEntries(j.maxEntries())
        .maxBytes(j.maxBytes())
        .clock(clock)
        .build();
  }

  private static ReceiverLedger openLedger(JournalConfig j) {
    if (j.memory()) {
      return new ReceiverLedger(new InMemoryHwmStore());
    }
    Path hwm = j.path().resolveSibling(j.path().getFileName() + ".received");
    return new ReceiverLedger(SqliteHwmStore.open(hwm));
  }

  private static MirrorSigner signer(MirrorConfig m) {
    if (m.secret().isEmpty()) {
      return null;
    }
    MirrorKey current = MirrorKey.of(m.keyId(), m.secret().get());
    if (m.previousSecret().isPresent()) {
      MirrorKey previous = MirrorKey.of(m.previousKeyId().orElseThrow(), m.previousSecret().get());
      return new MirrorSigner(MirrorKeys.of(current, previous));
    }
    return new MirrorSigner(MirrorKeys.of(current));
  }

  private static DeliverySettings deliverySettings(DeliveryConfig d, SSLContext tls) {
    return new DeliverySettings(d.backoffMin(), d.backoffMax(), d.connectTimeout(),
        d.responseTimeout(), d.stuckAfter(), d.maxAttempts(), d.batchSize(), tls);
  }

  /** What a {@link Spawn} is made of. */
  static final class Parts {
    SpawnConfig config;
    Clock clock;
    boolean requireSecret;
    NodeRegistry nodes;
    Journal journal;
    Supplier<ReceiverLedger> ledgerFactory;
    MirrorSigner signer;
    SpawnMetrics metrics;
    ScheduledExecutorService scheduler;
    HealthChecker health;
    DeliveryService delivery;
    ReadRouter reads;
  }
}
