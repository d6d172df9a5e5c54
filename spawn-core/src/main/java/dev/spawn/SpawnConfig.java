package dev.spawn;

import dev.spawn.config.ApiConfig;
import dev.spawn.config.AuthConfig;
import dev.spawn.config.CorsConfig;
import dev.spawn.config.DeliveryConfig;
import dev.spawn.config.HealthCheckConfig;
import dev.spawn.config.JournalConfig;
import dev.spawn.config.MirrorConfig;
import dev.spawn.config.QueryMode;
import dev.spawn.internal.config.Checks;
import dev.spawn.internal.config.ConfigReader;
import dev.spawn.internal.config.NodesAllow;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Every setting of a Spawn node or gateway: immutable and thread-safe.
 *
 * <p>Made by a {@link Builder} ({@link #builder()}, mutable and not thread-safe) or read from JSON
 * ({@link #load(Path)}, {@link #parse(String)}); the JSON file is a superset of the Go service's,
 * which loads unchanged. Settings are grouped as in the file: {@code config.journal().maxBytes()},
 * {@code config.mirror().methods()}, {@code config.delivery().backoffMin()}. Times are {@link
 * Duration}s. {@link #toString()} never shows a secret or a password. Every key, type and default
 * is listed in {@code docs/CONFIG.md}.
 *
 * <p>Errors: a builder setter refuses a bad value at once, {@link Builder#build()} checks the rules
 * between settings, and the loaders refuse unknown keys, wrong types and invalid JSON; all of them
 * throw {@link SpawnConfigException} (an {@link IllegalArgumentException}) naming the JSON key.
 *
 * <pre>{@code
 * SpawnConfig config = SpawnConfig.builder(SpawnConfig.load(Path.of("spawn.json")))
 *     .port(8080)                                   // a command-line flag wins over the file
 *     .journal(j -> j.sync(JournalConfig.Sync.NORMAL))
 *     .build();
 * }</pre>
 */
public final class SpawnConfig {

  /** Highest {@code acks} accepted. */
  public static final int MAX_ACKS = 1000;

  /** What the gateway answers a write with. */
  public enum Respond {
    /** The first successful node response, as the Go service did ({@code first}). */
    FIRST,
    /** Run the write on the best healthy node first; replicate only what it accepted. */
    PRIMARY
  }

  private final String host;
  private final int port;
  private final ApiConfig api;
  private final QueryMode queryMode;
  private final HealthCheckConfig healthCheck;
  private final List<Node> nodes;
  private final AuthConfig auth;
  private final JournalConfig journal;
  private final MirrorConfig mirror;
  private final DeliveryConfig delivery;
  private final Optional<String> self;
  private final int acks;
  private final Duration ackTimeout;
  private final long readMaxLag;
  private final boolean priorityTiers;
  private final List<String> nodesAllow;
  private final Respond respond;
  private final CorsConfig cors;
  private final NodePolicy nodePolicy;

  SpawnConfig(SpawnConfigBuilder b) {
    host = b.host;
    port = b.port;
    api = new ApiConfig(b.apiHost, b.apiPort);
    queryMode = new QueryMode(b.roundRobin, b.byPriority);
    healthCheck = b.healthCheck.build();
    nodes = List.copyOf(b.nodes);
    auth = b.auth.build();
    journal = b.journal.build();
    mirror = b.mirror.build();
    delivery = b.delivery.build();
    self = Optional.ofNullable(b.self);
    acks = b.acks;
    ackTimeout = b.ackTimeout;
    readMaxLag = b.readMaxLag;
    priorityTiers = b.priorityTiers;
    nodesAllow = b.nodesAllow;
    respond = b.respond;
    cors = new CorsConfig(b.corsOrigins);
    nodePolicy = nodesAllow.isEmpty() ? NodePolicy.ALLOW_ALL : new NodesAllow(nodesAllow);
    for (int i = 0; i < nodes.size(); i++) {
      try {
        nodePolicy.check(nodes.get(i));
      } catch (IllegalArgumentException e) {
        throw new SpawnConfigException("nodes[" + i + "]", "'nodes[" + i + "]': " + e.getMessage());
      }
    }
    if (port == api.port() && (host.equals(api.host()) || isWildcard(host)
        || isWildcard(api.host()))) {
      throw Checks.invalid("api.port", "different from 'port', since both listen on "
          + host + " and " + api.host(), port);
    }
  }

  private static boolean isWildcard(String host) {
    return host.equals("0.0.0.0") || host.equals("[::]");
  }

  /** A builder with every default. */
  public static Builder builder() {
    return new SpawnConfigBuilder();
  }

  /** A builder holding a copy of {@code config}'s settings, to override some of them. */
  public static Builder builder(SpawnConfig config) {
    return new SpawnConfigBuilder(config);
  }

  /** Every default: what an empty JSON object {@code {}} gives. */
  public static SpawnConfig defaults() {
    return builder().build();
  }

  /**
   * Reads a JSON config file over the defaults.
   *
   * @throws SpawnConfigException naming the file and the key when it cannot be read, is not valid
   *     JSON, has an unknown key or a bad value
   */
  public static SpawnConfig load(Path file) {
    Builder b = builder().merge(file);
    try {
      return b.build();
    } catch (SpawnConfigException e) {
      throw SpawnConfigBuilder.inFile(file, e);
    }
  }

  /**
   * Reads a JSON config text over the defaults.
   *
   * @throws SpawnConfigException naming the key when it is not valid JSON, has an unknown key or a
   *     bad value
   */
  public static SpawnConfig parse(String json) {
    return builder().merge(json).build();
  }

  /** Where the gateway's proxy listens ({@code host}, default {@code 0.0.0.0}: every address). */
  public String host() {
    return host;
  }

  /** The gateway's proxy port ({@code port}, default 7117). */
  public int port() {
    return port;
  }

  /** Where the admin API listens ({@code api}). */
  public ApiConfig api() {
    return api;
  }

  /** How reads are spread ({@code query-mode}). */
  public QueryMode queryMode() {
    return queryMode;
  }

  /** How nodes are health-checked ({@code health-check}). */
  public HealthCheckConfig healthCheck() {
    return healthCheck;
  }

  /** The nodes configured at start, in file order ({@code nodes}); more may be added later. */
  public List<Node> nodes() {
    return nodes;
  }

  /** Who may use the admin API ({@code auth}). */
  public AuthConfig auth() {
    return auth;
  }

  /** Where and how updates are journaled ({@code journal}). */
  public JournalConfig journal() {
    return journal;
  }

  /** What is mirrored and how it is signed ({@code mirror}). */
  public MirrorConfig mirror() {
    return mirror;
  }

  /** How updates reach peers ({@code delivery}). */
  public DeliveryConfig delivery() {
    return delivery;
  }

  /** This node's id {@code host:port} in embedded mode ({@code self}), empty when not set. */
  public Optional<String> self() {
    return self;
  }

  /** Peers that must acknowledge a write before it is answered ({@code acks}, default 0). */
  public int acks() {
    return acks;
  }

  /** How long a write waits for its acks ({@code ack-timeout-ms}, default 5 s). */
  public Duration ackTimeout() {
    return ackTimeout;
  }

  /** Backlog above which a node serves no reads ({@code read-max-lag}, default 100 updates). */
  public long readMaxLag() {
    return readMaxLag;
  }

  /** Whether round-robin stays inside the best priority with an eligible node. */
  public boolean priorityTiers() {
    return priorityTiers;
  }

  /** Host names, addresses and CIDR ranges nodes must match ({@code nodes-allow}); empty: any. */
  public List<String> nodesAllow() {
    return nodesAllow;
  }

  /** The policy made of {@link #nodesAllow()}, to give a {@link NodeRegistry}. */
  public NodePolicy nodePolicy() {
    return nodePolicy;
  }

  /** What the gateway answers a write with ({@code respond}, default {@code first}). */
  public Respond respond() {
    return respond;
  }

  /** Which browser origins may call the admin API ({@code cors}). */
  public CorsConfig cors() {
    return cors;
  }

  private List<Object> values() {
    return Arrays.asList(host, port, api, queryMode, healthCheck, nodes, auth, journal, mirror,
        delivery, self, acks, ackTimeout, readMaxLag, priorityTiers, nodesAllow, respond, cors);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SpawnConfig other && values().equals(other.values());
  }

  @Override
  public int hashCode() {
    return values().hashCode();
  }

  /** All settings; secrets and passwords show as {@code ***}. */
  @Override
  public String toString() {
    return "SpawnConfig[host=" + host + ", port=" + port + ", api=" + api + ", queryMode="
        + queryMode + ", healthCheck=" + healthCheck + ", nodes=" + nodes + ", auth=" + auth
        + ", journal=" + journal + ", mirror=" + mirror + ", delivery=" + delivery + ", self="
        + self.orElse("none") + ", acks=" + acks + ", ackTimeout=" + ackTimeout
        + ", readMaxLag=" + readMaxLag + ", priorityTiers=" + priorityTiers + ", nodesAllow="
        + nodesAllow + ", respond=" + Checks.jsonName(respond) + ", cors=" + cors + "]";
  }

  /**
   * Collects settings for a {@link SpawnConfig}: each setter validates its value at once and
   * throws {@link SpawnConfigException} naming the JSON key; {@link #build()} checks the rules
   * between settings. A section is changed in place with a lambda ({@code .journal(j ->
   * j.maxBytes(1 << 20))}) or replaced whole. {@link #merge(String)} and {@link #merge(Path)} apply
   * the keys present in a JSON config over what is set so far. Mutable, not thread-safe.
   */
  public interface Builder {
    /** {@code host}: where the gateway's proxy listens. */
    Builder host(String host);

    /** {@code port}: the gateway's proxy port. */
    Builder port(int port);

    /** {@code api.host}: where the admin API listens. */
    Builder apiHost(String host);

    /** {@code api.port}: the admin API's port. */
    Builder apiPort(int port);

    /** {@code query-mode.round-robin}: rotate reads over eligible nodes. */
    Builder roundRobin(boolean on);

    /** {@code query-mode.by-priority}: prefer nodes in priority order. */
    Builder byPriority(boolean on);

    /** {@code health-check}: changes the settings in place. */
    Builder healthCheck(Consumer<HealthCheckConfig.Builder> change);

    /** {@code health-check}: replaces the settings. */
    Builder healthCheck(HealthCheckConfig settings);

    /** {@code nodes}: replaces the nodes; each {@code host:port} at most once. */
    Builder nodes(Collection<Node> nodes);

    /** {@code nodes}: adds a node that is not there yet. */
    Builder addNode(Node node);

    /** {@code auth}: changes the settings in place. */
    Builder auth(Consumer<AuthConfig.Builder> change);

    /** {@code auth}: replaces the settings. */
    Builder auth(AuthConfig settings);

    /** {@code journal}: changes the settings in place. */
    Builder journal(Consumer<JournalConfig.Builder> change);

    /** {@code journal}: replaces the settings. */
    Builder journal(JournalConfig settings);

    /** {@code mirror}: changes the settings in place. */
    Builder mirror(Consumer<MirrorConfig.Builder> change);

    /** {@code mirror}: replaces the settings. */
    Builder mirror(MirrorConfig settings);

    /** {@code delivery}: changes the settings in place. */
    Builder delivery(Consumer<DeliveryConfig.Builder> change);

    /** {@code delivery}: replaces the settings. */
    Builder delivery(DeliveryConfig settings);

    /** {@code self}: this node's id {@code host:port}, {@code null} for none. */
    Builder self(String id);

    /** {@code acks}: peers that must acknowledge a write before it is answered, 0..1000. */
    Builder acks(int acks);

    /** {@code ack-timeout-ms}: how long a write waits for its acks. */
    Builder ackTimeout(Duration timeout);

    /** {@code read-max-lag}: backlog above which a node serves no reads, 0 or more. */
    Builder readMaxLag(long updates);

    /** {@code priority-tiers}: round-robin inside the best priority with an eligible node. */
    Builder priorityTiers(boolean on);

    /** {@code nodes-allow}: host names, IP addresses and CIDR ranges; empty allows any node. */
    Builder nodesAllow(Collection<String> entries);

    /** {@code respond}: what the gateway answers a write with. */
    Builder respond(Respond respond);

    /** {@code cors.origins}: browser origins allowed to call the admin API; no wildcard. */
    Builder corsOrigins(Collection<String> origins);

    /**
     * Applies the settings present in a JSON config text; absent keys keep their current value,
     * arrays replace the current list. {@code *-env} keys are read from the process environment.
     * After an error the builder may hold part of the text's settings: discard it.
     */
    Builder merge(String json);

    /** Applies the settings present in a JSON config file, see {@link #merge(String)}. */
    Builder merge(Path file);

    /** The configuration, after checking the rules between settings. */
    SpawnConfig build();
  }
}
