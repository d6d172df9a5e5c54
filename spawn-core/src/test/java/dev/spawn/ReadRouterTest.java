package dev.spawn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ReadRouterTest {

  private final NodeRegistry registry = new NodeRegistry();
  private final Set<String> unhealthy = ConcurrentHashMap.newKeySet();
  private final Map<String, Long> backlog = new ConcurrentHashMap<>();

  private static final Node A = Node.of("a", 1).withPriority(1);
  private static final Node B = Node.of("b", 1).withPriority(1);
  private static final Node C = Node.of("c", 1).withPriority(2);
  private static final Node D = Node.of("d", 1).withPriority(0);

  ReadRouterTest() {
    registry.putAll(List.of(D, C, B, A)); // priority order: a, b (1), c (2), d (0)
  }

  private ReadRouter router(ReadMode mode) {
    return ReadRouter.builder(registry)
        .health(id -> !unhealthy.contains(id))
        .backlog(id -> backlog.getOrDefault(id, 0L))
        .mode(mode)
        .build();
  }

  private static List<String> ids(List<Node> nodes) {
    return nodes.stream().map(Node::id).toList();
  }

  private static List<String> calls(Supplier<Optional<Node>> next, int times) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      ids.add(next.get().map(Node::id).orElse("none"));
    }
    return ids;
  }

  @Test
  void noNodesMeansNoTarget() {
    ReadRouter router = ReadRouter.builder(new NodeRegistry()).build();
    assertThat(router.next()).isEmpty();
    assertThat(router.failoverOrder()).isEmpty();
    assertThat(router.eligible()).isEmpty();
  }

  @Test
  void byPriorityAlwaysPicksTheFirstEligibleNode() {
    ReadRouter router = router(ReadMode.BY_PRIORITY);
    assertThat(calls(router::next, 3)).containsExactly("a:1", "a:1", "a:1");
    assertThat(ids(router.failoverOrder())).containsExactly("a:1", "b:1", "c:1", "d:1");
    unhealthy.add("a:1");
    assertThat(calls(router::next, 2)).containsExactly("b:1", "b:1");
    assertThat(ids(router.failoverOrder())).containsExactly("b:1", "c:1", "d:1");
  }

  @Test
  void neitherSwitchBehavesAsByPriority() {
    ReadRouter router = router(ReadMode.of(false, false));
    assertThat(calls(router::next, 3)).containsExactly("a:1", "a:1", "a:1");
  }

  @Test
  void roundRobinRotatesThroughEligibleNodesInPriorityOrder() {
    for (ReadMode mode : List.of(ReadMode.ROUND_ROBIN, ReadMode.ROUND_ROBIN_BY_PRIORITY)) {
      ReadRouter router = router(mode);
      assertThat(calls(router::next, 6))
          .as("%s", mode)
          .containsExactly("a:1", "b:1", "c:1", "d:1", "a:1", "b:1");
    }
  }

  @Test
  void roundRobinSkipsNodesThatAreNotEligible() {
    ReadRouter router = router(ReadMode.ROUND_ROBIN);
    registry.put(B.withMaintenance(true));
    unhealthy.add("d:1");
    assertThat(calls(router::next, 4)).containsExactly("a:1", "c:1", "a:1", "c:1");
  }

  @Test
  void roundRobinIsFairOverManyCalls() {
    ReadRouter router = router(ReadMode.ROUND_ROBIN);
    registry.put(D.withActive(false));
    Map<String, Integer> counts = new TreeMap<>();
    for (int i = 0; i < 3000; i++) {
      counts.merge(router.next().orElseThrow().id(), 1, Integer::sum);
    }
    assertThat(counts).isEqualTo(Map.of("a:1", 1000, "b:1", 1000, "c:1", 1000));
  }

  @Test
  void roundRobinFailoverContinuesTheRotation() {
    ReadRouter router = router(ReadMode.ROUND_ROBIN);
    assertThat(ids(router.failoverOrder())).containsExactly("a:1", "b:1", "c:1", "d:1");
    assertThat(ids(router.failoverOrder())).containsExactly("b:1", "c:1", "d:1", "a:1");
    assertThat(router.next().map(Node::id)).contains("c:1");
  }

  @Test
  void priorityTiersRotateWithinTheBestTierThatHasAnEligibleNode() {
    ReadRouter router = router(ReadMode.ROUND_ROBIN.withPriorityTiers(true));
    assertThat(calls(router::next, 4)).containsExactly("a:1", "b:1", "a:1", "b:1");
    assertThat(ids(router.failoverOrder())).containsExactly("a:1", "b:1", "c:1", "d:1");
    assertThat(ids(router.failoverOrder())).containsExactly("b:1", "a:1", "c:1", "d:1");

    unhealthy.add("a:1");
    assertThat(calls(router::next, 2)).containsExactly("b:1", "b:1");
    unhealthy.add("b:1");
    assertThat(calls(router::next, 2)).containsExactly("c:1", "c:1");
    registry.put(C.withMaintenance(true));
    assertThat(calls(router::next, 2)).containsExactly("d:1", "d:1");
    registry.put(D.withActive(false));
    assertThat(router.next()).isEmpty();
    assertThat(router.failoverOrder()).isEmpty();
  }

  @Test
  void maintenanceInactiveAndUnhealthyNodesAreNotEligible() {
    ReadRouter router = router(ReadMode.ROUND_ROBIN);
    registry.put(A.withMaintenance(true));
    registry.put(B.withActive(false));
    unhealthy.add("c:1");
    assertThat(router.isEligible(A)).isFalse();
    assertThat(router.isEligible(B)).isFalse();
    assertThat(router.isEligible(C)).isFalse();
    assertThat(router.isEligible(D)).isTrue();
    assertThat(ids(router.eligible())).containsExactly("d:1");
    assertThat(ids(router.failoverOrder())).containsExactly("d:1");
  }

  @Test
  void eligibilityIsJudgedOnTheRegisteredNode() {
    ReadRouter router = router(ReadMode.ROUND_ROBIN);
    registry.put(A.withMaintenance(true));
    assertThat(router.isEligible(A)).as("a stale copy does not make it eligible").isFalse();
    assertThat(router.isEligible(Node.of("unknown", 1))).isFalse();
  }

  @Test
  void laggingNodesDoNotServeReads() {
    ReadRouter router = router(ReadMode.ROUND_ROBIN);
    backlog.put("a:1", 101L);
    backlog.put("b:1", 100L); // at the limit: still serves
    backlog.put("c:1", 5000L);
    assertThat(ids(router.eligible())).containsExactly("b:1", "d:1");
    assertThat(router.isEligible(A)).isFalse();
    assertThat(router.isEligible(B)).isTrue();
    assertThat(calls(router::next, 4)).containsExactly("b:1", "d:1", "b:1", "d:1");
    // Lagging nodes come last, least lagging first: they would serve once the others failed.
    assertThat(ids(router.failoverOrder())).containsExactly("b:1", "d:1", "a:1", "c:1");
  }

  @Test
  void whenEveryNodeLagsTheLeastLaggingOneServesAlone() {
    ReadRouter router = router(ReadMode.ROUND_ROBIN);
    backlog.putAll(Map.of("a:1", 700L, "b:1", 300L, "c:1", 300L, "d:1", 200L));
    assertThat(ids(router.eligible())).containsExactly("d:1");
    assertThat(calls(router::next, 3)).containsExactly("d:1", "d:1", "d:1");
    assertThat(ids(router.failoverOrder())).containsExactly("d:1", "b:1", "c:1", "a:1");

    backlog.put("d:1", 300L); // a tie: priority order decides
    assertThat(ids(router.eligible())).containsExactly("b:1");
  }

  @Test
  void theLagFallbackNeverPicksANodeThatIsOtherwiseNotEligible() {
    ReadRouter router = router(ReadMode.BY_PRIORITY);
    registry.deleteAll();
    registry.putAll(List.of(A, B, C));
    unhealthy.add("a:1"); // caught up, but unhealthy
    backlog.putAll(Map.of("b:1", 900L, "c:1", 500L));
    registry.put(C.withMaintenance(true));
    assertThat(ids(router.eligible())).containsExactly("b:1");
    assertThat(router.next().map(Node::id)).contains("b:1");
  }

  @Test
  void excludedNodesNeverServe() {
    ReadRouter router =
        ReadRouter.builder(registry)
            .mode(ReadMode.BY_PRIORITY)
            .exclude(n -> n.id().equals("a:1"))
            .build();
    assertThat(router.next().map(Node::id)).contains("b:1");
    assertThat(router.isEligible(A)).isFalse();
    assertThat(ids(router.failoverOrder())).doesNotContain("a:1");
  }

  @Test
  void defaultsAreRoundRobinEverythingHealthyAndALagLimitOf100() {
    ReadRouter router = ReadRouter.builder(registry).build();
    assertThat(router.mode()).isEqualTo(ReadMode.ROUND_ROBIN);
    assertThat(router.readMaxLag()).isEqualTo(100);
    assertThat(ids(router.eligible())).containsExactly("a:1", "b:1", "c:1", "d:1");
  }

  @Test
  void builderSettersAreChecked() {
    ReadRouter.Builder b = ReadRouter.builder(registry);
    assertThatThrownBy(() -> b.readMaxLag(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("readMaxLag was -1");
    assertThat(b.readMaxLag(0).build().readMaxLag()).isZero();
    assertThatThrownBy(() -> b.mode(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> b.health(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> b.backlog(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> b.exclude(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> ReadRouter.builder(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> b.build().isEligible(null)).isInstanceOf(NullPointerException.class);
  }
}
