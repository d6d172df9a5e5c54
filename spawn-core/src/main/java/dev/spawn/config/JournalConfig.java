package dev.spawn.config;

import dev.spawn.internal.config.Checks;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Where and how updates are journaled: the {@code journal} section. Immutable and thread-safe;
 * made by a {@link Builder} (mutable, not thread-safe) or by the constructor, which validates.
 *
 * <p>The lag limits say how far one peer may fall behind before it is detached as {@code
 * needs-resync}; they default to the caps and may not exceed them, so a maintenance window never
 * costs a resync unless the whole journal would be full.
 *
 * @param path the SQLite file ({@code path}, default {@code spawn-journal.db} in the working
 *     directory); unused when {@code memory}
 * @param sync how hard a commit is synced ({@code sync}, default {@code full})
 * @param maxEntries cap on entries held ({@code max-entries}, default 10,000,000)
 * @param maxBytes cap on payload bytes held ({@code max-bytes}, default 1 GiB)
 * @param lagLimitEntries entries one peer may have waiting ({@code lag-limit.entries}, default
 *     and maximum {@code max-entries})
 * @param lagLimitBytes bytes one peer may have waiting ({@code lag-limit.bytes}, default and
 *     maximum {@code max-bytes})
 * @param lagLimitAge age of a peer's oldest waiting entry ({@code lag-limit.age-seconds},
 *     default 24 h)
 * @param memory keep the journal in memory, giving up durability ({@code memory}, default false)
 */
public record JournalConfig(
    Path path, Sync sync, long maxEntries, long maxBytes, long lagLimitEntries,
    long lagLimitBytes, Duration lagLimitAge, boolean memory) {

  /** Most entries any cap accepts. */
  public static final long MAX_ENTRIES = 1_000_000_000_000L;
  /** Most bytes any cap accepts (1 PiB). */
  public static final long MAX_BYTES = 1L << 50;

  /** The defaults: a durable SQLite file synced fully. */
  public static final JournalConfig DEFAULT = builder().build();

  /** How hard a commit is synced to disk. */
  public enum Sync {
    /** Survives power loss and OS crashes ({@code full}). */
    FULL,
    /** Survives a crash of the process; the last commits may be lost on power loss. */
    NORMAL
  }

  /** Validates every value and that the lag limits do not exceed the caps. */
  public JournalConfig {
    Checks.notNull("journal.path", path);
    Checks.notNull("journal.sync", sync);
    Checks.range("journal.max-entries", maxEntries, 1, MAX_ENTRIES);
    Checks.range("journal.max-bytes", maxBytes, 1, MAX_BYTES);
    Checks.range("journal.lag-limit.entries", lagLimitEntries, 1, MAX_ENTRIES);
    Checks.range("journal.lag-limit.bytes", lagLimitBytes, 1, MAX_BYTES);
    if (lagLimitEntries > maxEntries) {
      throw Checks.invalid("journal.lag-limit.entries",
          "at most journal.max-entries (" + maxEntries + "); raise the cap or lower the limit",
          lagLimitEntries);
    }
    if (lagLimitBytes > maxBytes) {
      throw Checks.invalid("journal.lag-limit.bytes",
          "at most journal.max-bytes (" + maxBytes + "); raise the cap or lower the limit",
          lagLimitBytes);
    }
    Checks.duration("journal.lag-limit.age-seconds", lagLimitAge);
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding a copy of {@code config}'s values. */
  public static Builder builder(JournalConfig config) {
    Builder b = new Builder();
    b.path = config.path;
    b.sync = config.sync;
    b.maxEntries = config.maxEntries;
    b.maxBytes = config.maxBytes;
    // A limit equal to its cap follows the cap, so lowering the cap later still builds.
    b.lagLimitEntries = config.lagLimitEntries == config.maxEntries ? null : config.lagLimitEntries;
    b.lagLimitBytes = config.lagLimitBytes == config.maxBytes ? null : config.lagLimitBytes;
    b.lagLimitAge = config.lagLimitAge;
    b.memory = config.memory;
    return b;
  }

  /** Collects journal settings; each setter validates at once. Mutable, not thread-safe. */
  public static final class Builder {
    private Path path = Path.of("spawn-journal.db");
    private Sync sync = Sync.FULL;
    private long maxEntries = 10_000_000;
    private long maxBytes = 1L << 30;
    private Long lagLimitEntries;
    private Long lagLimitBytes;
    private Duration lagLimitAge = Duration.ofHours(24);
    private boolean memory;

    private Builder() {}

    /** The SQLite file ({@code journal.path}). */
    public Builder path(Path path) {
      this.path = Checks.notNull("journal.path", path);
      return this;
    }

    /** How hard a commit is synced ({@code journal.sync}). */
    public Builder sync(Sync sync) {
      this.sync = Checks.notNull("journal.sync", sync);
      return this;
    }

    /** Cap on entries held ({@code journal.max-entries}). */
    public Builder maxEntries(long maxEntries) {
      this.maxEntries = Checks.range("journal.max-entries", maxEntries, 1, MAX_ENTRIES);
      return this;
    }

    /** Cap on payload bytes held ({@code journal.max-bytes}). */
    public Builder maxBytes(long maxBytes) {
      this.maxBytes = Checks.range("journal.max-bytes", maxBytes, 1, MAX_BYTES);
      return this;
    }

    /** Entries one peer may have waiting; at most the cap ({@code journal.lag-limit.entries}). */
    public Builder lagLimitEntries(long entries) {
      this.lagLimitEntries = Checks.range("journal.lag-limit.entries", entries, 1, MAX_ENTRIES);
      return this;
    }

    /** Bytes one peer may have waiting; at most the cap ({@code journal.lag-limit.bytes}). */
    public Builder lagLimitBytes(long bytes) {
      this.lagLimitBytes = Checks.range("journal.lag-limit.bytes", bytes, 1, MAX_BYTES);
      return this;
    }

    /** Age of a peer's oldest waiting entry ({@code journal.lag-limit.age-seconds}). */
    public Builder lagLimitAge(Duration age) {
      this.lagLimitAge = Checks.duration("journal.lag-limit.age-seconds", age);
      return this;
    }

    /** Keep the journal in memory, giving up durability ({@code journal.memory}). */
    public Builder memory(boolean memory) {
      this.memory = memory;
      return this;
    }

    /** The settings; an explicit lag limit above its cap is an error. */
    public JournalConfig build() {
      return new JournalConfig(path, sync, maxEntries, maxBytes,
          lagLimitEntries == null ? maxEntries : lagLimitEntries,
          lagLimitBytes == null ? maxBytes : lagLimitBytes, lagLimitAge, memory);
    }
  }
}
