package dev.spawn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NodeRegistryConcurrencyTest {

  private static final int WRITERS = 4;
  private static final int READERS = 4;
  private static final int CHANGES_PER_WRITER = 3_000;

  private final ExecutorService pool = Executors.newFixedThreadPool(WRITERS + READERS);

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  private static Node randomNode(ThreadLocalRandom random) {
    return new Node(
        "h" + random.nextInt(4), 1 + random.nextInt(4), random.nextInt(-3, 4), true, false, null);
  }

  private static void checkSnapshot(List<Node> snapshot) {
    List<Node> sorted = new ArrayList<>(snapshot);
    sorted.sort(PriorityOrder.NODES);
    if (!sorted.equals(snapshot)) {
      throw new AssertionError("snapshot not in priority order: " + snapshot);
    }
    Set<String> ids = new HashSet<>();
    for (Node n : snapshot) {
      if (!ids.add(n.id())) {
        throw new AssertionError("snapshot lists " + n.id() + " twice: " + snapshot);
      }
    }
  }

  @Test
  void readersNeverSeeATornOrUnsortedSnapshotWhileWritersChangeTheRegistry() throws Exception {
    NodeRegistry registry = new NodeRegistry();
    // A listener that mirrors the registry from its events: it ends equal only if every change
    // was told once and in the order it was made.
    Set<String> mirrored = ConcurrentHashMap.newKeySet();
    registry.addListener(
        e -> {
          if (e.after() == null) {
            mirrored.remove(e.nodeId());
          } else {
            mirrored.add(e.nodeId());
          }
        });
    CountDownLatch start = new CountDownLatch(1);
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicLong reads = new AtomicLong();
    List<Future<?>> writers = new ArrayList<>();
    List<Future<?>> readers = new ArrayList<>();

    for (int w = 0; w < WRITERS; w++) {
      writers.add(
          pool.submit(
              () -> {
                start.await();
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int i = 0; i < CHANGES_PER_WRITER; i++) {
                  Node n = randomNode(random);
                  switch (random.nextInt(7)) {
                    case 0, 1 -> registry.put(n);
                    case 2 -> registry.delete(n.host(), n.port());
                    case 3 -> registry.putAll(List.of(n, randomNode(random).withAddress("x", 9)));
                    case 4 -> {
                      try {
                        registry.move(n.host(), n.port(), randomNode(random));
                      } catch (IllegalArgumentException targetTaken) {
                        // expected now and then: another node holds the new address
                      }
                    }
                    case 5 -> registry.deleteAllByHost(n.host());
                    default -> registry.twist();
                  }
                }
                return null;
              }));
    }
    for (int r = 0; r < READERS; r++) {
      readers.add(
          pool.submit(
              () -> {
                start.await();
                do {
                  checkSnapshot(registry.all());
                  checkSnapshot(registry.allByHost("h1"));
                  registry.current().ifPresent(n -> assertThat(n.host()).isNotEmpty());
                  registry.get("h2", 3).ifPresent(n -> assertThat(n.id()).isEqualTo("h2:3"));
                  reads.incrementAndGet();
                } while (writing.get());
                return null;
              }));
    }

    start.countDown();
    for (Future<?> writer : writers) {
      writer.get(60, TimeUnit.SECONDS);
    }
    writing.set(false);
    for (Future<?> reader : readers) {
      reader.get(60, TimeUnit.SECONDS);
    }

    checkSnapshot(registry.all());
    assertThat(reads.get()).isPositive();
    assertThat(mirrored)
        .containsExactlyInAnyOrderElementsOf(registry.all().stream().map(Node::id).toList());
  }
}
