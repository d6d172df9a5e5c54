package dev.spawn.config;

import dev.spawn.SpawnConfigException;
import dev.spawn.internal.config.Checks;
import java.nio.file.Path;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.time.Duration;
import java.util.Optional;

/**
 * How updates are sent to peers: the {@code delivery} section. Immutable and thread-safe; made by
 * a {@link Builder} (mutable, not thread-safe) or by the constructor, which validates. {@link
 * #toString()} never shows the trust store password.
 *
 * @param backoffMin first retry delay ({@code backoff-min-ms}, default 100 ms)
 * @param backoffMax longest retry delay ({@code backoff-max-ms}, default 30 s)
 * @param connectTimeout ({@code connect-timeout-ms}, default 2 s)
 * @param responseTimeout how long a peer may take to answer ({@code response-timeout-ms}, default
 *     10 s, the Go service's)
 * @param stuckAfter time on one update after which its link reports {@code stuck} ({@code
 *     stuck-after-seconds}, default 5 min)
 * @param maxAttempts attempts before an update becomes a dead letter, 0 for unlimited ({@code
 *     max-attempts}, default 0)
 * @param batchSize entries read from the journal at a time ({@code batch-size}, default 256)
 * @param trustStore trust store for {@code https} peers ({@code trust-store}, default the JVM's)
 * @param trustStorePassword its password ({@code trust-store-password}, optional)
 * @param trustStoreType its type ({@code trust-store-type}, default {@code PKCS12})
 */
public record DeliveryConfig(
    Duration backoffMin, Duration backoffMax, Duration connectTimeout, Duration responseTimeout,
    Duration stuckAfter, int maxAttempts, int batchSize, Optional<Path> trustStore,
    Optional<String> trustStorePassword, String trustStoreType) {

  /** The defaults. */
  public static final DeliveryConfig DEFAULT = builder().build();

  /** Validates every value, that back-off min is at most max, and the trust store settings. */
  public DeliveryConfig {
    Checks.duration("delivery.backoff-min-ms", backoffMin);
    Checks.duration("delivery.backoff-max-ms", backoffMax);
    Checks.duration("delivery.connect-timeout-ms", connectTimeout);
    Checks.duration("delivery.response-timeout-ms", responseTimeout);
    Checks.duration("delivery.stuck-after-seconds", stuckAfter);
    Checks.intRange("delivery.max-attempts", maxAttempts, 0, 1_000_000);
    Checks.intRange("delivery.batch-size", batchSize, 1, 100_000);
    Checks.notNull("delivery.trust-store", trustStore);
    Checks.notNull("delivery.trust-store-password", trustStorePassword);
    checkType(trustStoreType);
    if (backoffMin.compareTo(backoffMax) > 0) {
      throw Checks.invalid("delivery.backoff-min-ms",
          "at most delivery.backoff-max-ms (" + Checks.show(backoffMax) + ")", backoffMin);
    }
    if (trustStorePassword.isPresent() && trustStore.isEmpty()) {
      throw new SpawnConfigException("delivery.trust-store-password",
          "'delivery.trust-store-password' is set but 'delivery.trust-store' is not; set both");
    }
  }

  /**
   * An SSL context trusting the configured trust store, empty when none is configured (the JVM's
   * default trust then applies). Loaded anew on each call.
   *
   * @throws dev.spawn.SpawnConfigException when the store cannot be read
   */
  public Optional<SSLContext> sslContext() {
    if (trustStore.isEmpty()) {
      return Optional.empty();
    }
    Path file = trustStore.get();
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore ks = KeyStore.getInstance(trustStoreType);
      ks.load(in, trustStorePassword.map(String::toCharArray).orElse(null));
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return Optional.of(ctx);
    } catch (Exception e) {
      throw new dev.spawn.SpawnConfigException("delivery.trust-store",
          "could not load trust store " + file + " (type " + trustStoreType + "): " + e);
    }
  }

  @Override
  public String toString() {
    return "DeliveryConfig[backoffMin=" + backoffMin + ", backoffMax=" + backoffMax
        + ", connectTimeout=" + connectTimeout + ", responseTimeout=" + responseTimeout
        + ", stuckAfter=" + stuckAfter + ", maxAttempts=" + maxAttempts + ", batchSize="
        + batchSize + ", trustStore=" + trustStore.map(Path::toString).orElse("none")
        + ", trustStorePassword=" + (trustStorePassword.isPresent() ? "***" : "none")
        + ", trustStoreType=" + trustStoreType + "]";
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding a copy of {@code config}'s values. */
  public static Builder builder(DeliveryConfig c) {
    Builder b = new Builder();
    b.backoffMin = c.backoffMin;
    b.backoffMax = c.backoffMax;
    b.connectTimeout = c.connectTimeout;
    b.responseTimeout = c.responseTimeout;
    b.stuckAfter = c.stuckAfter;
    b.maxAttempts = c.maxAttempts;
    b.batchSize = c.batchSize;
    b.trustStore = c.trustStore.orElse(null);
    b.trustStorePassword = c.trustStorePassword.orElse(null);
    b.trustStoreType = c.trustStoreType;
    return b;
  }

  private static String checkType(String type) {
    Checks.nonBlank("delivery.trust-store-type", type);
    try {
      KeyStore.getInstance(type);
      return type;
    } catch (KeyStoreException e) {
      throw Checks.invalid("delivery.trust-store-type",
          "a key store type this JVM knows, such as \"PKCS12\" or \"JKS\"", type);
    }
  }

  /** Collects delivery settings; each setter validates at once. Mutable, not thread-safe. */
  public static final class Builder {
    private Duration backoffMin = Duration.ofMillis(100);
    private Duration backoffMax = Duration.ofSeconds(30);
    private Duration connectTimeout = Duration.ofSeconds(2);
    private Duration responseTimeout = Duration.ofSeconds(10);
    private Duration stuckAfter = Duration.ofMinutes(5);
    private int maxAttempts;
    private int batchSize = 256;
    private Path trustStore;
    private String trustStorePassword;
    private String trustStoreType = "PKCS12";

    private Builder() {}

    /** First retry delay ({@code delivery.backoff-min-ms}). */
    public Builder backoffMin(Duration delay) {
      this.backoffMin = Checks.duration("delivery.backoff-min-ms", delay);
      return this;
    }

    /** Longest retry delay ({@code delivery.backoff-max-ms}). */
    public Builder backoffMax(Duration delay) {
      this.backoffMax = Checks.duration("delivery.backoff-max-ms", delay);
      return this;
    }

    /** Connect timeout ({@code delivery.connect-timeout-ms}). */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Checks.duration("delivery.connect-timeout-ms", timeout);
      return this;
    }

    /** How long a peer may take to answer ({@code delivery.response-timeout-ms}). */
    public Builder responseTimeout(Duration timeout) {
      this.responseTimeout = Checks.duration("delivery.response-timeout-ms", timeout);
      return this;
    }

    /** Time on one update before the link reports stuck ({@code delivery.stuck-after-seconds}). */
    public Builder stuckAfter(Duration time) {
      this.stuckAfter = Checks.duration("delivery.stuck-after-seconds", time);
      return this;
    }

    /** Attempts before a dead letter, 0 for unlimited ({@code delivery.max-attempts}). */
    public Builder maxAttempts(int attempts) {
      this.maxAttempts = Checks.intRange("delivery.max-attempts", attempts, 0, 1_000_000);
      return this;
    }

    /** Entries read from the journal at a time, 1..100000 ({@code delivery.batch-size}). */
    public Builder batchSize(int entries) {
      this.batchSize = Checks.intRange("delivery.batch-size", entries, 1, 100_000);
      return this;
    }

    /** A readable trust store file, {@code null} for the JVM's ({@code delivery.trust-store}). */
    public Builder trustStore(Path file) {
      this.trustStore = file == null ? null : Checks.readableFile("delivery.trust-store", file);
      return this;
    }

    /** The trust store's password, {@code null} for none. */
    public Builder trustStorePassword(String password) {
      this.trustStorePassword = password;
      return this;
    }

    /** The trust store's type ({@code delivery.trust-store-type}). */
    public Builder trustStoreType(String type) {
      this.trustStoreType = checkType(type);
      return this;
    }

    /** The settings; back-off min must not exceed max. */
    public DeliveryConfig build() {
      return new DeliveryConfig(backoffMin, backoffMax, connectTimeout, responseTimeout,
          stuckAfter, maxAttempts, batchSize, Optional.ofNullable(trustStore),
          Optional.ofNullable(trustStorePassword), trustStoreType);
    }
  }
}
