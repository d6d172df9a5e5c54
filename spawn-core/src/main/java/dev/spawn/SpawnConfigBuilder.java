package dev.spawn;

import dev.spawn.SpawnConfig.Respond;
import dev.spawn.config.ApiConfig;
import dev.spawn.config.AuthConfig;
import dev.spawn.config.CorsConfig;
import dev.spawn.config.DeliveryConfig;
import dev.spawn.config.HealthCheckConfig;
import dev.spawn.config.JournalConfig;
import dev.spawn.config.MirrorConfig;
import dev.spawn.internal.config.Checks;
import dev.spawn.internal.config.ConfigReader;
import dev.spawn.internal.config.NodesAllow;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The {@link SpawnConfig.Builder}: holds each setting, checked as it is set, until {@link
 * #build()}; its fields are read by the {@link SpawnConfig} constructor. Mutable, not thread-safe.
 */
final class SpawnConfigBuilder implements SpawnConfig.Builder {
  String host = "0.0.0.0";
  int port = 7117;
  String apiHost = ApiConfig.DEFAULT.host();
  int apiPort = ApiConfig.DEFAULT.port();
  boolean roundRobin;
  boolean byPriority;
  HealthCheckConfig.Builder healthCheck = HealthCheckConfig.builder();
  List<Node> nodes = List.of();
  AuthConfig.Builder auth = AuthConfig.builder();
  JournalConfig.Builder journal = JournalConfig.builder();
  MirrorConfig.Builder mirror = MirrorConfig.builder();
  DeliveryConfig.Builder delivery = DeliveryConfig.builder();
  String self;
  int acks;
  Duration ackTimeout = Duration.ofSeconds(5);
  long readMaxLag = 100;
  boolean priorityTiers;
  List<String> nodesAllow = List.of();
  Respond respond = Respond.FIRST;
  List<String> corsOrigins = List.of();

  SpawnConfigBuilder() {}

  SpawnConfigBuilder(SpawnConfig c) {
    host = c.host();
    port = c.port();
    apiHost = c.api().host();
    apiPort = c.api().port();
    roundRobin = c.queryMode().roundRobin();
    byPriority = c.queryMode().byPriority();
    healthCheck = HealthCheckConfig.builder(c.healthCheck());
    nodes = c.nodes();
    auth = AuthConfig.builder(c.auth());
    journal = JournalConfig.builder(c.journal());
    mirror = MirrorConfig.builder(c.mirror());
    delivery = DeliveryConfig.builder(c.delivery());
    self = c.self().orElse(null);
    acks = c.acks();
    ackTimeout = c.ackTimeout();
    readMaxLag = c.readMaxLag();
    priorityTiers = c.priorityTiers();
    nodesAllow = c.nodesAllow();
    respond = c.respond();
    corsOrigins = c.cors().origins();
  }

  @Override
  public SpawnConfigBuilder host(String host) {
    this.host = Checks.host("host", host);
    return this;
  }

  @Override
  public SpawnConfigBuilder port(int port) {
    this.port = Checks.port("port", port);
    return this;
  }

  @Override
  public SpawnConfigBuilder apiHost(String host) {
    this.apiHost = Checks.host("api.host", host);
    return this;
  }

  @Override
  public SpawnConfigBuilder apiPort(int port) {
    this.apiPort = Checks.port("api.port", port);
    return this;
  }

  @Override
  public SpawnConfigBuilder roundRobin(boolean on) {
    this.roundRobin = on;
    return this;
  }

  @Override
  public SpawnConfigBuilder byPriority(boolean on) {
    this.byPriority = on;
    return this;
  }

  @Override
  public SpawnConfigBuilder healthCheck(Consumer<HealthCheckConfig.Builder> change) {
    change.accept(healthCheck);
    return this;
  }

  @Override
  public SpawnConfigBuilder healthCheck(HealthCheckConfig settings) {
    this.healthCheck = HealthCheckConfig.builder(Checks.notNull("health-check", settings));
    return this;
  }

  @Override
  public SpawnConfigBuilder nodes(Collection<Node> nodes) {
    List<Node> list = List.copyOf(Checks.notNull("nodes", nodes));
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      if (!ids.add(list.get(i).id())) {
        throw new SpawnConfigException("nodes[" + i + "]", "'nodes[" + i + "]' repeats node "
            + list.get(i).id() + "; list each node once");
      }
    }
    this.nodes = list;
    return this;
  }

  @Override
  public SpawnConfigBuilder addNode(Node node) {
    List<Node> more = new ArrayList<>(nodes);
    more.add(Checks.notNull("nodes[]", node));
    return nodes(more);
  }

  @Override
  public SpawnConfigBuilder auth(Consumer<AuthConfig.Builder> change) {
    change.accept(auth);
    return this;
  }

  @Override
  public SpawnConfigBuilder auth(AuthConfig settings) {
    this.auth = AuthConfig.builder(Checks.notNull("auth", settings));
    return this;
  }

  @Override
  public SpawnConfigBuilder journal(Consumer<JournalConfig.Builder> change) {
    change.accept(journal);
    return this;
  }

  @Override
  public SpawnConfigBuilder journal(JournalConfig settings) {
    this.journal = JournalConfig.builder(Checks.notNull("journal", settings));
    return this;
  }

  @Override
  public SpawnConfigBuilder mirror(Consumer<MirrorConfig.Builder> change) {
    change.accept(mirror);
    return this;
  }

  @Override
  public SpawnConfigBuilder mirror(MirrorConfig settings) {
    this.mirror = MirrorConfig.builder(Checks.notNull("mirror", settings));
    return this;
  }

  @Override
  public SpawnConfigBuilder delivery(Consumer<DeliveryConfig.Builder> change) {
    change.accept(delivery);
    return this;
  }

  @Override
  public SpawnConfigBuilder delivery(DeliveryConfig settings) {
    this.delivery = DeliveryConfig.builder(Checks.notNull("delivery", settings));
    return this;
  }

  @Override
  public SpawnConfigBuilder self(String id) {
    this.self = id == null ? null : checkSelf(id);
    return this;
  }

  @Override
  public SpawnConfigBuilder acks(int acks) {
    this.acks = Checks.intRange("acks", acks, 0, SpawnConfig.MAX_ACKS);
    return this;
  }

  @Override
  public SpawnConfigBuilder ackTimeout(Duration timeout) {
    this.ackTimeout = Checks.duration("ack-timeout-ms", timeout);
    return this;
  }

  @Override
  public SpawnConfigBuilder readMaxLag(long updates) {
    this.readMaxLag = Checks.range("read-max-lag", updates, 0, Long.MAX_VALUE);
    return this;
  }

  @Override
  public SpawnConfigBuilder priorityTiers(boolean on) {
    this.priorityTiers = on;
    return this;
  }

  @Override
  public SpawnConfigBuilder nodesAllow(Collection<String> entries) {
    this.nodesAllow = Checks.list("nodes-allow", entries, NodesAllow::checkEntry);
    return this;
  }

  @Override
  public SpawnConfigBuilder respond(Respond respond) {
    this.respond = Checks.notNull("respond", respond);
    return this;
  }

  @Override
  public SpawnConfigBuilder corsOrigins(Collection<String> origins) {
    this.corsOrigins = new CorsConfig(List.copyOf(Checks.notNull("cors.origins", origins)))
        .origins();
    return this;
  }

  @Override
  public SpawnConfigBuilder merge(String json) {
    new ConfigReader(System::getenv).merge(ConfigReader.parse(json), this);
    return this;
  }

  @Override
  public SpawnConfigBuilder merge(Path file) {
    Checks.notNull("file", file);
    try {
      new ConfigReader(System::getenv).merge(ConfigReader.parse(ConfigReader.read(file)), this);
    } catch (SpawnConfigException e) {
      throw inFile(file, e);
    }
    return this;
  }

  @Override
  public SpawnConfig build() {
    return new SpawnConfig(this);
  }

  static SpawnConfigException inFile(Path file, SpawnConfigException e) {
    return new SpawnConfigException(
        e.key(), file + ": " + e.getMessage(), e.line(), e.column(), e);
  }

  private static String checkSelf(String id) {
    int colon = id.lastIndexOf(':');
    try {
      Node.checkHost(id.substring(0, Math.max(0, colon)));
      Node.checkPort(Long.parseLong(id.substring(colon + 1)));
      return id;
    } catch (IllegalArgumentException e) {
      throw Checks.invalid("self", "this node's id host:port, such as \"10.0.0.5:8080\" or"
          + " \"[fd00::5]:8080\"", id);
    }
  }
}
