package dev.spawn.servlet.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.spawn.Node;
import dev.spawn.Spawn;
import dev.spawn.SpawnConfig;
import dev.spawn.delivery.PeerState;
import dev.spawn.mirror.MirrorHeaders;
import dev.spawn.mirror.MirrorRequest;
import dev.spawn.mirror.SpawnIds;
import dev.spawn.testing.RecordingPeer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A peer that reported a gap is resumed through {@code POST /queues/{host}/{port}/reset}. */
class AdminResetIT extends AdminFixture {

  private RecordingPeer peer;
  private Node node;

  @BeforeEach
  void startedSpawnWithAPeerThatReportsAGap() throws Exception {
    server.close();
    spawn.close();
    peer = RecordingPeer.start();
    peer.behave((r, h) -> {
      if (r.method().equals("PUT")) {
        h.put(MirrorHeaders.EXPECTED, "1");
        return 409;
      }
      return 200;
    });
    node = Node.of("127.0.0.1", peer.port());
    spawn = Spawn.builder(SpawnConfig.builder()
            .addNode(node)
            .journal(j -> j.memory(true))
            .healthCheck(h -> h.interval(Duration.ofSeconds(30)))
            .mirror(m -> m.secret("admin-reset-test-secret"))
            .build())
        .build();
    spawn.start();
    registry = spawn.nodes();
    server = new AdminServer(spawn, settings().build());
  }

  @AfterEach
  void stopPeer() throws Exception {
    peer.close();
  }

  @Test
  void resetResumesDeliveryToAPeerThatNeededAResync() throws Exception {
    spawn.submit(update("one"));
    await().until(() -> spawn.queue(node.id()).orElseThrow().state() == PeerState.NEEDS_RESYNC);
    assertThat(server.get("/queues/127.0.0.1/" + peer.port()).body()).contains("needs-resync");

    peer.behave((r, h) -> 200);
    AdminServer.Response r =
        server.send("POST", "/queues/127.0.0.1/" + peer.port() + "/reset", null, auth());

    assertThat(r.status()).isBetween(200, 204);
    assertThat(audit.last().nodes()).containsExactly(node.id());
    spawn.submit(update("two"));
    await().until(() -> peer.received().stream().anyMatch(x -> x.bodyText().equals("two")));
    assertThat(spawn.queue(node.id()).orElseThrow().state()).isEqualTo(PeerState.DELIVERING);
  }

  @Test
  void resetWithoutATokenChangesNothing() throws Exception {
    spawn.submit(update("one"));
    await().until(() -> spawn.queue(node.id()).orElseThrow().state() == PeerState.NEEDS_RESYNC);

    AdminServer.Response r =
        server.send("POST", "/queues/127.0.0.1/" + peer.port() + "/reset", null);

    assertThat(r.status()).isEqualTo(401);
    assertThat(spawn.queue(node.id()).orElseThrow().state()).isEqualTo(PeerState.NEEDS_RESYNC);
  }

  private static MirrorRequest update(String body) {
    return new MirrorRequest("PUT", "/x", List.of(), body.getBytes(StandardCharsets.UTF_8),
        SpawnIds.next(), System.currentTimeMillis(), null);
  }
}
