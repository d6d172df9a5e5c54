package dev.spawn.delivery;

import dev.spawn.Node;
import dev.spawn.Spawn;
import dev.spawn.SpawnConfig;
import dev.spawn.config.JournalConfig;
import dev.spawn.mirror.MirrorRequest;
import dev.spawn.mirror.SpawnIds;
import dev.spawn.testing.RecordingPeer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Builds a gateway-shaped Spawn (no self) in front of recording peers, with fast timings. */
final class DeliveryFixture implements AutoCloseable {

  static final String SECRET = "a-test-secret-of-32-characters!!";

  final List<RecordingPeer> peers = new ArrayList<>();
  Spawn spawn;

  DeliveryFixture(int peerCount) throws Exception {
    for (int i = 0; i < peerCount; i++) {
      peers.add(RecordingPeer.start());
    }
  }

  SpawnConfig.Builder config(Path dir) {
    SpawnConfig.Builder b =
        SpawnConfig.builder()
            .healthCheck(h -> h.interval(Duration.ofMillis(100)).timeout(Duration.ofMillis(90))
                .rise(1).fall(1).url("/health"))
            .journal(j -> j.path(dir.resolve("journal.db")).sync(JournalConfig.Sync.NORMAL))
            .mirror(m -> m.secret(SECRET))
            .delivery(d -> d.backoffMin(Duration.ofMillis(5)).backoffMax(Duration.ofMillis(50))
                .connectTimeout(Duration.ofMillis(1000)).responseTimeout(Duration.ofMillis(1500)));
    for (RecordingPeer p : peers) {
      b.addNode(Node.of("127.0.0.1", p.port()));
    }
    return b;
  }

  Spawn start(SpawnConfig.Builder config, Consumer<dev.spawn.SpawnBuilder> tweak) {
    dev.spawn.SpawnBuilder b = Spawn.builder(config.build());
    tweak.accept(b);
    spawn = b.build();
    spawn.start();
    return spawn;
  }

  Spawn start(SpawnConfig.Builder config) {
    return start(config, b -> {});
  }

  static MirrorRequest update(int i) {
    return new MirrorRequest(
        "PUT",
        "/items/" + i,
        List.of(new MirrorRequest.Header("Content-Type", "text/plain")),
        ("update " + i).getBytes(StandardCharsets.UTF_8),
        SpawnIds.next(),
        System.currentTimeMillis(),
        null);
  }

  static List<String> expectedBodies(int from, int to) {
    List<String> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add("update " + i);
    }
    return out;
  }

  String id(RecordingPeer p) {
    return "127.0.0.1:" + p.port();
  }

  @Override
  public void close() throws Exception {
    if (spawn != null) {
      spawn.close();
    }
    for (RecordingPeer p : peers) {
      p.close();
    }
  }
}
