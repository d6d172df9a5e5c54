package dev.spawn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.spawn.mirror.MirrorRequest;
import dev.spawn.mirror.SpawnIds;
import dev.spawn.testing.RecordingPeer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link Spawn#submitExcept}: an update one node already ran reaches every other node only. */
class SpawnSubmitExceptIT {

  private RecordingPeer a;
  private RecordingPeer b;
  private RecordingPeer c;
  private Spawn spawn;

  @BeforeEach
  void start() throws Exception {
    a = RecordingPeer.start();
    b = RecordingPeer.start();
    c = RecordingPeer.start();
    SpawnConfig config = SpawnConfig.builder()
        .nodes(List.of(node(a), node(b), node(c)))
        .journal(j -> j.memory(true))
        .healthCheck(h -> h.interval(Duration.ofMinutes(5)))
        .build();
    spawn = Spawn.builder(config).requireSecret(false).build();
    spawn.start();
  }

  @AfterEach
  void stop() throws Exception {
    spawn.close();
    a.close();
    b.close();
    c.close();
  }

  @Test
  void queuesTheUpdateForEveryPeerButTheOneThatRanIt() {
    MirrorRequest first = put("/notes/1", "one");
    MirrorRequest second = put("/notes/2", "two");

    long seq = spawn.submitExcept(first, node(a).id());
    spawn.submitExcept(second, node(b).id());

    assertThat(seq).isPositive();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(puts(a)).containsExactly("two");
      assertThat(puts(b)).containsExactly("one");
      assertThat(puts(c)).containsExactly("one", "two");
    });
    assertThat(spawn.metrics().snapshot(node(c).id()).queued().set()).isEqualTo(2);
    assertThat(spawn.metrics().snapshot(node(a).id()).queued().set()).isEqualTo(1);
    assertThat(spawn.metrics().snapshot(node(c).id()).success().set()).isEqualTo(2);
  }

  @Test
  void writesNothingWhenTheNodeThatRanItIsTheOnlyOne() {
    spawn.nodes().delete("127.0.0.1", b.port());
    spawn.nodes().delete("127.0.0.1", c.port());

    assertThat(spawn.submitExcept(put("/notes/3", "three"), node(a).id())).isZero();
    assertThat(spawn.journal().stats().lastSeq()).isZero();
    assertThat(spawn.metrics().snapshot(node(a).id()).queued().set()).isZero();
  }

  private static Node node(RecordingPeer peer) {
    return Node.of("127.0.0.1", peer.port());
  }

  private static MirrorRequest put(String target, String body) {
    return new MirrorRequest("PUT", target, List.of(), body.getBytes(StandardCharsets.UTF_8),
        SpawnIds.next(), System.currentTimeMillis(), null);
  }

  private static List<String> puts(RecordingPeer peer) {
    return peer.received().stream().filter(r -> r.method().equals("PUT"))
        .map(RecordingPeer.Received::bodyText).toList();
  }
}
