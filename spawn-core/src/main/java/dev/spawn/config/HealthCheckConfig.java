package dev.spawn.config;

import dev.spawn.internal.config.Checks;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How nodes are health-checked: the {@code health-check} section, and the settings a {@link
 * dev.spawn.health.HealthChecker} runs with. Immutable and thread-safe; made by a {@link Builder}
 * (mutable, not thread-safe) or by the constructor, which validates.
 *
 * <p>A check is {@code GET scheme://host:port} + {@link #url()}. It succeeds on a 2xx answer whose
 * body, when a {@link #regexp()} is set, contains a match of the pattern within its first 64 KiB.
 * Redirects are not followed (a redirect is usually a login page, not a healthy node). Each check
 * opens a new connection, so a node that stopped accepting connections is noticed even while an
 * old one still works. A node becomes unhealthy after {@link #fall()} failed checks in a row and
 * healthy again after {@link #rise()} successful ones, so one lost packet does not flap it.
 *
 * @param interval time between the end of one check of a node and the start of the next ({@code
 *     seconds}, default 10 s, at least 10 ms)
 * @param url path and query fetched from each node ({@code url}, default {@code /})
 * @param regexp a {@link Pattern} that must be found in the body, "" for none ({@code regexp})
 * @param timeout how long one check may take ({@code timeout-ms}, default 5 s or half the
 *     interval if shorter; shorter than the interval)
 * @param rise successes in a row that make an unhealthy node healthy ({@code rise}, default 2)
 * @param fall failures in a row that make a healthy node unhealthy ({@code fall}, default 3)
 */
public record HealthCheckConfig(
    Duration interval, String url, String regexp, Duration timeout, int rise, int fall) {

  // Declared before DEFAULT, which needs them while the class initialises.
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
  // Shorter intervals would turn the checks into a busy loop.
  private static final Duration MIN_INTERVAL = Duration.ofMillis(10);

  /** Every ten seconds, {@code GET /}, no pattern, 5 s timeout, rise 2, fall 3. */
  public static final HealthCheckConfig DEFAULT = builder().build();

  /** Validates every value and that the timeout is shorter than the interval. */
  public HealthCheckConfig {
    checkInterval(interval);
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

  /**
   * The compiled {@link #regexp()}, empty when none is set. Compiled on each call; the checker
   * compiles it once.
   */
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

  // Unset, the timeout is 5 s or half the interval, whichever is shorter: a check must end before
  // the next one begins.
  private static Duration defaultTimeout(Duration interval) {
    Duration half = interval.dividedBy(2);
    return half.compareTo(DEFAULT_TIMEOUT) < 0 ? half : DEFAULT_TIMEOUT;
  }

  private static Duration checkInterval(Duration interval) {
    Checks.notNull("health-check.seconds", interval);
    if (interval.compareTo(MIN_INTERVAL) < 0 || interval.compareTo(Checks.MAX_DURATION) > 0) {
      throw Checks.invalid("health-check.seconds", "a duration of 10 ms .. 365 days", interval);
    }
    return interval;
  }

  private static String checkUrl(String url) {
    String expected = "a path starting with '/', such as \"/health\"";
    Checks.notNull("health-check.url", url);
    if (url.startsWith("//")) {
      // "//host/..." would name another host, not a path on the node.
      throw Checks.invalid("health-check.url", expected + ", not \"//\"", url);
    }
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

    /** Time between two checks of a node, at least 10 ms ({@code health-check.seconds}). */
    public Builder interval(Duration interval) {
      this.interval = checkInterval(interval);
      return this;
    }

    /**
     * Path and query to fetch, such as {@code /health} or {@code /status?full=1}; starts with a
     * single {@code /} and has no fragment ({@code health-check.url}).
     */
    public Builder url(String url) {
      this.url = checkUrl(url);
      return this;
    }

    /**
     * A {@code java.util.regex} pattern a healthy body must contain (searched, not matched whole),
     * "" for none ({@code health-check.regexp}).
     */
    public Builder regexp(String regexp) {
      this.regexp = checkRegexp(regexp);
      return this;
    }

    /**
     * The longest one check may take: connecting, waiting for the answer and reading the body;
     * shorter than the interval. Unless set, 5 s or half the interval, whichever is shorter
     * ({@code health-check.timeout-ms}).
     */
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
