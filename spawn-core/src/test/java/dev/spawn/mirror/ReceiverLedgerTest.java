package dev.spawn.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.spawn.mirror.ReceiverLedger.Decision;
import dev.spawn.mirror.ReceiverLedger.Decision.Kind;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReceiverLedgerTest {

  @TempDir Path dir;

  private final ReceiverLedger ledger = new ReceiverLedger(new InMemoryHwmStore());

  @Test
  void startWithoutMarkApplies() {
    assertThat(ledger.decide("J", 5, "start")).isEqualTo(new Decision(Kind.APPLY, 1));
    ledger.commit("J", 5);
    assertThat(ledger.highWaterMark("J")).hasValue(5);
  }

  @Test
  void startWithAMarkIsAGap() {
    ledger.commit("J", 5);
    assertThat(ledger.decide("J", 9, "start")).isEqualTo(new Decision(Kind.GAP, 6));
  }

  @Test
  void prevEqualToMarkApplies() {
    ledger.commit("J", 5);
    assertThat(ledger.decide("J", 6, "5")).isEqualTo(new Decision(Kind.APPLY, 6));
    // seqs of one peer need not be contiguous: entries for other peers sit between them
    assertThat(ledger.decide("J", 9, "5").kind()).isEqualTo(Kind.APPLY);
  }

  @Test
  void seqAtOrBelowMarkIsADuplicate() {
    ledger.commit("J", 5);
    assertThat(ledger.decide("J", 5, "4")).isEqualTo(new Decision(Kind.DUPLICATE, 6));
    assertThat(ledger.decide("J", 2, "start").kind()).isEqualTo(Kind.DUPLICATE);
    assertThat(ledger.decide("J", 3, "resync").kind()).isEqualTo(Kind.DUPLICATE);
  }

  @Test
  void prevOtherThanMarkIsAGap() {
    ledger.commit("J", 5);
    assertThat(ledger.decide("J", 8, "7")).isEqualTo(new Decision(Kind.GAP, 6));
    assertThat(ledger.decide("J", 8, "4")).isEqualTo(new Decision(Kind.GAP, 6));
  }

  @Test
  void numericPrevWithoutMarkIsAGapExpectingOne() {
    assertThat(ledger.decide("J", 8, "7")).isEqualTo(new Decision(Kind.GAP, 1));
    assertThat(ledger.decide("J", 8, "0")).isEqualTo(new Decision(Kind.GAP, 1));
  }

  @Test
  void resyncAppliesWithOrWithoutMark() {
    assertThat(ledger.decide("J", 40, "resync").kind()).isEqualTo(Kind.APPLY);
    ledger.commit("J", 5);
    assertThat(ledger.decide("J", 40, "resync")).isEqualTo(new Decision(Kind.APPLY, 6));
    ledger.commit("J", 40);
    assertThat(ledger.decide("J", 41, "40").kind()).isEqualTo(Kind.APPLY);
  }

  @Test
  void markStaysWhenTheAppFailedSoTheRetryRunsAgain() {
    ledger.commit("J", 5);
    Decision first = ledger.decide("J", 6, "5");
    assertThat(first.kind()).isEqualTo(Kind.APPLY);
    int status = 503;
    if (ReceiverLedger.advancesHighWaterMark(status)) {
      ledger.commit("J", 6);
    }
    assertThat(ledger.highWaterMark("J")).hasValue(5);
    assertThat(ledger.decide("J", 6, "5").kind()).isEqualTo(Kind.APPLY);
  }

  @Test
  void commitOnlyMovesForwardAndJournalsAreIndependent() {
    ledger.commit("J", 9);
    ledger.commit("J", 4);
    assertThat(ledger.highWaterMark("J")).hasValue(9);
    assertThat(ledger.highWaterMark("K")).isEmpty();
    assertThat(ledger.decide("K", 1, "start").kind()).isEqualTo(Kind.APPLY);
  }

  @Test
  void marksSurviveAReopenedSqliteStore() {
    Path file = dir.resolve("hwm.db");
    try (SqliteHwmStore store = SqliteHwmStore.open(file)) {
      ReceiverLedger first = new ReceiverLedger(store);
      first.commit("J", 12);
    }
    try (SqliteHwmStore store = SqliteHwmStore.open(file)) {
      ReceiverLedger second = new ReceiverLedger(store);
      assertThat(second.highWaterMark("J")).hasValue(12);
      assertThat(second.decide("J", 12, "11").kind()).isEqualTo(Kind.DUPLICATE);
      assertThat(second.decide("J", 13, "12").kind()).isEqualTo(Kind.APPLY);
    }
  }

  @Test
  void wipedStoreIsDetectedAsAGap() {
    try (SqliteHwmStore store = SqliteHwmStore.open(dir.resolve("hwm.db"))) {
      new ReceiverLedger(store).commit("J", 7);
    }
    // the node's data is wiped: a new, empty store
    try (SqliteHwmStore fresh = SqliteHwmStore.open(dir.resolve("wiped.db"))) {
      ReceiverLedger ledger2 = new ReceiverLedger(fresh);
      assertThat(ledger2.decide("J", 8, "7")).isEqualTo(new Decision(Kind.GAP, 1));
    }
  }

  @Test
  void updatesOfOneJournalApplyOneAtATime() throws Exception {
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean secondRan = new AtomicBoolean();
    CompletableFuture<String> first =
        CompletableFuture.supplyAsync(
            () ->
                ledger.applyExclusively(
                    "J",
                    () -> {
                      inside.countDown();
                      try {
                        return release.await(10, TimeUnit.SECONDS) ? "first" : "timed out";
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return "interrupted";
                      }
                    }));
    assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<String> second =
        CompletableFuture.supplyAsync(
            () ->
                ledger.applyExclusively(
                    "J",
                    () -> {
                      secondRan.set(true);
                      return "second";
                    }));
    ReentrantLock lock = (ReentrantLock) ledger.lockFor("J");
    await().until(lock::hasQueuedThreads);
    assertThat(secondRan).isFalse();
    // another journal is not held up
    assertThat(ledger.applyExclusively("K", () -> "other")).isEqualTo("other");
    release.countDown();
    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
    assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("second");
    assertThat(secondRan).isTrue();
  }
}
