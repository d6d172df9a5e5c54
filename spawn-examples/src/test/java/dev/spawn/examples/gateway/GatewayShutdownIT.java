package dev.spawn.examples.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.spawn.Node;
import dev.spawn.SpawnConfig;
import dev.spawn.journal.JournalException;
import dev.spawn.testing.RecordingPeer;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link SpawnGateway#close()}: stop accepting, let requests in flight finish, then close. */
class GatewayShutdownIT {

  @Test
  void aRequestInFlightFinishesWhileNewConnectionsAreRefused() throws Exception {
    CountDownLatch arrived = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    RecordingPeer peer = RecordingPeer.start();
    try {
      peer.behave((r, headers) -> {
        if (r.target().equals("/slow")) {
          arrived.countDown();
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        return 200;
      });
      SpawnConfig config = SpawnConfig.builder()
          .nodes(List.of(Node.of("127.0.0.1", peer.port())))
          .host("127.0.0.1")
          .journal(j -> j.memory(true))
          .healthCheck(h -> h.interval(Duration.ofMinutes(5)))
          .build();
      SpawnGateway gateway = SpawnGateway.builder(config).proxyPort(0).apiPort(0)
          .stopTimeout(Duration.ofSeconds(20)).start();
      URI proxy = gateway.proxyUri();

      CompletableFuture<HttpResponse<String>> slow =
          CompletableFuture.supplyAsync(() -> Http.get(proxy.resolve("/slow").toString()));
      assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<Void> closing = CompletableFuture.runAsync(gateway::close);

      await().atMost(Duration.ofSeconds(10)).until(() -> refused(proxy));
      assertThat(slow).isNotDone();
      assertThat(closing).isNotDone();
      release.countDown();

      assertThat(slow.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      closing.get(10, TimeUnit.SECONDS);
      assertThatThrownBy(() -> gateway.spawn().journal().append(new byte[1]))
          .isInstanceOf(JournalException.class).hasMessageContaining("closed");
    } finally {
      peer.close();
    }
  }

  private static boolean refused(URI proxy) {
    try {
      new Socket(proxy.getHost(), proxy.getPort()).close();
      return false;
    } catch (ConnectException e) {
      return true;
    } catch (Exception e) {
      return false;
    }
  }
}
