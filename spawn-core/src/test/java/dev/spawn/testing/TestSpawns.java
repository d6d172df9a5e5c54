package dev.spawn.testing;

import dev.spawn.Spawn;
import dev.spawn.SpawnConfig;
import dev.spawn.journal.Journal;
import java.util.List;

/** Stopped {@link Spawn} instances with an in-memory journal and no nodes, for tests. */
public final class TestSpawns {

  private TestSpawns() {}

  /** No nodes, in-memory journal, not started. */
  public static Spawn inMemory() {
    return Spawn.builder(config().build()).build();
  }

  /** No nodes, the given journal, not started. */
  public static Spawn withJournal(Journal journal) {
    return Spawn.builder(config().build()).journal(journal).build();
  }

  /** No nodes, in-memory journal, nodes limited to the given nodes-allow entries. */
  public static Spawn allowing(List<String> nodesAllow) {
    return Spawn.builder(config().nodesAllow(nodesAllow).build()).build();
  }

  private static SpawnConfig.Builder config() {
    return SpawnConfig.builder().journal(j -> j.memory(true));
  }

}
