package dev.spawn.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SpawnIdsTest {

  /** A clock the test moves by hand. */
  private static final class ManualClock extends Clock {
    final AtomicLong millis;

    ManualClock(long start) {
      millis = new AtomicLong(start);
    }

    @Override
    public long millis() {
      return millis.get();
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }

  @Test
  void idIsAVersion7UuidCarryingTheClock() {
    SpawnIds ids = new SpawnIds(Clock.fixed(Instant.ofEpochMilli(1_700_000_000_123L),
        ZoneOffset.UTC), new Random(1));
    String id = ids.nextId();
    UUID uuid = UUID.fromString(id);
    assertThat(uuid.version()).isEqualTo(7);
    assertThat(uuid.variant()).isEqualTo(2);
    assertThat(id).hasSize(36).isLowerCase();
    assertThat(SpawnIds.timestampOf(id)).isEqualTo(1_700_000_000_123L);
    assertThat(id).startsWith(String.format("%08x-%04x", 1_700_000_000_123L >>> 16,
        1_700_000_000_123L & 0xffff));
  }

  @Test
  void manyIdsInOneMillisecondStayOrdered() {
    ManualClock clock = new ManualClock(1000);
    SpawnIds ids = new SpawnIds(clock, new Random(7));
    String previous = ids.nextId();
    for (int i = 0; i < 100_000; i++) {
      String next = ids.nextId();
      assertThat(next).isGreaterThan(previous);
      assertThat(SpawnIds.timestampOf(next)).isEqualTo(1000);
      previous = next;
    }
  }

  @Test
  void clockSteppingBackDoesNotBreakTheOrder() {
    ManualClock clock = new ManualClock(50_000);
    SpawnIds ids = new SpawnIds(clock, new Random(3));
    String a = ids.nextId();
    clock.millis.set(10_000);
    String b = ids.nextId();
    clock.millis.set(50_001);
    String c = ids.nextId();
    assertThat(b).isGreaterThan(a);
    assertThat(c).isGreaterThan(b);
    assertThat(SpawnIds.timestampOf(b)).isEqualTo(50_000);
    assertThat(SpawnIds.timestampOf(c)).isEqualTo(50_001);
  }

  @Test
  void idsAreUniqueAndPerThreadIncreasingUnderContention() throws Exception {
    int threads = 8;
    int perThread = 100_000;
    SpawnIds ids = new SpawnIds(Clock.systemUTC(), new java.security.SecureRandom());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<long[]>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        results.add(
            pool.submit(
                () -> {
                  long[] pairs = new long[perThread * 2];
                  start.await();
                  String previous = "";
                  for (int i = 0; i < perThread; i++) {
                    String id = ids.nextId();
                    if (id.compareTo(previous) <= 0) {
                      throw new AssertionError(id + " not after " + previous);
                    }
                    previous = id;
                    UUID u = UUID.fromString(id);
                    pairs[2 * i] = u.getMostSignificantBits();
                    pairs[2 * i + 1] = u.getLeastSignificantBits();
                  }
                  return pairs;
                }));
      }
      start.countDown();
      long[][] all = new long[threads * perThread][];
      int n = 0;
      for (Future<long[]> f : results) {
        long[] pairs = f.get();
        for (int i = 0; i < perThread; i++) {
          all[n++] = new long[] {pairs[2 * i], pairs[2 * i + 1]};
        }
      }
      Arrays.sort(all, (x, y) -> x[0] != y[0] ? Long.compareUnsigned(x[0], y[0])
          : Long.compareUnsigned(x[1], y[1]));
      for (int i = 1; i < all.length; i++) {
        assertThat(all[i]).as("id %d", i).isNotEqualTo(all[i - 1]);
      }
      assertThat(n).isEqualTo(threads * perThread);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void sharedInstanceMakesValidIncreasingIds() {
    String a = SpawnIds.next();
    String b = SpawnIds.next();
    assertThat(b).isGreaterThan(a);
    assertThat(SpawnIds.isValid(a)).isTrue();
    assertThat(SpawnIds.timestampOf(b)).isGreaterThanOrEqualTo(SpawnIds.timestampOf(a));
  }

  @Test
  void timestampOfRejectsOtherStrings() {
    assertThatThrownBy(() -> SpawnIds.timestampOf("not-an-id"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'not-an-id'");
    // a version 4 UUID
    assertThat(SpawnIds.isValid("3b241101-e2bb-4255-8caf-4136c566a962")).isFalse();
    assertThat(SpawnIds.isValid("01890a5d-ac96-774b-bcce-b302099a8057")).isTrue();
    assertThat(SpawnIds.isValid("01890a5d-ac96-774b-0cce-b302099a8057")).isFalse();
    assertThat(SpawnIds.isValid("01890a5dXac96-774b-bcce-b302099a8057")).isFalse();
  }
}
