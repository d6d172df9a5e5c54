package dev.spawn.servlet.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoginLimiterTest {

  private final TestTime time = new TestTime();
  private final LoginLimiter limiter = new LoginLimiter(3, 5, Duration.ofMinutes(5), time);

  private void fail(String user, String address, int times) {
    for (int i = 0; i < times; i++) {
      assertThat(limiter.check(user, address)).as("attempt %d", i + 1).isEmpty();
      limiter.failed(user, address);
    }
  }

  @Test
  void thePairIsRefusedAfterItsLimitUntilTheRunEnds() {
    fail("ops", "10.0.0.1", 3);
    time.advance(Duration.ofSeconds(100));

    LoginLimiter.Refusal r = limiter.check("ops", "10.0.0.1").orElseThrow();

    assertThat(r.byAddress()).isFalse();
    assertThat(r.retryAfterSeconds()).isEqualTo(200);
    time.advance(Duration.ofSeconds(199));
    assertThat(limiter.check("ops", "10.0.0.1")).isPresent();
    time.advance(Duration.ofSeconds(1));
    assertThat(limiter.check("ops", "10.0.0.1")).isEmpty();
    assertThat(limiter.refusals()).isEqualTo(2);
  }

  @Test
  void retryAfterIsRoundedUpToAWholeSecondAndIsAtLeastOne() {
    fail("ops", "a", 3);
    time.advance(Duration.ofSeconds(299).plusMillis(500));

    assertThat(limiter.check("ops", "a").orElseThrow().retryAfterSeconds()).isEqualTo(1);
    time.advance(Duration.ofMillis(499));
    assertThat(limiter.check("ops", "a").orElseThrow().retryAfterSeconds()).isEqualTo(1);
  }

  @Test
  void onlyTheFirstRefusalOfARunIsMarkedForTheLog() {
    fail("ops", "a", 3);

    assertThat(limiter.check("ops", "a").orElseThrow().firstInRun()).isTrue();
    assertThat(limiter.check("ops", "a").orElseThrow().firstInRun()).isFalse();
    time.advance(Duration.ofMinutes(5));
    fail("ops", "a", 3);
    assertThat(limiter.check("ops", "a").orElseThrow().firstInRun()).isTrue();
  }

  @Test
  void aSuccessClearsThePair() {
    fail("ops", "a", 2);
    limiter.succeeded("ops", "a");

    fail("ops", "a", 2);
    assertThat(limiter.check("ops", "a")).isEmpty();
  }

  @Test
  void theAddressIsRefusedAfterItsLimitAcrossUserNames() {
    for (int i = 0; i < 5; i++) {
      fail("user" + i, "10.0.0.9", 1);
    }

    LoginLimiter.Refusal r = limiter.check("someone-else", "10.0.0.9").orElseThrow();

    assertThat(r.byAddress()).isTrue();
    assertThat(r.retryAfterSeconds()).isEqualTo(300);
    limiter.succeeded("user0", "10.0.0.9");
    assertThat(limiter.check("user0", "10.0.0.9")).as("a success clears only the pair").isPresent();
  }

  @Test
  void addressesAndUserNamesCountApart() {
    fail("ops", "10.0.0.1", 3);

    assertThat(limiter.check("ops", "10.0.0.1")).isPresent();
    assertThat(limiter.check("ops", "10.0.0.2")).isEmpty();
    assertThat(limiter.check("dev", "10.0.0.1")).isEmpty();
  }

  @Test
  void userNamesCountIgnoringCase() {
    fail("ops", "a", 2);
    limiter.failed("OPS", "a");

    assertThat(limiter.check("Ops", "a")).isPresent();
  }

  @Test
  void aFloodOfDistinctNamesStaysBounded() {
    LoginLimiter wide = new LoginLimiter(3, Integer.MAX_VALUE, Duration.ofMinutes(5), time);
    for (int i = 0; i < LoginLimiter.MAX_TRACKED + 5_000; i++) {
      wide.failed("user" + i, "10.0.0.1");
    }

    assertThat(wide.trackedPairs()).isLessThanOrEqualTo(LoginLimiter.MAX_TRACKED);
  }
}
