package dev.spawn.servlet.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spawn.delivery.PeerState;
import dev.spawn.delivery.PeerStatus;
import org.junit.jupiter.api.Test;

class QueueViewTest {

  @Test
  void aStuckPeerShowsItsUpdate() {
    QueueHandlers.QueueView v =
        QueueHandlers.view(
            new PeerStatus(
                "a:80",
                PeerState.STUCK,
                "503 for 6 min",
                12,
                4096,
                90_000,
                41,
                0,
                42,
                17,
                "503 Service Unavailable"));

    assertThat(v.node()).isEqualTo("a:80");
    assertThat(v.state()).isEqualTo("stuck");
    assertThat(v.depth()).isEqualTo(12);
    assertThat(v.oldestAge()).isEqualTo("90s");
    assertThat(v.stuck()).isEqualTo(new QueueHandlers.Stuck(42, 17, "503 Service Unavailable"));
  }

  @Test
  void statesAreLowerCaseWithDashes() {
    QueueHandlers.QueueView v =
        QueueHandlers.view(
            new PeerStatus("a:80", PeerState.NEEDS_RESYNC, "gap", 0, 0, 0, 5, 3, 0, 0, null));

    assertThat(v.state()).isEqualTo("needs-resync");
    assertThat(v.dropped()).isEqualTo(3);
    assertThat(v.stuck()).isNull();
  }
}
