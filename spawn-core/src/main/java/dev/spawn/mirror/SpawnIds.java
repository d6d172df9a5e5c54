package dev.spawn.mirror;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.UUID;
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

  private static final SpawnIds SHARED = new SpawnIds(Clock.systemUTC(), new SecureRandom());

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
   * @param random used under this instance's lock; a {@link SecureRandom} keeps ids from different
   *     nodes apart
   */
  public SpawnIds(Clock clock, RandomGenerator random) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
  }

  /** A new id from the shared instance (system clock, secure random). */
  public static String next() {
    return SHARED.nextId();
  }

  /** A new id, greater than every id this instance made before. */
  public String nextId() {
    long millis;
    long count;
    int tail;
    synchronized (this) {
      long now = clock.millis();
      if (now < 0 || now > TIMESTAMP_MAX) {
        throw new IllegalStateException(
            "clock reads " + now + " ms; expected 0.." + TIMESTAMP_MAX + " (a UUIDv7 timestamp)");
      }
      if (now > lastMillis) {
        lastMillis = now;
        counter = freshCounter();
      } else if (counter < COUNTER_MAX) {
        counter++;
      } else {
        lastMillis++; // counter exhausted within this millisecond: borrow the next one
        counter = freshCounter();
      }
      millis = lastMillis;
      count = counter;
      tail = random.nextInt();
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

  /** A random start that leaves at least 2^41 increments before the counter runs out. */
  private long freshCounter() {
    return random.nextLong() & (COUNTER_MAX >>> 1);
  }
}
