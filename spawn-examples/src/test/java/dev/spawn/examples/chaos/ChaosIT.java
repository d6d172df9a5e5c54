package dev.spawn.examples.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short chaos run (75 s by default; {@code -Dchaos.seconds=N}, {@code -Dchaos.seed=N}): three
 * child-JVM nodes, clients writing to random nodes, nodes SIGKILLed, SIGTERMed and put in
 * maintenance. Every acknowledged write must end up on every node with its exact body, and the
 * nodes must converge, except for writes the origin-crash window explains. The nodes' logs stay
 * in the temp dir when the test fails.
 */
class ChaosIT {

  @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir;

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES) // bounded: 75 s of chaos, at most 2 min to settle
  void everyAcknowledgedWriteReachesEveryNodeThroughKillsStopsAndMaintenance() throws Exception {
    ChaosSettings defaults = ChaosSettings.of(
        Duration.ofSeconds(Long.getLong("chaos.seconds", 75)), dir,
        Long.getLong("chaos.seed", 20240501L));
    ChaosSettings settings = new ChaosSettings(defaults.duration(), dir, defaults.seed(),
        defaults.writers(), defaults.writesPerSecond(), defaults.minPause(), defaults.maxPause(),
        Duration.ofMinutes(2));

    ChaosReport report = ChaosRun.run(settings);

    System.out.println(report.summary());
    assertThat(report.violations()).as("see the summary above and the logs in " + dir).isEmpty();
    assertThat(report.kills()).as("SIGKILLs").isPositive();
    assertThat(report.stops()).as("SIGTERMs").isPositive();
    assertThat(report.maintenanceRounds()).as("maintenance rounds").isPositive();
    assertThat(report.acknowledged()).as("acknowledged writes").isGreaterThan(500);
    assertThat(report.checks().ackedIds()).isPositive();
    assertThat(report.convergence().drained()).isTrue();
  }
}
