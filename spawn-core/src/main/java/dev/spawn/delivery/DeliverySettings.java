package dev.spawn.delivery;

import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * How updates are delivered to peers: back-off, timeouts, when a link counts as stuck, and batch
 * sizes. Immutable.
 *
 * @param backoffMin first retry's ceiling
 * @param backoffMax longest wait between two attempts
 * @param connectTimeout TCP/TLS connect timeout
 * @param responseTimeout how long a peer may take to answer
 * @param stuckAfter how long one update may be retried before the link reports {@code STUCK}
 * @param maxAttempts attempts before an update becomes a dead letter; 0 for unlimited
 * @param batchSize entries read from the journal at a time
 * @param sslContext for {@code https} peers; {@code null} for the JVM's default trust
 */
public record DeliverySettings(
    Duration backoffMin,
    Duration backoffMax,
    Duration connectTimeout,
    Duration responseTimeout,
    Duration stuckAfter,
    int maxAttempts,
    int batchSize,
    SSLContext sslContext) {

  /** The defaults: 100 ms .. 30 s back-off, 2 s connect, 10 s response, stuck after 5 min. */
  public static final DeliverySettings DEFAULTS =
      new DeliverySettings(
          Duration.ofMillis(100),
          Duration.ofSeconds(30),
          Duration.ofSeconds(2),
          Duration.ofSeconds(10),
          Duration.ofMinutes(5),
          0,
          256,
          null);

  public DeliverySettings {
    Objects.requireNonNull(backoffMin, "backoffMin");
    Objects.requireNonNull(backoffMax, "backoffMax");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(responseTimeout, "responseTimeout");
    Objects.requireNonNull(stuckAfter, "stuckAfter");
    if (backoffMin.isNegative() || backoffMin.isZero() || backoffMax.compareTo(backoffMin) < 0) {
      throw new IllegalArgumentException(
          "back-off must satisfy 0 < min <= max; was min=" + backoffMin + ", max=" + backoffMax);
    }
    if (maxAttempts < 0) {
      throw new IllegalArgumentException("maxAttempts was " + maxAttempts + "; expected >= 0");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize was " + batchSize + "; expected >= 1");
    }
  }
}
