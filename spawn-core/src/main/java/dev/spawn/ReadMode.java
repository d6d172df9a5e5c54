package dev.spawn;

/**
 * How a {@link ReadRouter} spreads reads over the eligible nodes: the Go service's {@code
 * query-mode.round-robin} and {@code query-mode.by-priority} switches, plus {@code priority-tiers}.
 * Immutable and thread-safe.
 *
 * <ul>
 *   <li>{@code roundRobin}: each read goes to the next eligible node in ring order. Ring order is
 *       always priority order here (the registry keeps no other), so {@link #ROUND_ROBIN} and
 *       {@link #ROUND_ROBIN_BY_PRIORITY} behave alike; both exist to map the Go settings one to
 *       one.
 *   <li>{@code byPriority} alone (or neither switch): every read goes to the first eligible node
 *       in priority order; the others are fail-overs.
 *   <li>{@code priorityTiers} (needs {@code roundRobin}): the rotation stays among the nodes of the
 *       best priority that has an eligible node, so lower tiers serve only when it has none.
 * </ul>
 *
 * @param roundRobin rotate reads over the eligible nodes
 * @param byPriority prefer nodes in priority order
 * @param priorityTiers with round-robin, rotate within the best priority that has an eligible node
 */
public record ReadMode(boolean roundRobin, boolean byPriority, boolean priorityTiers) {

  /** Rotate over every eligible node. */
  public static final ReadMode ROUND_ROBIN = new ReadMode(true, false, false);
  /** Always the first eligible node in priority order. */
  public static final ReadMode BY_PRIORITY = new ReadMode(false, true, false);
  /** Rotate over every eligible node in priority order (the Go service with both switches on). */
  public static final ReadMode ROUND_ROBIN_BY_PRIORITY = new ReadMode(true, true, false);

  /** Checks that priority tiers come with round-robin. */
  public ReadMode {
    if (priorityTiers && !roundRobin) {
      throw new IllegalArgumentException(
          "priorityTiers was true without roundRobin; tiers only narrow a round-robin rotation,"
              + " so turn roundRobin on too, or use byPriority alone");
    }
  }

  /** The mode of the Go service's two switches, without priority tiers. */
  public static ReadMode of(boolean roundRobin, boolean byPriority) {
    return new ReadMode(roundRobin, byPriority, false);
  }

  /** This mode with priority tiers on or off. */
  public ReadMode withPriorityTiers(boolean tiers) {
    return new ReadMode(roundRobin, byPriority, tiers);
  }
}
