package dev.spawn.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command: the demo runs to the end and reports success. */
class SpawnDemoIT {

  @TempDir Path dir;

  @Test
  void theDemoConvergesThroughMaintenanceAndCatchUp() throws Exception {
    assertThat(SpawnDemo.run(dir)).isZero();
  }
}
