package dev.spawn.mirror;

import java.time.Clock;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * Makes Spawn-Ids: unique, time-ordered ids in the UUID version 7 layout (RFC 9562), given to a
 * request when the origin accepts it.
 *
 * <p>An id is a 48-bit epoch-millisecond timestamp, the version and variant bits, a 42-bit counter
 * and 32 random bits, written as a lower-case UUID string. Ids from one instance are strictly
 * increasing, as strings too, however many are made per millisecond and even if the clock steps
 * back: the counter starts at a random value each millisecond and counts up within it, and when it
 * runs out (or the clock is behind the last id) the timestamp is carried forward instead. So an
 * id's timestamp can run slightly ahead of the clock, never behind the previous id.
 *
 * <p>Thread-safe. {@link #next()} uses one shared instance on the system clock; tests make their
 * own with an injected {@link Clock}.
 */
public final class SpawnIds {

  private static final SpawnIds SHARED = new SpawnIds(Clock.systemUTC(), fastRandom());

  private static final long COUNTER_BITS = 42;
  private static final long COUNTER_MAX = (1L << COUNTER_BITS) - 1;
  private static final long TIMESTAMP_MAX = (1L << 48) - 1;

  private final Clock clock;
  private final RandomGenerator random;
  private long lastMillis = -1; // guarded by this
  private long counter; // guarded by this

  /**
   * An instance reading time from {@code clock} and randomness from {@code random}.
   *
   * @param random called by every thread that makes ids, outside any lock, so it must be
   *     thread-safe; {@link #fastRandom()} is the production choice
   */
  public SpawnIds(Clock clock, RandomGenerator random) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * A thread-safe generator for {@link #SpawnIds(Clock, RandomGenerator)} that never blocks: each
   * thread draws from its own {@link ThreadLocalRandom} stream. Ids from different nodes are kept
   * apart by 32 random bits plus a random counter start each millisecond, so unpredictability
   * (what a {@code SecureRandom} adds, behind a lock and a system call) is not needed.
   */
  public static RandomGenerator fastRandom() {
    return ThreadLocalGenerator.INSTANCE;
  }

  /** A new id from the shared instance (system clock, {@link #fastRandom()}). */
  public static String next() {
    return SHARED.nextId();
  }

  /** A new id, greater than every id this instance made before. */
  public String nextId() {
    // Random bits are drawn before taking the lock: the lock guards a few comparisons only, so
    // a thread preempted while holding it (two busy cores, dozens of request threads) stalls
    // the others for as short a time as possible.
    long fresh = random.nextLong() & (COUNTER_MAX >>> 1);
    int tail = random.nextInt();
    long millis;
    long count;
    synchronized (this) {
      long now = clock.millis();
      if (now < 0 || now > TIMESTAMP_MAX) {
        throw new IllegalStateException(
            "clock reads " + now + " ms; expected 0.." + TIMESTAMP_MAX + " (a UUIDv7 timestamp)");
      }
      if (now > lastMillis) {
        lastMillis = now;
        counter = fresh;
      } else if (counter < COUNTER_MAX) {
        counter++;
      } else {
        lastMillis++; // counter exhausted within this millisecond: borrow the next one
        counter = fresh;
      }
      millis = lastMillis;
      count = counter;
    }
    long msb = (millis << 16) | 0x7000L | ((count >>> 30) & 0xfffL);
    long lsb = 0x8000_0000_0000_0000L | ((count & 0x3fff_ffffL) << 32) | (tail & 0xffff_ffffL);
    return new UUID(msb, lsb).toString();
  }

  /**
   * The timestamp (epoch milliseconds) inside an id made by this class.
   *
   * @throws IllegalArgumentException when {@code id} is not a version 7 UUID string
   */
  public static long timestampOf(String id) {
    if (!isValid(id)) {
      throw new IllegalArgumentException(
          "Spawn-Id was " + Syntax.quote(id)
              + "; expected a version 7 UUID such as 01890a5d-ac96-774b-bcce-b302099a8057");
    }
    return Long.parseLong(id.substring(0, 8) + id.substring(9, 13), 16);
  }

  /** Whether {@code id} has the form this class writes (a version 7, variant 10 UUID string). */
  public static boolean isValid(String id) {
    Objects.requireNonNull(id, "id");
    if (id.length() != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = id.charAt(i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash ? c != '-' : Character.digit(c, 16) < 0) {
        return false;
      }
    }
    return id.charAt(14) == '7' && "89abAB".indexOf(id.charAt(19)) >= 0;
  }

  /** Delegates to the calling thread's {@link ThreadLocalRandom}. */
  private enum ThreadLocalGenerator implements RandomGenerator {
    INSTANCE;

    @Override
    public long nextLong() {
      return ThreadLocalRandom.current().nextLong();
    }

    @Override
    public int nextInt() {
      return ThreadLocalRandom.current().nextInt();
    }
  }
}
