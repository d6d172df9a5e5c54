package dev.spawn.delivery;

import dev.spawn.Node;
import dev.spawn.Spawn;
import dev.spawn.SpawnConfig;
import dev.spawn.config.JournalConfig;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Run in a child JVM by {@link SpawnCrashIT}: submits updates for a peer that is down (sync
 * {@code full}) and prints the number of each update whose submit returned, until it is killed.
 */
public final class CrashChild {

  private CrashChild() {}

  public static void main(String[] args) {
    Path journal = Path.of(args[0]);
    int peerPort = Integer.parseInt(args[1]);
    Spawn spawn = Spawn.builder(config(journal, peerPort)).build();
    spawn.start();
    for (int i = 0; ; i++) {
      spawn.submit(DeliveryFixture.update(i));
      System.out.println("ok " + i);
      System.out.flush();
    }
  }

  static SpawnConfig config(Path journal, int peerPort) {
    return SpawnConfig.builder()
        .addNode(Node.of("127.0.0.1", peerPort))
        .healthCheck(h -> h.interval(Duration.ofMillis(100)).timeout(Duration.ofMillis(90))
            .rise(1).fall(1).url("/health"))
        .journal(j -> j.path(journal).sync(JournalConfig.Sync.FULL))
        .mirror(m -> m.secret(DeliveryFixture.SECRET))
        .delivery(d -> d.backoffMin(Duration.ofMillis(5)).backoffMax(Duration.ofMillis(50)))
        .build();
  }
}
