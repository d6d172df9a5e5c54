package dev.spawn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spawn.NodeEvent.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NodeRegistryTest {

  private final NodeRegistry registry = new NodeRegistry();
  private final List<String> events = new ArrayList<>();

  NodeRegistryTest() {
    registry.addListener(e -> events.add(e.kind() + " " + e.nodeId()));
  }

  private static Node node(String host, int port, int priority) {
    return Node.of(host, port).withPriority(priority);
  }

  @Test
  void anEmptyRegistryHasNothing() {
    assertThat(registry.all()).isEmpty();
    assertThat(registry.size()).isZero();
    assertThat(registry.get("a", 1)).isEmpty();
    assertThat(registry.current()).isEmpty();
    assertThat(registry.deleteAllByHost("a")).isFalse();
    assertThat(registry.delete("a", 1)).isFalse();
  }

  @Test
  void putAddsThenReplacesAndReportsWhatItReplaced() {
    assertThat(registry.put(node("a", 1, 0))).isEmpty();
    assertThat(registry.put(node("a", 1, 5))).contains(node("a", 1, 0));
    assertThat(registry.get("a", 1)).contains(node("a", 1, 5));
    assertThat(registry.get("a:1")).contains(node("a", 1, 5));
    assertThat(registry.size()).isOne();
    assertThat(events).containsExactly("ADDED a:1", "UPDATED a:1");
  }

  @Test
  void puttingAnEqualNodeChangesNothingAndTellsNobody() {
    registry.put(node("a", 1, 0));
    assertThat(registry.put(node("a", 1, 0))).contains(node("a", 1, 0));
    assertThat(events).containsExactly("ADDED a:1");
  }

  @Test
  void allIsAnImmutableSnapshotInPriorityOrder() {
    registry.putAll(List.of(node("z", 1, 0), node("y", 1, -2), node("x", 1, 1), node("w", 1, 2)));
    List<Node> snapshot = registry.all();
    assertThat(snapshot).extracting(Node::priority).containsExactly(1, 2, 0, -2);
    registry.delete("x", 1);
    assertThat(snapshot).hasSize(4);
    assertThat(registry.all()).hasSize(3);
    assertThatThrownBy(() -> snapshot.add(Node.of("v", 1)))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void allByHostListsEveryPortOfOneHostInPriorityOrder() {
    registry.putAll(List.of(node("a", 2, 0), node("b", 1, 1), node("a", 1, -1), node("a", 3, 1)));
    assertThat(registry.allByHost("a")).extracting(Node::id).containsExactly("a:3", "a:2", "a:1");
    assertThat(registry.allByHost("c")).isEmpty();
  }

  @Test
  void putAllAddsAndReplacesInOneStep() {
    registry.put(node("a", 1, 0));
    registry.putAll(List.of(node("a", 1, 3), node("b", 1, 0), node("c", 1, 0)));
    assertThat(registry.all()).extracting(Node::id).containsExactly("a:1", "b:1", "c:1");
    assertThat(events).containsExactly("ADDED a:1", "UPDATED a:1", "ADDED b:1", "ADDED c:1");
  }

  @Test
  void putAllChangesNothingWhenThePolicyRefusesOneNode() {
    NodeRegistry guarded =
        new NodeRegistry(
            n -> {
              if (n.host().startsWith("evil")) {
                throw new IllegalArgumentException("host " + n.host() + " is not in nodes-allow");
              }
            });
    guarded.put(node("a", 1, 0));
    List<NodeEvent> seen = new ArrayList<>();
    guarded.addListener(seen::add);

    assertThatThrownBy(
            () -> guarded.putAll(List.of(node("a", 1, 9), node("b", 1, 0), node("evil", 1, 0))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("evil is not in nodes-allow");
    assertThat(guarded.all()).containsExactly(node("a", 1, 0));
    assertThat(seen).isEmpty();
    assertThatThrownBy(() -> guarded.put(node("evil", 2, 0))).hasMessageContaining("nodes-allow");
    assertThat(guarded.get("evil", 2)).isEmpty();
  }

  @Test
  void putAllChangesNothingWhenANodeIsListedTwice() {
    registry.put(node("a", 1, 0));
    assertThatThrownBy(() -> registry.putAll(List.of(node("b", 1, 0), node("c", 1, 0), node("b", 1, 4))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("b:1 is listed more than once");
    assertThat(registry.all()).containsExactly(node("a", 1, 0));
    assertThat(events).containsExactly("ADDED a:1");
  }

  @Test
  void putAllRefusesNulls() {
    assertThatThrownBy(() -> registry.putAll(null)).isInstanceOf(NullPointerException.class);
    List<Node> withNull = new ArrayList<>();
    withNull.add(node("b", 1, 0));
    withNull.add(null);
    assertThatThrownBy(() -> registry.putAll(withNull)).isInstanceOf(NullPointerException.class);
    assertThat(registry.all()).isEmpty();
  }

  @Test
  void deleteRemovesOneNode() {
    registry.putAll(List.of(node("a", 1, 0), node("a", 2, 0)));
    assertThat(registry.delete("a", 1)).isTrue();
    assertThat(registry.delete("a", 1)).isFalse();
    assertThat(registry.all()).extracting(Node::id).containsExactly("a:2");
    assertThat(events).endsWith("REMOVED a:1");
  }

  @Test
  void deleteAllByHostRemovesEveryPortOfThatHostOnly() {
    registry.putAll(List.of(node("a", 1, 0), node("b", 1, 0), node("a", 2, 1), node("a", 3, -1)));
    events.clear();
    assertThat(registry.deleteAllByHost("a")).isTrue();
    assertThat(registry.all()).extracting(Node::id).containsExactly("b:1");
    assertThat(events).containsExactly("REMOVED a:2", "REMOVED a:1", "REMOVED a:3");
    assertThat(registry.deleteAllByHost("a")).isFalse();
  }

  @Test
  void deleteAllRemovesEverything() {
    registry.putAll(List.of(node("a", 1, 0), node("b", 1, 1)));
    events.clear();
    registry.deleteAll();
    assertThat(registry.all()).isEmpty();
    assertThat(events).containsExactly("REMOVED b:1", "REMOVED a:1");
    registry.deleteAll();
    assertThat(events).hasSize(2);
  }

  @Test
  void moveToANewAddressIsARemovalThenAnAddition() {
    registry.put(node("a", 1, 2).withMaintenance(true));
    assertThat(registry.move("a", 1, node("b", 9, 2).withMaintenance(true))).isTrue();
    assertThat(registry.get("a", 1)).isEmpty();
    assertThat(registry.get("b", 9)).contains(node("b", 9, 2).withMaintenance(true));
    assertThat(events).containsExactly("ADDED a:1", "REMOVED a:1", "ADDED b:9");
  }

  @Test
  void moveToTheSameAddressIsAnUpdate() {
    registry.put(node("a", 1, 2));
    assertThat(registry.move("a", 1, node("a", 1, 3))).isTrue();
    assertThat(registry.get("a", 1)).contains(node("a", 1, 3));
    assertThat(events).containsExactly("ADDED a:1", "UPDATED a:1");
  }

  @Test
  void moveOfAMissingNodeChangesNothing() {
    assertThat(registry.move("a", 1, node("b", 1, 0))).isFalse();
    assertThat(registry.all()).isEmpty();
    assertThat(events).isEmpty();
  }

  @Test
  void moveOntoAnotherNodeIsRefusedAndChangesNothing() {
    registry.putAll(List.of(node("a", 1, 0), node("b", 1, 0)));
    events.clear();
    assertThatThrownBy(() -> registry.move("a", 1, node("b", 1, 7)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot move a:1 to b:1: that node already exists");
    assertThat(registry.all()).containsExactly(node("a", 1, 0), node("b", 1, 0));
    assertThat(events).isEmpty();
  }

  @Test
  void moveIsCheckedByThePolicy() {
    NodeRegistry guarded =
        new NodeRegistry(
            n -> {
              if (n.port() == 666) {
                throw new IllegalArgumentException("port 666 is not allowed");
              }
            });
    guarded.put(node("a", 1, 0));
    assertThatThrownBy(() -> guarded.move("a", 1, node("a", 666, 0)))
        .hasMessageContaining("port 666");
    assertThat(guarded.all()).containsExactly(node("a", 1, 0));
  }

  @Test
  void theRingWalksNodesInPriorityOrderAndWraps() {
    registry.putAll(List.of(node("c", 1, 0), node("b", 1, 2), node("a", 1, 1)));
    List<String> walked = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      walked.add(registry.current().orElseThrow().id());
      registry.twist();
    }
    assertThat(walked).containsExactly("a:1", "b:1", "c:1", "a:1", "b:1", "c:1", "a:1");
    registry.resetRing();
    assertThat(registry.current().map(Node::id)).contains("a:1");
  }

  @Test
  void theRingFollowsChangesToTheNodes() {
    registry.putAll(List.of(node("a", 1, 1), node("b", 1, 2)));
    registry.twist();
    assertThat(registry.current().map(Node::id)).contains("b:1");
    registry.delete("b", 1);
    assertThat(registry.current().map(Node::id)).contains("a:1");
    registry.deleteAll();
    assertThat(registry.current()).isEmpty();
    registry.twist();
    assertThat(registry.current()).isEmpty();
  }

  @Test
  void listenersSeeEventsWithBothSidesAfterTheSnapshotChanged() {
    List<NodeEvent> seen = new ArrayList<>();
    List<Optional<Node>> visible = new ArrayList<>();
    registry.addListener(
        e -> {
          seen.add(e);
          visible.add(registry.get(e.nodeId()));
        });
    Node a0 = node("a", 1, 0);
    Node a1 = node("a", 1, 1);
    registry.put(a0);
    registry.put(a1);
    registry.delete("a", 1);

    assertThat(seen)
        .containsExactly(new NodeEvent(null, a0), new NodeEvent(a0, a1), new NodeEvent(a1, null));
    assertThat(seen).extracting(NodeEvent::kind).containsExactly(Kind.ADDED, Kind.UPDATED, Kind.REMOVED);
    assertThat(seen.get(2).current()).isEmpty();
    assertThat(visible).containsExactly(Optional.of(a0), Optional.of(a1), Optional.empty());
  }

  @Test
  void aFailingListenerDoesNotStopTheOthersNorTheChange() {
    List<String> later = new ArrayList<>();
    NodeRegistry fresh = new NodeRegistry();
    fresh.addListener(
        e -> {
          throw new IllegalStateException("listener bug");
        });
    fresh.addListener(e -> later.add(e.nodeId()));
    fresh.put(node("a", 1, 0));
    assertThat(fresh.get("a", 1)).isPresent();
    assertThat(later).containsExactly("a:1");
  }

  @Test
  void aClosedListenerHearsNothingMore() throws Exception {
    List<String> heard = new ArrayList<>();
    AutoCloseable handle = registry.addListener(e -> heard.add(e.nodeId()));
    registry.put(node("a", 1, 0));
    handle.close();
    registry.put(node("b", 1, 0));
    assertThat(heard).containsExactly("a:1");
    assertThat(events).containsExactly("ADDED a:1", "ADDED b:1");
  }

  @Test
  void aListenerThatChangesTheRegistryKeepsEveryListenerInOrder() {
    NodeRegistry fresh = new NodeRegistry();
    List<String> first = new ArrayList<>();
    List<String> second = new ArrayList<>();
    fresh.addListener(
        e -> {
          first.add(e.kind() + " " + e.nodeId());
          if (e.kind() == Kind.ADDED && e.nodeId().equals("a:1")) {
            fresh.put(node("b", 1, 0)); // e.g. a listener that adds a companion node
          }
        });
    fresh.addListener(e -> second.add(e.kind() + " " + e.nodeId()));
    fresh.put(node("a", 1, 0));
    assertThat(first).containsExactly("ADDED a:1", "ADDED b:1");
    assertThat(second).containsExactly("ADDED a:1", "ADDED b:1");
    assertThat(fresh.all()).extracting(Node::id).containsExactly("a:1", "b:1");
  }

  @Test
  void hostsMatchInAnyCase() {
    registry.putAll(List.of(node("Node-1", 1, 0), node("node-1", 2, 0)));
    assertThat(registry.all()).extracting(Node::id).containsExactly("node-1:1", "node-1:2");
    assertThat(registry.get("NODE-1", 1)).isPresent();
    assertThat(registry.get("Node-1:2")).isPresent();
    assertThat(registry.allByHost("NoDe-1")).hasSize(2);
    assertThat(registry.delete("NODE-1", 1)).isTrue();
    assertThat(registry.deleteAllByHost("NODE-1")).isTrue();
    assertThat(registry.all()).isEmpty();
  }

  @Test
  void nullArgumentsAreRefused() {
    assertThatThrownBy(() -> registry.get(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> registry.delete(null, 1)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> registry.allByHost(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> registry.put(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> registry.addListener(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> registry.move("a", 1, null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new NodeRegistry(null)).isInstanceOf(NullPointerException.class);
  }
}
