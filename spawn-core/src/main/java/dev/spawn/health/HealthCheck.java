package dev.spawn.health;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The settings of the health checks: how often, which path, what counts as healthy, and how many
 * results in a row change a node's state. Made with {@link #builder()} or {@link #defaults()};
 * immutable and thread-safe.
 *
 * <p>A check is {@code GET scheme://host:port} + {@link #path()}. It succeeds on a 2xx answer
 * whose body, when a {@link #pattern()} is set, contains a match of the pattern within its first
 * {@link #maxBodyBytes()} bytes. Redirects are not followed (a redirect is usually a login page,
 * not a healthy node). Each check opens a new connection, so a node that stopped accepting
 * connections is noticed even while an old one still works. A node becomes unhealthy after {@link #fall()} failed checks in a row and
 * healthy again after {@link #rise()} successful ones, so one lost packet does not flap it.
 */
public final class HealthCheck {

  /** How often each node is checked unless set: 10 s, as in the Go service. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
  /** The path checked unless set. */
  public static final String DEFAULT_PATH = "/";
  /** The longest a check may take unless set, when the interval allows (see {@link #timeout()}). */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
  /** Successful checks in a row that make an unhealthy node healthy unless set. */
  public static final int DEFAULT_RISE = 2;
  /** Failed checks in a row that make a healthy node unhealthy unless set. */
  public static final int DEFAULT_FALL = 3;
  /** How much of the body is searched for the pattern unless set: 64 KiB. */
  public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;
  /** The shortest interval accepted. */
  public static final Duration MIN_INTERVAL = Duration.ofMillis(10);
  /** The shortest timeout accepted (HttpClient counts whole milliseconds; 0 would mean none). */
  public static final Duration MIN_TIMEOUT = Duration.ofMillis(1);
  /** The largest {@link #maxBodyBytes()} accepted: 16 MiB. */
  public static final int MAX_BODY_BYTES_LIMIT = 16 * 1024 * 1024;

  private static final HealthCheck DEFAULTS = builder().build();

  private final Duration interval;
  private final String path;
  private final Pattern pattern;
  private final Duration timeout;
  private final Duration explicitTimeout; // null when defaulted, so toBuilder() keeps following
  private final int rise;
  private final int fall;
  private final int maxBodyBytes;

  private HealthCheck(Builder b) {
    this.interval = b.interval;
    this.path = b.path;
    this.pattern = b.pattern;
    this.explicitTimeout = b.timeout;
    this.timeout = b.timeout != null ? b.timeout : defaultTimeout(b.interval);
    this.rise = b.rise;
    this.fall = b.fall;
    this.maxBodyBytes = b.maxBodyBytes;
    if (timeout.compareTo(interval) >= 0) {
      throw new IllegalArgumentException(
          "timeout was " + timeout + " with an interval of " + interval + "; the timeout must be"
              + " shorter than the interval so that one check ends before the next begins");
    }
  }

  // Unset, the timeout is 5 s or half the interval, whichever is shorter.
  private static Duration defaultTimeout(Duration interval) {
    Duration half = interval.dividedBy(2);
    return half.compareTo(DEFAULT_TIMEOUT) < 0 ? half : DEFAULT_TIMEOUT;
  }

  /** The default settings: every 10 s, {@code GET /}, no pattern, 5 s timeout, rise 2, fall 3. */
  public static HealthCheck defaults() {
    return DEFAULTS;
  }

  /** A builder with the default settings. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts from these settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.interval = interval;
    b.path = path;
    b.pattern = pattern;
    b.timeout = explicitTimeout;
    b.rise = rise;
    b.fall = fall;
    b.maxBodyBytes = maxBodyBytes;
    return b;
  }

  /** Time between the end of one check of a node and the start of the next. */
  public Duration interval() {
    return interval;
  }

  /** The path (with an optional query) appended to the node's base URI. */
  public String path() {
    return path;
  }

  /** The pattern a healthy body must contain, if any. */
  public Optional<Pattern> pattern() {
    return Optional.ofNullable(pattern);
  }

  /**
   * The longest one check may take: connecting, waiting for the answer and reading the body.
   * Always shorter than the interval; when not set, it is 5 s or half the interval, whichever is
   * shorter.
   */
  public Duration timeout() {
    return timeout;
  }

  /** Successful checks in a row that make an unhealthy node healthy. */
  public int rise() {
    return rise;
  }

  /** Failed checks in a row that make a healthy node unhealthy. */
  public int fall() {
    return fall;
  }

  /** How many bytes of the body are read and searched for the pattern, at most. */
  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HealthCheck h
        && interval.equals(h.interval)
        && path.equals(h.path)
        && Objects.equals(patternKey(), h.patternKey())
        && timeout.equals(h.timeout)
        && rise == h.rise
        && fall == h.fall
        && maxBodyBytes == h.maxBodyBytes;
  }

  @Override
  public int hashCode() {
    return Objects.hash(interval, path, patternKey(), timeout, rise, fall, maxBodyBytes);
  }

  // Pattern has no equals(); its source and flags say what it matches.
  private String patternKey() {
    return pattern == null ? null : pattern.flags() + "/" + pattern.pattern();
  }

  @Override
  public String toString() {
    return "HealthCheck{interval=" + interval + ", path=" + path + ", pattern="
        + (pattern == null ? "none" : pattern.pattern()) + ", timeout=" + timeout + ", rise="
        + rise + ", fall=" + fall + ", maxBodyBytes=" + maxBodyBytes + "}";
  }

  /**
   * Builds {@link HealthCheck} settings; every setter checks its value at once. Not thread-safe.
   */
  public static final class Builder {
    private Duration interval = DEFAULT_INTERVAL;
    private String path = DEFAULT_PATH;
    private Pattern pattern;
    private Duration timeout;
    private int rise = DEFAULT_RISE;
    private int fall = DEFAULT_FALL;
    private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;

    private Builder() {}

    /** How often each node is checked; at least 10 ms. */
    public Builder interval(Duration interval) {
      this.interval = atLeast("interval", interval, MIN_INTERVAL);
      return this;
    }

    /** The path to GET, such as {@code /health} or {@code /status?full=1}; starts with '/'. */
    public Builder path(String path) {
      Objects.requireNonNull(path, "path");
      String problem = null;
      if (!path.startsWith("/") || path.startsWith("//")) {
        problem = "expected an absolute path such as /health";
      } else {
        try {
          URI uri = new URI("http://host" + path);
          if (uri.getRawFragment() != null) {
            problem = "a fragment (#...) is never sent to the server";
          }
        } catch (URISyntaxException e) {
          problem = "not a valid URI path: " + e.getReason() + "; percent-encode special characters";
        }
      }
      if (problem != null) {
        throw new IllegalArgumentException("path was '" + path + "'; " + problem);
      }
      this.path = path;
      return this;
    }

    /**
     * The regular expression a healthy body must contain (searched, not matched whole). An empty
     * string means no pattern, as in the Go service's config.
     */
    public Builder pattern(String regex) {
      Objects.requireNonNull(regex, "pattern");
      if (regex.isEmpty()) {
        this.pattern = null;
        return this;
      }
      try {
        return pattern(Pattern.compile(regex));
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            "pattern was '" + regex + "'; not a valid regular expression: " + e.getDescription()
                + " near index " + e.getIndex(),
            e);
      }
    }

    /** The compiled pattern a healthy body must contain. */
    public Builder pattern(Pattern pattern) {
      this.pattern = Objects.requireNonNull(pattern, "pattern");
      return this;
    }

    /** No pattern: any 2xx answer is healthy (the default). */
    public Builder noPattern() {
      this.pattern = null;
      return this;
    }

    /** The longest one check may take; at least 1 ms and shorter than the interval. */
    public Builder timeout(Duration timeout) {
      this.timeout = atLeast("timeout", timeout, MIN_TIMEOUT);
      return this;
    }

    /** Successful checks in a row that make an unhealthy node healthy; at least 1. */
    public Builder rise(int rise) {
      this.rise = atLeastOne("rise", rise);
      return this;
    }

    /** Failed checks in a row that make a healthy node unhealthy; at least 1. */
    public Builder fall(int fall) {
      this.fall = atLeastOne("fall", fall);
      return this;
    }

    /** How much of the body is searched for the pattern; 1 byte .. 16 MiB. */
    public Builder maxBodyBytes(int maxBodyBytes) {
      if (maxBodyBytes < 1 || maxBodyBytes > MAX_BODY_BYTES_LIMIT) {
        throw new IllegalArgumentException(
            "maxBodyBytes was " + maxBodyBytes + "; expected 1.." + MAX_BODY_BYTES_LIMIT);
      }
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    /**
     * The settings.
     *
     * @throws IllegalArgumentException when a timeout was set that is not shorter than the interval
     */
    public HealthCheck build() {
      return new HealthCheck(this);
    }

    private static Duration atLeast(String field, Duration value, Duration min) {
      Objects.requireNonNull(value, field);
      if (value.compareTo(min) < 0) {
        throw new IllegalArgumentException(
            field + " was " + value + "; expected at least " + min.toMillis() + " ms");
      }
      return value;
    }

    private static int atLeastOne(String field, int value) {
      if (value < 1) {
        throw new IllegalArgumentException(field + " was " + value + "; expected at least 1");
      }
      return value;
    }
  }
}
