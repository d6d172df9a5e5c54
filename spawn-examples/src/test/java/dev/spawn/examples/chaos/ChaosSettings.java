package dev.spawn.examples.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How long and how hard one chaos run goes. Immutable and thread-safe.
 *
 * @param duration how long clients write while nodes are broken
 * @param workDir where the nodes' data, journals, configs and logs go (kept after the run)
 * @param seed seeds the chaos schedule and the clients' choices
 * @param writers client threads writing unique ids (one more writes sequence keys)
 * @param writesPerSecond the clients' combined rate limit
 * @param minPause shortest time between two chaos actions (and before a restart)
 * @param maxPause longest time between two chaos actions
 * @param convergeTimeout how long the end may take to drain the queues
 */
record ChaosSettings(Duration duration, Path workDir, long seed, int writers,
    int writesPerSecond, Duration minPause, Duration maxPause, Duration convergeTimeout) {

  ChaosSettings {
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(workDir, "workDir");
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration must be positive, was " + duration);
    }
    if (writers < 1 || writesPerSecond < 1) {
      throw new IllegalArgumentException("writers and writesPerSecond must be at least 1, were "
          + writers + " and " + writesPerSecond);
    }
    if (minPause.compareTo(maxPause) > 0) {
      throw new IllegalArgumentException("minPause " + minPause + " is over maxPause " + maxPause);
    }
  }

  /** Three writers at 60 writes/s in all, an action every 3 to 6 s, up to 3 min to settle. */
  static ChaosSettings of(Duration duration, Path workDir, long seed) {
    return new ChaosSettings(duration, workDir, seed, 3, 60, Duration.ofSeconds(3),
        Duration.ofSeconds(6), Duration.ofMinutes(3));
  }
}
