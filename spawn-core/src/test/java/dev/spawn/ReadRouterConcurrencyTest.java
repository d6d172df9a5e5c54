package dev.spawn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReadRouterConcurrencyTest {

  private static final int THREADS = 6;
  private static final int CALLS = 5_000;

  private final ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  @Test
  void concurrentCallersShareOneFairRotation() throws Exception {
    NodeRegistry registry = new NodeRegistry();
    registry.putAll(List.of(Node.of("a", 1), Node.of("b", 1), Node.of("c", 1)));
    ReadRouter router = ReadRouter.builder(registry).mode(ReadMode.ROUND_ROBIN).build();
    Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> callers = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      callers.add(
          pool.submit(
              () -> {
                start.await();
                for (int i = 0; i < CALLS; i++) {
                  String id = router.next().orElseThrow().id();
                  counts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                }
                return null;
              }));
    }
    start.countDown();
    for (Future<?> caller : callers) {
      caller.get(60, TimeUnit.SECONDS);
    }
    int each = THREADS * CALLS / 3;
    assertThat(counts).hasSize(3);
    counts.values().forEach(c -> assertThat(c.get()).isEqualTo(each));
  }

  @Test
  void callersNeverGetANodeThatIsNeverEligibleWhileOthersChange() throws Exception {
    NodeRegistry registry = new NodeRegistry();
    Node stable = Node.of("stable", 1).withPriority(1);
    Node flapping = Node.of("flapping", 1).withPriority(2);
    Node inactive = Node.of("inactive", 1).withActive(false);
    registry.putAll(List.of(stable, flapping, inactive));
    ReadRouter router =
        ReadRouter.builder(registry).mode(ReadMode.ROUND_ROBIN.withPriorityTiers(true)).build();
    CountDownLatch start = new CountDownLatch(1);
    AtomicBoolean running = new AtomicBoolean(true);
    Future<?> changer =
        pool.submit(
            () -> {
              start.await();
              for (int i = 0; running.get(); i++) {
                registry.put(flapping.withMaintenance(i % 2 == 0));
                registry.put(stable.withPriority(i % 3 == 0 ? 3 : 1));
              }
              return null;
            });
    List<Future<?>> callers = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      callers.add(
          pool.submit(
              () -> {
                start.await();
                for (int i = 0; i < CALLS; i++) {
                  Node chosen = router.next().orElseThrow();
                  assertThat(chosen.id()).isNotEqualTo("inactive:1");
                  List<Node> order = router.failoverOrder();
                  assertThat(order).isNotEmpty().doesNotContain(inactive);
                  assertThat(order).extracting(Node::id).doesNotHaveDuplicates();
                }
                return null;
              }));
    }
    start.countDown();
    try {
      for (Future<?> caller : callers) {
        caller.get(60, TimeUnit.SECONDS);
      }
    } finally {
      running.set(false);
    }
    changer.get(60, TimeUnit.SECONDS);
  }
}
