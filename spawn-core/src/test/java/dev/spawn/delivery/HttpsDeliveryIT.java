package dev.spawn.delivery;

import static dev.spawn.delivery.DeliveryFixture.expectedBodies;
import static dev.spawn.delivery.DeliveryFixture.update;
import static dev.spawn.delivery.OrderedDeliveryIT.updates;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.spawn.Node;
import dev.spawn.Spawn;
import dev.spawn.SpawnConfig;
import dev.spawn.testing.RecordingPeer;
import dev.spawn.testing.SelfSignedCertificate;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Peers with {@code scheme: https}, trusted through the configured trust store. */
class HttpsDeliveryIT {

  @TempDir Path dir;

  @Test
  void updatesReachAnHttpsPeerTrustedByTheConfiguredTrustStore() throws Exception {
    Path keyStore = SelfSignedCertificate.create(dir.resolve("peer.p12"), "changeit");
    try (DeliveryFixture f = new DeliveryFixture(0);
        RecordingPeer peer = RecordingPeer.startTls(keyStore, "changeit")) {
      SpawnConfig.Builder config =
          f.config(dir)
              .addNode(Node.of("127.0.0.1", peer.port()).withScheme("https"))
              .delivery(d -> d.trustStore(keyStore).trustStorePassword("changeit")
                  .trustStoreType("PKCS12"));
      Spawn spawn = f.start(config);
      for (int i = 0; i < 20; i++) {
        spawn.submit(update(i));
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> updates(peer).size() >= 20);
      assertThat(updates(peer)).containsExactlyElementsOf(expectedBodies(0, 20));
    }
  }

  @Test
  void anUntrustedCertificateHoldsUpdatesInsteadOfDroppingThem() throws Exception {
    Path keyStore = SelfSignedCertificate.create(dir.resolve("peer.p12"), "changeit");
    try (DeliveryFixture f = new DeliveryFixture(0);
        RecordingPeer peer = RecordingPeer.startTls(keyStore, "changeit")) {
      Node node = Node.of("127.0.0.1", peer.port()).withScheme("https");
      Spawn spawn = f.start(f.config(dir).addNode(node));
      for (int i = 0; i < 5; i++) {
        spawn.submit(update(i));
      }
      await().until(() -> spawn.queue(node.id()).orElseThrow().lastError() != null);
      assertThat(updates(peer)).isEmpty();
      assertThat(spawn.queue(node.id()).orElseThrow().depth()).isEqualTo(5);
    }
  }
}
