package dev.spawn.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class KeyedLocksTest {

  private final KeyedLocks locks = new KeyedLocks();

  @Test
  void oneHolderPerKeyAndOtherKeysAreFree() throws Exception {
    KeyedLocks.Lease a = locks.acquire("/a");
    CompletableFuture<KeyedLocks.Lease> waiting = CompletableFuture.supplyAsync(() -> take("/a"));
    KeyedLocks.Lease b = locks.acquire("/b"); // not blocked by /a

    await().until(() -> locks.size() == 2);
    assertThat(waiting).isNotDone();
    a.close();
    waiting.get(5, TimeUnit.SECONDS).close();
    b.close();
    assertThat(locks.size()).isZero();
  }

  @Test
  void anotherThreadMayReleaseAndReleasingTwiceDoesNothing() throws Exception {
    KeyedLocks.Lease lease = locks.acquire("/p");
    CompletableFuture.runAsync(lease::close).get(5, TimeUnit.SECONDS);
    lease.close();

    KeyedLocks.Lease again = locks.acquire("/p");
    KeyedLocks.Lease other = CompletableFuture.supplyAsync(() -> take("/q")).get(5,
        TimeUnit.SECONDS);
    again.close();
    other.close();
    assertThat(locks.size()).isZero();
  }

  @Test
  void manyThreadsOnOneKeyNeverOverlapAndLeaveNothingBehind() throws Exception {
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CompletableFuture<?>[] all = new CompletableFuture<?>[400];
      for (int i = 0; i < all.length; i++) {
        String key = "/k" + (i % 4);
        all[i] = CompletableFuture.runAsync(() -> {
          KeyedLocks.Lease lease = take(key);
          try {
            if (key.equals("/k0") && inside.incrementAndGet() > 1) {
              overlaps.incrementAndGet();
            }
            if (key.equals("/k0")) {
              inside.decrementAndGet();
            }
          } finally {
            lease.close();
          }
        }, pool);
      }
      CompletableFuture.allOf(all).get(30, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    assertThat(overlaps).hasValue(0);
    assertThat(locks.size()).isZero();
  }

  @Test
  void anInterruptedWaiterHoldsNothingAndLeavesNothingBehind() throws Exception {
    KeyedLocks.Lease held = locks.acquire("/x");
    Thread waiter = new Thread(() -> {
      try {
        locks.acquire("/x");
      } catch (InterruptedException expected) {
        // the point of the test
      }
    });
    waiter.start();
    await().until(() -> waiter.getState() == Thread.State.WAITING);
    waiter.interrupt();
    waiter.join(5000);
    held.close();
    assertThat(locks.size()).isZero();
  }

  private KeyedLocks.Lease take(String key) {
    try {
      return locks.acquire(key);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
