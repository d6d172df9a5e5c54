package dev.spawn.examples.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLHandshakeException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.junit.jupiter.api.Test;

class NodeFailureTest {

  @Test
  void theBlockingClientsExceptionsSayWhatHappened() {
    assertThat(NodeFailure.of(new ConnectException("refused"))).isEqualTo(NodeFailure.UNREACHABLE);
    assertThat(NodeFailure.of(new ConnectTimeoutException("slow"))).isEqualTo(NodeFailure.UNREACHABLE);
    assertThat(NodeFailure.of(new UnknownHostException("x"))).isEqualTo(NodeFailure.UNREACHABLE);
    assertThat(NodeFailure.of(new SocketTimeoutException("read"))).isEqualTo(NodeFailure.TIMEOUT);
    assertThat(NodeFailure.of((IOException) new EOFException())).isEqualTo(NodeFailure.BROKEN);
  }

  @Test
  void beforeSendingOnlyAFailureToConnectIsTheNodes() {
    // Jetty's connect timeout is a SocketTimeoutException: before sending it means unreachable.
    assertThat(NodeFailure.of(new SocketTimeoutException("Connect Timeout"), false))
        .isEqualTo(NodeFailure.UNREACHABLE);
    assertThat(NodeFailure.of(new ConnectException("refused"), false))
        .isEqualTo(NodeFailure.UNREACHABLE);
    assertThat(NodeFailure.of(new UnknownHostException("x"), false))
        .isEqualTo(NodeFailure.UNREACHABLE);
    assertThat(NodeFailure.of(new RejectedExecutionException("queue full"), false))
        .isEqualTo(NodeFailure.BROKEN);
    assertThat(NodeFailure.of(new SSLHandshakeException("untrusted"), false))
        .isEqualTo(NodeFailure.BROKEN);
  }

  @Test
  void afterSendingATimeoutLeavesTheOutcomeUnknownAndAnythingElseBrokeOff() {
    assertThat(NodeFailure.of(new TimeoutException("Idle timeout 10000 ms"), true))
        .isEqualTo(NodeFailure.TIMEOUT);
    assertThat(NodeFailure.of(new ClosedChannelException(), true)).isEqualTo(NodeFailure.BROKEN);
    assertThat(NodeFailure.of(new EOFException(), true)).isEqualTo(NodeFailure.BROKEN);
    assertThat(NodeFailure.TIMEOUT.nodeIsDown()).isTrue();
    assertThat(NodeFailure.UNREACHABLE.nodeIsDown()).isTrue();
    assertThat(NodeFailure.BROKEN.nodeIsDown()).isFalse();
  }
}
