package dev.spawn.delivery;

import static dev.spawn.delivery.DeliveryFixture.expectedBodies;
import static dev.spawn.delivery.OrderedDeliveryIT.updates;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.spawn.Spawn;
import dev.spawn.testing.RecordingPeer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL of a process that is submitting updates: after a restart on the same journal file, every
 * update whose submit had returned is delivered, in order.
 */
class SpawnCrashIT {

  @TempDir Path dir;

  @Test
  void everyAcknowledgedUpdateSurvivesSigkillAndIsDeliveredInOrder() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path journal = dir.resolve("journal.db");
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                CrashChild.class.getName(), journal.toString(), Integer.toString(port))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    int lastAcknowledged = -1;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("ok ")) {
          lastAcknowledged = Integer.parseInt(line.substring(3));
          if (lastAcknowledged >= 300) {
            child.destroyForcibly(); // SIGKILL mid-stream
            break;
          }
        }
      }
    }
    child.waitFor();
    assertThat(lastAcknowledged).isGreaterThanOrEqualTo(300);

    int acknowledged = lastAcknowledged + 1;
    try (RecordingPeer peer = RecordingPeer.start(port);
        Spawn spawn = Spawn.builder(CrashChild.config(journal, port)).build()) {
      spawn.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> updates(peer).size() >= acknowledged);
      List<String> got = updates(peer);
      // Updates appended after the last line the child printed may be there too: never fewer.
      assertThat(got.subList(0, acknowledged)).containsExactlyElementsOf(
          expectedBodies(0, acknowledged));
      assertThat(got).doesNotHaveDuplicates();
    }
  }
}
