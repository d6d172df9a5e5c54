package dev.spawn.examples.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.spawn.Node;
import dev.spawn.SpawnConfig;
import dev.spawn.delivery.PeerState;
import dev.spawn.delivery.PeerStatus;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway in front of three unmodified notes apps: writes, reads, outages, maintenance. */
class GatewayClusterIT {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;
  private NotesCluster nodes;
  private SpawnGateway gateway;
  private String proxy;

  @BeforeEach
  void startNodes() throws Exception {
    nodes = new NotesCluster(dir, 3);
  }

  @AfterEach
  void stop() throws Exception {
    if (gateway != null) {
      gateway.close();
    }
    nodes.close();
  }

  private void startGateway(SpawnConfig.Builder config) throws Exception {
    gateway = SpawnGateway.builder(config.build()).proxyPort(0).apiPort(0)
        .stopTimeout(Duration.ofSeconds(5)).start();
    proxy = gateway.proxyUri().toString().replaceAll("/$", "");
  }

  @Test
  void writesReachEveryNodeWithTheSameIdsAndReadsRotate() throws Exception {
    startGateway(nodes.config().roundRobin(true));

    HttpResponse<String> created = Http.post(proxy + "/notes", Http.note("first", "one"));
    HttpResponse<String> put = Http.put(proxy + "/notes/n2", Http.note("second", "two"));
    HttpResponse<String> gone = Http.delete(proxy + "/notes/n2");

    assertThat(created.statusCode()).isEqualTo(201);
    String id = created.headers().firstValue("Spawn-Id").orElseThrow();
    assertThat(created.body()).contains("\"id\":\"" + id + "\"");
    assertThat(created.headers().firstValue("Location")).hasValue("/notes/" + id);
    assertThat(put.statusCode()).isEqualTo(201);
    assertThat(gone.statusCode()).isIn(200, 204);
    awaitSameDigest(0, 1, 2);
    for (int i = 0; i < 3; i++) {
      assertThat(Http.get(nodes.base(i) + "/notes/" + id).body()).isEqualTo(created.body());
    }

    int[] before = {nodes.reads(0), nodes.reads(1), nodes.reads(2)};
    for (int i = 0; i < 30; i++) {
      assertThat(Http.get(proxy + "/notes/" + id).statusCode()).isEqualTo(200);
    }
    for (int i = 0; i < 3; i++) {
      assertThat(nodes.reads(i) - before[i]).as("reads served by node %d", i).isEqualTo(10);
      // The gateway counts a read when the node's exchange completes, which may be just after
      // the client has the last byte of the answer.
      String node = nodes.node(i).id();
      await().atMost(WAIT).untilAsserted(() ->
          assertThat(gateway.spawn().metrics().snapshot(node).success().get()).isEqualTo(10));
    }
  }

  @Test
  void byPriorityReadsGoToTheBestNodeAndFailOverWhenItStops() throws Exception {
    startGateway(nodes.config().byPriority(true));
    Http.put(proxy + "/notes/a", Http.note("a", "x"));
    awaitSameDigest(0, 1, 2);

    for (int i = 0; i < 5; i++) {
      assertThat(Http.get(proxy + "/notes/a").statusCode()).isEqualTo(200);
    }
    assertThat(nodes.reads(0)).isEqualTo(5);
    assertThat(nodes.reads(1)).isZero();

    nodes.stop(0);
    for (int i = 0; i < 5; i++) {
      assertThat(Http.get(proxy + "/notes/a").statusCode()).isEqualTo(200);
    }
    assertThat(nodes.reads(1)).isEqualTo(5);
    assertThat(nodes.reads(2)).isZero();
    assertThat(gateway.spawn().health().isHealthy(nodes.node(0).id())).isFalse();

    nodes.restart(0);
    await().atMost(WAIT).until(() -> gateway.spawn().health().isHealthy(nodes.node(0).id()));
    assertThat(Http.get(proxy + "/notes/a").statusCode()).isEqualTo(200);
    assertThat(nodes.reads(0)).isEqualTo(6);
  }

  @Test
  void aStoppedNodeCatchesUpInOrderAfterItRestarts() throws Exception {
    startGateway(nodes.config().roundRobin(true));
    nodes.stop(2);
    List<Integer> statuses = new ArrayList<>();
    for (int round = 0; round < 5; round++) {
      for (int n = 0; n < 4; n++) {
        statuses.add(Http.put(proxy + "/notes/k" + n, Http.note("v" + round, "round " + round))
            .statusCode());
      }
    }
    statuses.add(Http.delete(proxy + "/notes/k3").statusCode());
    assertThat(statuses).allMatch(s -> s >= 200 && s < 300);
    awaitSameDigest(0, 1);
    assertThat(queue(2).depth()).isPositive();

    nodes.restart(2);

    awaitSameDigest(0, 1, 2);
    assertThat(Http.get(nodes.base(2) + "/notes/k0").body()).contains("\"title\":\"v4\"");
    assertThat(Http.get(nodes.base(2) + "/notes/k3").statusCode()).isEqualTo(404);
    await().atMost(WAIT).until(() -> queue(2).depth() == 0);
  }

  @Test
  void maintenanceHoldsUpdatesAndReadsThenReleasesThem() throws Exception {
    startGateway(nodes.config().roundRobin(true));
    Node second = nodes.node(1);
    String admin = gateway.apiUri().resolve("/nodes/" + second.host() + "/" + second.port())
        .toString();
    // Through the admin API on the API port (auth none: loopback callers may change things).
    assertThat(Http.put(admin, "{\"maintenance\": true}").statusCode()).isEqualTo(202);
    assertThat(gateway.spawn().nodes().get(second.id()).orElseThrow().maintenance()).isTrue();

    assertThat(Http.put(proxy + "/notes/m", Http.note("held", "x")).statusCode()).isEqualTo(201);
    awaitSameDigest(0, 2);
    await().atMost(WAIT).until(() -> queue(1).state() == PeerState.HELD);
    assertThat(queue(1).depth()).isEqualTo(1);
    assertThat(Http.get(nodes.base(1) + "/notes/m").statusCode()).isEqualTo(404);
    int reads = nodes.reads(1);
    for (int i = 0; i < 6; i++) {
      assertThat(Http.get(proxy + "/notes/m").statusCode()).isEqualTo(200);
    }
    assertThat(nodes.reads(1)).isEqualTo(reads);

    assertThat(Http.put(admin, "{\"maintenance\": false}").statusCode()).isEqualTo(202);

    awaitSameDigest(0, 1, 2);
    assertThat(Http.get(nodes.base(1) + "/notes/m").body()).contains("held");
  }

  @Test
  void withEveryNodeDownWritesAreQueuedWith202AndReadsGet503() throws Exception {
    startGateway(nodes.config().roundRobin(true));
    for (int i = 0; i < 3; i++) {
      nodes.stop(i);
    }
    await().atMost(WAIT).until(() -> nodes.nodes().stream()
        .noneMatch(n -> gateway.spawn().health().isHealthy(n.id())));

    HttpResponse<String> write = Http.put(proxy + "/notes/q", Http.note("queued", "x"));
    HttpResponse<String> read = Http.get(proxy + "/notes/q");

    assertThat(write.statusCode()).isEqualTo(202);
    assertThat(write.body()).contains("\"success\":true", "queued for 3 nodes", "\"seq\":1");
    assertThat(read.statusCode()).isEqualTo(503);
    assertThat(read.body())
        .startsWith("{\"success\":false,\"error\":503,\"message\":\"no healthy node");

    for (int i = 0; i < 3; i++) {
      nodes.restart(i);
    }
    await().atMost(WAIT).untilAsserted(() -> {
      for (int i = 0; i < 3; i++) {
        assertThat(Http.get(nodes.base(i) + "/notes/q").statusCode()).isEqualTo(200);
      }
    });
  }

  @Test
  void aBodyOverTheLimitIsRefusedWith413AndNothingIsJournaled() throws Exception {
    startGateway(nodes.config().mirror(m -> m.maxBodyBytes(100)));

    HttpResponse<String> big = Http.put(proxy + "/notes/big", Http.note("big", "x".repeat(200)));

    assertThat(big.statusCode()).isEqualTo(413);
    assertThat(big.body()).contains("\"error\":413", "at most 100 bytes");
    assertThat(gateway.spawn().journal().stats().lastSeq()).isZero();
  }

  @Test
  void aRejectedWriteIsRelayedWithTheNodesOwnError() throws Exception {
    startGateway(nodes.config());

    HttpResponse<String> bad = Http.put(proxy + "/notes/bad", "{not json");

    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("not valid JSON");
  }

  private PeerStatus queue(int i) {
    return gateway.spawn().queue(nodes.node(i).id()).orElseThrow();
  }

  private void awaitSameDigest(int... which) {
    await().atMost(WAIT).untilAsserted(() -> {
      String first = Http.get(nodes.base(which[0]) + "/digest").body();
      for (int i : which) {
        assertThat(Http.get(nodes.base(i) + "/digest").body()).as("digest of node %d", i)
            .isEqualTo(first);
      }
    });
  }
}
