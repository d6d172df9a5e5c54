package dev.spawn.config;

import dev.spawn.internal.config.Checks;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How nodes are health-checked: the {@code health-check} section. Immutable and thread-safe; made
 * by a {@link Builder} (mutable, not thread-safe) or by the constructor, which validates.
 *
 * @param interval time between two checks of a node ({@code seconds}, default 10 s)
 * @param url path and query fetched from each node ({@code url}, default {@code /})
 * @param regexp a {@link Pattern} that must be found in the body, "" for none ({@code regexp})
 * @param timeout how long one check may take ({@code timeout-ms}, default 5 s or half the
 *     interval if shorter; shorter than the interval)
 * @param rise successes in a row that make an unhealthy node healthy ({@code rise}, default 2)
 * @param fall failures in a row that make a healthy node unhealthy ({@code fall}, default 3)
 */
public record HealthCheckConfig(
    Duration interval, String url, String regexp, Duration timeout, int rise, int fall) {

  // Declared before DEFAULT, which needs it while the class initialises.
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  /** Every ten seconds, {@code GET /}, no pattern, 5 s timeout, rise 2, fall 3. */
  public static final HealthCheckConfig DEFAULT = builder().build();

  /** Validates every value and that the timeout is shorter than the interval. */
  public HealthCheckConfig {
    Checks.duration("health-check.seconds", interval);
    checkUrl(url);
    checkRegexp(regexp);
    Checks.duration("health-check.timeout-ms", timeout);
    Checks.intRange("health-check.rise", rise, 1, 100);
    Checks.intRange("health-check.fall", fall, 1, 100);
    if (timeout.compareTo(interval) >= 0) {
      throw Checks.invalid("health-check.timeout-ms",
          "shorter than the interval health-check.seconds (" + Checks.show(interval) + ")",
          timeout);
    }
  }

  /** The compiled {@link #regexp()}, empty when none is set. Compiled on each call. */
  public Optional<Pattern> pattern() {
    return regexp.isEmpty() ? Optional.empty() : Optional.of(Pattern.compile(regexp));
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding a copy of {@code config}'s values. */
  public static Builder builder(HealthCheckConfig config) {
    Builder b = new Builder();
    b.interval = config.interval;
    b.url = config.url;
    b.regexp = config.regexp;
    // A timeout that only followed the interval keeps following it when the interval changes.
    b.timeout = config.timeout.equals(defaultTimeout(config.interval)) ? null : config.timeout;
    b.rise = config.rise;
    b.fall = config.fall;
    return b;
  }

  private static Duration defaultTimeout(Duration interval) {
    // As HealthCheck's own default: a check must end before the next one begins.
    Duration half = interval.dividedBy(2);
    return half.compareTo(DEFAULT_TIMEOUT) < 0 ? half : DEFAULT_TIMEOUT;
  }

  private static String checkUrl(String url) {
    String expected = "a path starting with '/', such as \"/health\"";
    Checks.notNull("health-check.url", url);
    try {
      if (url.startsWith("/") && new URI("http://h" + url).getRawFragment() == null) {
        return url;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw Checks.invalid("health-check.url", expected, url);
  }

  private static String checkRegexp(String regexp) {
    Checks.notNull("health-check.regexp", regexp);
    try {
      Pattern.compile(regexp);
      return regexp;
    } catch (PatternSyntaxException e) {
      throw Checks.invalid("health-check.regexp",
          "a java.util.regex pattern (" + e.getDescription() + " at index " + e.getIndex() + ")",
          regexp);
    }
  }

  /** Collects health-check settings; each setter validates at once. Mutable, not thread-safe. */
  public static final class Builder {
    private Duration interval = Duration.ofSeconds(10);
    private String url = "/";
    private String regexp = "";
    private Duration timeout;
    private int rise = 2;
    private int fall = 3;

    private Builder() {}

    /** Time between two checks of a node ({@code health-check.seconds}). */
    public Builder interval(Duration interval) {
      this.interval = Checks.duration("health-check.seconds", interval);
      return this;
    }

    /** Path and query to fetch, starting with {@code /} ({@code health-check.url}). */
    public Builder url(String url) {
      this.url = checkUrl(url);
      return this;
    }

    /** Pattern to find in the body, "" for none ({@code health-check.regexp}). */
    public Builder regexp(String regexp) {
      this.regexp = checkRegexp(regexp);
      return this;
    }

    /** How long one check may take ({@code health-check.timeout-ms}). */
    public Builder timeout(Duration timeout) {
      this.timeout = Checks.duration("health-check.timeout-ms", timeout);
      return this;
    }

    /** Successes in a row that make a node healthy, 1..100 ({@code health-check.rise}). */
    public Builder rise(int rise) {
      this.rise = Checks.intRange("health-check.rise", rise, 1, 100);
      return this;
    }

    /** Failures in a row that make a node unhealthy, 1..100 ({@code health-check.fall}). */
    public Builder fall(int fall) {
      this.fall = Checks.intRange("health-check.fall", fall, 1, 100);
      return this;
    }

    /** The settings; the timeout must be shorter than the interval. */
    public HealthCheckConfig build() {
      return new HealthCheckConfig(
          interval, url, regexp, timeout == null ? defaultTimeout(interval) : timeout, rise, fall);
    }
  }
}
