package dev.spawn.metrics.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spawn.Node;
import dev.spawn.NodeRegistry;
import dev.spawn.Spawn;
import dev.spawn.metrics.Operation;
import dev.spawn.metrics.SpawnMetrics.Result;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class SpawnMeterBinderTest {

  private final Spawn spawn = dev.spawn.testing.TestSpawns.inMemory();
  private final NodeRegistry nodes = spawn.nodes();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final SpawnMeterBinder binder = new SpawnMeterBinder(spawn);

  private long metersOf(String nodeId) {
    return registry.getMeters().stream()
        .map(Meter::getId)
        .filter(id -> nodeId.equals(id.getTag("node")))
        .count();
  }

  @Test
  void nodesPresentAtBindTimeGetTaggedMeters() {
    nodes.put(Node.of("a", 80));
    binder.bindTo(registry);
    spawn.metrics().record("a:80", Operation.GET, Result.SUCCESS);
    spawn.metrics().record("a:80", Operation.GET, Result.SUCCESS);
    spawn.metrics().record("a:80", Operation.DELETE, Result.QUEUED);

    assertThat(
            registry
                .get("spawn.requests")
                .tags("node", "a:80", "operation", "get", "result", "success")
                .functionCounter()
                .count())
        .isEqualTo(2.0);
    assertThat(
            registry
                .get("spawn.requests")
                .tags("node", "a:80", "operation", "delete", "result", "queued")
                .functionCounter()
                .count())
        .isEqualTo(1.0);
    assertThat(registry.get("spawn.node.active").tag("node", "a:80").gauge().value())
        .isEqualTo(1.0);
    assertThat(registry.get("spawn.queue.depth").tag("node", "a:80").gauge().value()).isZero();
  }

  @Test
  void metersFollowTheRegistry() {
    binder.bindTo(registry);
    assertThat(registry.getMeters()).isEmpty();

    nodes.put(Node.of("a", 80));
    nodes.put(Node.of("b", 80));
    long perNode = metersOf("a:80");
    assertThat(perNode).isGreaterThanOrEqualTo(9);
    assertThat(metersOf("b:80")).isEqualTo(perNode);

    nodes.put(Node.of("a", 80).withMaintenance(true));
    assertThat(registry.get("spawn.node.maintenance").tag("node", "a:80").gauge().value())
        .isEqualTo(1.0);
    assertThat(metersOf("a:80")).isEqualTo(perNode);

    nodes.delete("a", 80);
    assertThat(metersOf("a:80")).isZero();
    assertThat(metersOf("b:80")).isEqualTo(perNode);

    nodes.move("b", 80, Node.of("c", 90));
    assertThat(metersOf("b:80")).isZero();
    assertThat(metersOf("c:90")).isEqualTo(perNode);
  }

  @Test
  void closeRemovesEveryMeterAndStopsFollowing() {
    binder.bindTo(registry);
    nodes.put(Node.of("a", 80));

    binder.close();
    nodes.put(Node.of("b", 80));

    assertThat(registry.getMeters()).isEmpty();
    assertThatThrownBy(() -> binder.bindTo(registry)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void bindingTwiceToOneRegistryAddsNothingTwice() {
    nodes.put(Node.of("a", 80));
    binder.bindTo(registry);
    int count = registry.getMeters().size();

    binder.bindTo(registry);

    assertThat(registry.getMeters()).hasSize(count);
  }
}
