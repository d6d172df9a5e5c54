package dev.spawn.config;

/**
 * How reads are spread over the nodes: the {@code query-mode} section, as in the Go service.
 * Immutable and thread-safe.
 *
 * @param roundRobin rotate reads over the eligible nodes ({@code round-robin}, default false)
 * @param byPriority prefer nodes in priority order ({@code by-priority}, default false); with
 *     round-robin, the ring follows priority order
 */
public record QueryMode(boolean roundRobin, boolean byPriority) {

  /** Neither round-robin nor by priority. */
  public static final QueryMode DEFAULT = new QueryMode(false, false);
}
