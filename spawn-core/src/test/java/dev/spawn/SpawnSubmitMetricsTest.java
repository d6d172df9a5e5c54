package dev.spawn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spawn.metrics.NodeStats;
import dev.spawn.mirror.MirrorRequest;
import dev.spawn.mirror.SpawnIds;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each submitted update is counted as queued for every node but this one, by kind of request. */
class SpawnSubmitMetricsTest {

  private static final String SELF = "127.0.0.1:1";
  private static final String HELD = "127.0.0.1:2";
  private static final String INACTIVE = "127.0.0.1:3";

  @Test
  void submitCountsTheUpdateAsQueuedForEveryPeerAndNotForThisNode() {
    SpawnConfig config = SpawnConfig.builder()
        .nodes(List.of(Node.of("127.0.0.1", 1), Node.of("127.0.0.1", 2).withMaintenance(true),
            Node.of("127.0.0.1", 3).withActive(false)))
        .self(SELF)
        .mirror(m -> m.secret("0123456789abcdef0123"))
        .journal(j -> j.memory(true))
        .build();
    try (Spawn spawn = Spawn.builder(config).build()) {
      spawn.start();
      spawn.submit(update("PUT"));
      spawn.submit(update("POST"));
      spawn.submit(update("DELETE"));

      for (String peer : List.of(HELD, INACTIVE)) {
        NodeStats stats = spawn.metrics().snapshot(peer);
        assertThat(stats.queued()).as(peer).isEqualTo(new NodeStats.Counts(0, 2, 1));
      }
      assertThat(spawn.metrics().snapshot(SELF).queued()).isEqualTo(NodeStats.Counts.ZERO);
    }
  }

  private static MirrorRequest update(String method) {
    return new MirrorRequest(method, "/items/1", List.of(),
        "{}".getBytes(StandardCharsets.UTF_8), SpawnIds.next(), 1L, null);
  }
}
