package dev.spawn.examples.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.spawn.Node;
import dev.spawn.delivery.PeerState;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin API is mounted behind SpawnFilter: a node change made through one node reaches every
 * node, and maintenance set through one node holds that node's updates until it is lifted.
 */
class AdminReplicationIT {

  @TempDir Path root;

  @Test
  void maintenanceSetOnOneNodeReachesThePeersAndIsLiftedCleanly() throws Exception {
    try (NotesCluster c = NotesCluster.start(root, 3, (i, config) -> {})) {
      String third = c.id(2);
      String path = "/spawn/nodes/" + third.replace(':', '/');

      HttpResponse<String> on = c.client(0).putJson(path, "{\"maintenance\": true}");
      assertThat(on.statusCode()).as(on.body()).isEqualTo(202);
      await().atMost(Duration.ofSeconds(20)).until(() ->
          c.spawn(1).nodes().get(third).map(Node::maintenance).orElse(false));
      assertThat(c.spawn(0).queue(third).orElseThrow().state()).isEqualTo(PeerState.HELD);

      for (int i = 0; i < 3; i++) {
        assertThat(c.client(0).postJson("/notes", "{\"title\": \"held " + i + "\"}")
            .statusCode()).isEqualTo(201);
      }
      await().until(() -> c.spawn(0).queue(third).orElseThrow().depth() >= 3);
      assertThat(c.digests().get(2)).isNotEqualTo(c.digests().get(0));

      HttpResponse<String> off = c.client(0).putJson(path, "{\"maintenance\": false}");
      assertThat(off.statusCode()).as(off.body()).isEqualTo(202);
      await().atMost(Duration.ofSeconds(30)).until(() ->
          c.digests().stream().distinct().count() == 1
              && c.spawn(0).queue(third).orElseThrow().depth() == 0
              && c.spawn(1).queue(third).orElseThrow().depth() == 0);
      // The replicated "maintenance: true" reached the third node after it was lifted; it did
      // not put that node into maintenance (it would then refuse every later mirror).
      assertThat(c.spawn(2).nodes().get(third).orElseThrow().maintenance()).isFalse();
      assertThat(c.spawn(1).nodes().get(third).orElseThrow().maintenance()).isFalse();
    }
  }

  @Test
  void aNodeAddedThroughOneNodeIsAddedOnEveryNode() throws Exception {
    try (NotesCluster c = NotesCluster.start(root, 3, (i, config) -> {})) {
      HttpResponse<String> r = c.client(1).putJson("/spawn/nodes/10.9.8.7/8080",
          "{\"priority\": 5, \"active\": false}");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
      await().atMost(Duration.ofSeconds(20)).until(() ->
          c.spawn(0).nodes().get("10.9.8.7:8080").isPresent()
              && c.spawn(2).nodes().get("10.9.8.7:8080").isPresent());
      assertThat(c.spawn(0).nodes().get("10.9.8.7:8080").orElseThrow().priority()).isEqualTo(5);
    }
  }
}
