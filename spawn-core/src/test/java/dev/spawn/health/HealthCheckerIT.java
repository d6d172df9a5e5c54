package dev.spawn.health;

import static dev.spawn.health.HealthState.HEALTHY;
import static dev.spawn.health.HealthState.UNHEALTHY;
import static dev.spawn.health.HealthState.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.spawn.Node;
import dev.spawn.NodeRegistry;
import dev.spawn.config.HealthCheckConfig;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The checker's rise/fall rules and its life cycle, against real servers. Rounds are driven with
 * checkNow(); the interval is an hour, so the scheduler never runs a check on its own unless a
 * test asks for that.
 */
class HealthCheckerIT {

  private final NodeRegistry registry = new NodeRegistry();
  private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
  private final List<String> changes = new CopyOnWriteArrayList<>();
  private final List<AutoCloseable> cleanUp = new ArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);

  HealthCheckerIT() {
    scheduler.setRemoveOnCancelPolicy(true);
  }

  @AfterEach
  void cleanUp() throws Exception {
    release.countDown();
    for (AutoCloseable c : cleanUp) {
      c.close();
    }
    scheduler.shutdownNow();
  }

  private TestServer server() throws Exception {
    TestServer server = new TestServer();
    cleanUp.add(server);
    return server;
  }

  private HealthChecker checker(HealthCheckConfig.Builder settings) {
    HealthChecker checker =
        HealthChecker.builder(registry).settings(settings.build()).scheduler(scheduler).build();
    cleanUp.add(0, checker);
    checker.addListener((id, from, to) -> changes.add(id + " " + from + "->" + to));
    return checker;
  }

  private static HealthCheckConfig.Builder hourly() {
    return HealthCheckConfig.builder().interval(Duration.ofHours(1)).timeout(Duration.ofSeconds(5));
  }

  @Test
  void aHealthyNodeStaysHealthy() throws Exception {
    TestServer server = server();
    HealthChecker checker = checker(hourly().url("/health"));
    registry.put(server.node());
    String id = server.node().id();

    assertThat(checker.state(id)).isEqualTo(HEALTHY);
    for (int i = 0; i < 3; i++) {
      assertThat(checker.checkNow()).containsExactlyEntriesOf(java.util.Map.of(id, HEALTHY));
    }
    assertThat(server.paths()).containsExactly("/health", "/health", "/health");
    assertThat(changes).containsExactly(id + " UNKNOWN->HEALTHY");
  }

  @Test
  void aNodeThatRefusesConnectionsFallsAfterFallFailedChecks() throws Exception {
    TestServer server = server();
    Node gone = server.node();
    server.close();
    HealthChecker checker = checker(hourly().fall(3));
    registry.put(gone);

    checker.checkNow();
    checker.checkNow();
    assertThat(checker.isHealthy(gone.id())).isTrue();
    checker.checkNow();
    assertThat(checker.state(gone.id())).isEqualTo(UNHEALTHY);
    assertThat(checker.isHealthy(gone.id())).isFalse();
    assertThat(changes).containsExactly(gone.id() + " UNKNOWN->HEALTHY", gone.id() + " HEALTHY->UNHEALTHY");
  }

  @Test
  void aWrongStatusMakesItUnhealthyAndRiseRightAnswersBringItBack() throws Exception {
    TestServer server = server();
    HealthChecker checker = checker(hourly().fall(2).rise(3));
    registry.put(server.node());
    String id = server.node().id();

    server.answer(TestServer.reply(500, "down"));
    checker.checkNow();
    assertThat(checker.state(id)).isEqualTo(HEALTHY);
    checker.checkNow();
    assertThat(checker.state(id)).isEqualTo(UNHEALTHY);

    server.answer(TestServer.reply(200, "up"));
    checker.checkNow();
    checker.checkNow();
    assertThat(checker.state(id)).isEqualTo(UNHEALTHY);
    checker.checkNow();
    assertThat(checker.state(id)).isEqualTo(HEALTHY);
    assertThat(changes).endsWith(id + " HEALTHY->UNHEALTHY", id + " UNHEALTHY->HEALTHY");
  }

  @Test
  void aBodyWithoutThePatternIsAFailedCheck() throws Exception {
    TestServer server = server();
    server.answer(TestServer.reply(200, "status: degraded"));
    HealthChecker checker = checker(hourly().regexp("status: ok").fall(1));
    registry.put(server.node());
    checker.checkNow();
    assertThat(checker.state(server.node().id())).isEqualTo(UNHEALTHY);
  }

  @Test
  void aNodeSlowerThanTheTimeoutIsAFailedCheck() throws Exception {
    TestServer server = server();
    server.answer(TestServer.hangUntil(release));
    HealthChecker checker = checker(hourly().timeout(Duration.ofMillis(300)).fall(1));
    registry.put(server.node());
    checker.checkNow();
    assertThat(checker.state(server.node().id())).isEqualTo(UNHEALTHY);
  }

  @Test
  void alternatingAnswersDoNotFlipTheStateEitherWay() throws Exception {
    TestServer server = server();
    AtomicInteger n = new AtomicInteger();
    server.answer(
        (request, response, callback) ->
            TestServer.reply(n.getAndIncrement() % 2 == 0 ? 500 : 200, "")
                .answer(request, response, callback));
    HealthChecker checker = checker(hourly().rise(2).fall(2));
    registry.put(server.node());
    String id = server.node().id();

    for (int i = 0; i < 10; i++) {
      checker.checkNow();
      assertThat(checker.state(id)).as("round %s", i).isEqualTo(HEALTHY);
    }
    checker.reportFailure(id, new ConnectException("Connection refused"));
    for (int i = 0; i < 10; i++) {
      checker.checkNow();
      assertThat(checker.state(id)).as("round %s after the failure", i).isEqualTo(UNHEALTHY);
    }
    assertThat(server.requests()).isEqualTo(20);
    assertThat(changes).containsExactly(id + " UNKNOWN->HEALTHY", id + " HEALTHY->UNHEALTHY");
  }

  @Test
  void aReportedFailureMarksTheNodeDownAtOnceAndOnlyChecksBringItBack() throws Exception {
    TestServer server = server();
    HealthChecker checker = checker(hourly().rise(2));
    registry.put(server.node());
    String id = server.node().id();

    checker.reportFailure(id, new ConnectException("Connection refused"));
    assertThat(checker.state(id)).isEqualTo(UNHEALTHY);
    assertThat(changes).containsExactly(id + " UNKNOWN->HEALTHY", id + " HEALTHY->UNHEALTHY");
    checker.reportFailure(id, new ConnectException("again"));
    assertThat(changes).hasSize(2);

    checker.checkNow();
    assertThat(checker.state(id)).isEqualTo(UNHEALTHY);
    checker.checkNow();
    assertThat(checker.state(id)).isEqualTo(HEALTHY);
  }

  @Test
  void aCheckInFlightWhenAFailureIsReportedDoesNotCount() throws Exception {
    TestServer server = server();
    CountDownLatch answer = new CountDownLatch(1);
    cleanUp.add(answer::countDown);
    server.answer(TestServer.hangUntil(answer));
    HealthChecker checker = checker(hourly().rise(2));
    registry.put(server.node());
    String id = server.node().id();
    checker.reportFailure(id, new ConnectException("first"));

    CompletableFuture<?> inFlight = CompletableFuture.runAsync(checker::checkNow);
    cleanUp.add(() -> inFlight.get(30, TimeUnit.SECONDS));
    await().atMost(Duration.ofSeconds(10)).until(() -> server.requests() == 1);
    checker.reportFailure(id, new ConnectException("second, while the check runs"));
    answer.countDown();
    inFlight.get(10, TimeUnit.SECONDS);

    server.answer(TestServer.reply(200, "up"));
    checker.checkNow();
    assertThat(checker.state(id)).as("the check that began before the failure must not count").isEqualTo(UNHEALTHY);
    checker.checkNow();
    assertThat(checker.state(id)).isEqualTo(HEALTHY);
  }

  @Test
  void removingANodeStopsItsChecks() throws Exception {
    TestServer server = server();
    HealthChecker checker = checker(hourly());
    registry.put(server.node());
    String id = server.node().id();
    assertThat(scheduler.getQueue()).hasSize(1);

    registry.delete("127.0.0.1", server.port());
    assertThat(scheduler.getQueue()).isEmpty();
    assertThat(checker.state(id)).isEqualTo(UNKNOWN);
    assertThat(checker.checkNow()).isEmpty();
    assertThat(server.requests()).isZero();
    checker.reportFailure(id, new ConnectException("late report"));
    assertThat(checker.state(id)).isEqualTo(UNKNOWN);
    assertThat(changes).containsExactly(id + " UNKNOWN->HEALTHY", id + " HEALTHY->UNKNOWN");
  }

  @Test
  void inactiveNodesAreNotCheckedUntilTheyAreActive() throws Exception {
    TestServer server = server();
    HealthChecker checker = checker(hourly());
    Node node = server.node().withActive(false);
    registry.put(node);
    checker.checkNow();
    assertThat(checker.state(node.id())).isEqualTo(UNKNOWN);
    assertThat(server.requests()).isZero();

    registry.put(node.withActive(true));
    checker.checkNow();
    assertThat(checker.state(node.id())).isEqualTo(HEALTHY);
    assertThat(server.requests()).isOne();

    registry.put(node.withActive(true).withMaintenance(true));
    checker.checkNow();
    assertThat(server.requests()).as("nodes in maintenance are still checked").isEqualTo(2);

    registry.put(node);
    assertThat(checker.state(node.id())).isEqualTo(UNKNOWN);
    assertThat(changes)
        .containsExactly(node.id() + " UNKNOWN->HEALTHY", node.id() + " HEALTHY->UNKNOWN");
  }

  @Test
  void aNodeMadeActiveAgainStartsAfresh() throws Exception {
    TestServer server = server();
    HealthChecker checker = checker(hourly());
    Node node = server.node();
    registry.put(node);
    checker.reportFailure(node.id(), new ConnectException("down"));
    registry.put(node.withActive(false));
    registry.put(node);
    assertThat(checker.state(node.id())).isEqualTo(HEALTHY);
  }

  @Test
  void nodesRegisteredBeforeTheCheckerAreFollowed() throws Exception {
    TestServer a = server();
    TestServer b = server();
    registry.putAll(List.of(a.node().withPriority(2), b.node().withPriority(1)));
    HealthChecker checker = checker(hourly());
    assertThat(checker.checkNow().keySet()).containsExactly(b.node().id(), a.node().id());
    assertThat(a.requests()).isOne();
    assertThat(b.requests()).isOne();
  }

  @Test
  void theSchedulerChecksEachNodeEveryInterval() throws Exception {
    TestServer server = server();
    registry.put(server.node());
    try (HealthChecker checker =
        HealthChecker.builder(registry)
            .settings(
                HealthCheckConfig.builder()
                    .interval(Duration.ofMillis(50))
                    .timeout(Duration.ofMillis(40))
                    .fall(1)
                    .build())
            .build()) {
      await().atMost(Duration.ofSeconds(10)).until(() -> server.requests() >= 3);
      server.close();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> checker.state(server.node().id()) == UNHEALTHY);
    }
  }

  @Test
  void closingStopsEverything() throws Exception {
    TestServer server = server();
    HealthChecker checker = checker(hourly());
    registry.put(server.node());
    checker.close();
    checker.close();
    assertThat(scheduler.getQueue()).isEmpty();
    assertThat(checker.state(server.node().id())).isEqualTo(UNKNOWN);
    assertThat(checker.states()).isEmpty();
    assertThatThrownBy(checker::checkNow)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    registry.put(Node.of("127.0.0.1", 1));
    assertThat(scheduler.getQueue()).isEmpty();
    assertThat(scheduler.isShutdown()).as("a given scheduler is left running").isFalse();
    assertThat(server.requests()).isZero();
  }

  @Test
  void listenersCanBeRemovedAndOneFailingListenerDoesNotStopTheOthers() throws Exception {
    TestServer server = server();
    HealthChecker checker = checker(hourly());
    checker.addListener(
        (id, from, to) -> {
          throw new IllegalStateException("listener bug");
        });
    List<HealthState> seen = new CopyOnWriteArrayList<>();
    AutoCloseable handle = checker.addListener((id, from, to) -> seen.add(to));
    registry.put(server.node());
    handle.close();
    checker.reportFailure(server.node().id(), new ConnectException("down"));
    assertThat(seen).containsExactly(HEALTHY);
    assertThat(changes).hasSize(2);
  }

  @Test
  void argumentsAreChecked() {
    HealthChecker checker = checker(hourly());
    assertThatThrownBy(() -> checker.reportFailure(null, new ConnectException()))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> checker.reportFailure("a:1", null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> checker.addListener(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> HealthChecker.builder(null)).isInstanceOf(NullPointerException.class);
    HealthChecker.Builder both =
        HealthChecker.builder(registry)
            .httpClient(org.apache.hc.client5.http.impl.classic.HttpClients.createDefault());
    assertThatThrownBy(() -> both.sslContext(javax.net.ssl.SSLContext.getDefault()).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("sslContext");
  }
}
