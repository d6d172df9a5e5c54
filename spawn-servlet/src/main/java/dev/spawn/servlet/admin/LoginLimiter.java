package dev.spawn.servlet.admin;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Counts failed logins per (user name, address) pair and per address, and says when a login must
 * be refused before its password is checked.
 *
 * <p>A run of failures starts with the first failure and lasts one window: an entry is written
 * only then, so Caffeine's expire-after-write ends it exactly a window later, and the count starts
 * afresh. Within a run, the attempt after the limit is refused until the run ends; {@link
 * Refusal#retryAfter()} says when. Each cache holds at most {@value #MAX_TRACKED} entries, so a
 * flood of distinct names or addresses cannot exhaust memory (evicting the least useful entries
 * first). Time comes from an injected nanosecond ticker. Thread-safe.
 */
final class LoginLimiter {

  /** The most pairs, and the most addresses, tracked at once. */
  static final int MAX_TRACKED = 50_000;

  /** User names are compared by this many leading characters, ignoring case. */
  private static final int NAME_KEY_LENGTH = 256;

  private final int pairLimit;
  private final int addressLimit;
  private final Duration window;
  private final LongSupplier nanoTime;
  private final Cache<Pair, Run> pairs;
  private final Cache<String, Run> addresses;
  private final AtomicLong refusals = new AtomicLong();

  LoginLimiter(int pairLimit, int addressLimit, Duration window, LongSupplier nanoTime) {
    this.pairLimit = pairLimit;
    this.addressLimit = addressLimit;
    this.window = window;
    this.nanoTime = nanoTime;
    this.pairs = cache(window, nanoTime);
    this.addresses = cache(window, nanoTime);
  }

  private static <K> Cache<K, Run> cache(Duration window, LongSupplier nanoTime) {
    return Caffeine.newBuilder()
        .expireAfterWrite(window)
        .maximumSize(MAX_TRACKED)
        .ticker(nanoTime::getAsLong)
        .executor(Runnable::run)
        .build();
  }

  /** A refused login: which limit refused it, for how long, and whether to log it. */
  record Refusal(boolean byAddress, Duration retryAfter, boolean firstInRun) {

    /** {@link #retryAfter()} in whole seconds, rounded up, at least 1: for {@code Retry-After}. */
    long retryAfterSeconds() {
      long s = retryAfter.toSeconds() + (retryAfter.toNanosPart() > 0 ? 1 : 0);
      return Math.max(1, s);
    }
  }

  /** Why a login must be refused now, or empty when it may go ahead. Counts each refusal. */
  Optional<Refusal> check(String user, String address) {
    long now = nanoTime.getAsLong();
    Run pair = pairs.getIfPresent(new Pair(nameKey(user), address));
    Refusal r = null;
    if (pair != null && pair.failures() >= pairLimit) {
      r = new Refusal(false, pair.remaining(now, window), pair.firstRefusal());
    } else {
      Run byAddress = addresses.getIfPresent(address);
      if (byAddress != null && byAddress.failures() >= addressLimit) {
        r = new Refusal(true, byAddress.remaining(now, window), byAddress.firstRefusal());
      }
    }
    if (r != null) {
      refusals.incrementAndGet();
    }
    return Optional.ofNullable(r);
  }

  /** Records a failed login (a wrong user name or password). */
  void failed(String user, String address) {
    long now = nanoTime.getAsLong();
    pairs.get(new Pair(nameKey(user), address), k -> new Run(now)).fail();
    addresses.get(address, k -> new Run(now)).fail();
  }

  /** Records a successful login: the pair's failures are forgotten (not the address's). */
  void succeeded(String user, String address) {
    pairs.invalidate(new Pair(nameKey(user), address));
  }

  /** Logins refused since start. */
  long refusals() {
    return refusals.get();
  }

  /** How many pairs are tracked now, after pending evictions (for tests). */
  long trackedPairs() {
    pairs.cleanUp();
    return pairs.estimatedSize();
  }

  private static String nameKey(String user) {
    String key = user.length() > NAME_KEY_LENGTH ? user.substring(0, NAME_KEY_LENGTH) : user;
    // Case folded: an authenticator that ignores case (LDAP) must not give Admin and ADMIN a
    // count each.
    return key.toLowerCase(Locale.ROOT);
  }

  private record Pair(String user, String address) {}

  /** One run of failures: when it began, how many, and whether a refusal was logged. */
  private static final class Run {
    private final long startNanos;
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicBoolean refused = new AtomicBoolean();

    Run(long startNanos) {
      this.startNanos = startNanos;
    }

    void fail() {
      failures.incrementAndGet();
    }

    int failures() {
      return failures.get();
    }

    /** True for the run's first refusal only. */
    boolean firstRefusal() {
      return refused.compareAndSet(false, true);
    }

    Duration remaining(long nowNanos, Duration window) {
      long left = window.toNanos() - (nowNanos - startNanos);
      return Duration.ofNanos(Math.max(0, left));
    }
  }
}
