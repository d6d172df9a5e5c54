package dev.spawn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PriorityOrderTest {

  private static List<Integer> sortedPriorities(int... priorities) {
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < priorities.length; i++) {
      nodes.add(Node.of("h" + i, 80).withPriority(priorities[i]));
    }
    nodes.sort(PriorityOrder.NODES);
    return nodes.stream().map(Node::priority).toList();
  }

  @Test
  void theGoServiceScenario() {
    assertThat(sortedPriorities(0, -2, 1, 2, -1)).containsExactly(1, 2, 0, -1, -2);
  }

  @Test
  void positivesAscendingThenZerosThenNegativesDescending() {
    List<Integer> expected = List.of(1, 2, 3, 0, 0, -1, -2, -3);
    for (long seed = 0; seed < 20; seed++) {
      List<Integer> shuffled = new ArrayList<>(expected);
      Collections.shuffle(shuffled, new Random(seed));
      int[] given = shuffled.stream().mapToInt(Integer::intValue).toArray();
      assertThat(sortedPriorities(given)).as("shuffle %s", shuffled).isEqualTo(expected);
    }
  }

  @Test
  void extremesStayInTheirGroups() {
    assertThat(sortedPriorities(Integer.MIN_VALUE, 0, Integer.MAX_VALUE, -1, 1))
        .containsExactly(1, Integer.MAX_VALUE, 0, -1, Integer.MIN_VALUE);
  }

  @Test
  void tiesAreBrokenByHostThenPort() {
    List<Node> nodes =
        new ArrayList<>(
            List.of(
                Node.of("b", 2).withPriority(1),
                Node.of("a", 9).withPriority(1),
                Node.of("b", 1).withPriority(1),
                Node.of("a", 10).withPriority(1),
                Node.of("c", 1)));
    nodes.sort(PriorityOrder.NODES);
    assertThat(nodes).extracting(Node::id).containsExactly("a:9", "a:10", "b:1", "b:2", "c:1");
  }

  @Test
  void theOrderIsTotalSoEveryInputOrderSortsTheSame() {
    List<Node> nodes =
        Stream.of(1, 1, 0, -1, 0)
            .map(p -> Node.of("h" + p, 80 + Math.abs(p)).withPriority(p))
            .toList();
    List<Node> a = new ArrayList<>(nodes);
    List<Node> b = new ArrayList<>(nodes);
    Collections.reverse(b);
    a.sort(PriorityOrder.NODES);
    b.sort(PriorityOrder.NODES);
    assertThat(a).isEqualTo(b);
  }
}
