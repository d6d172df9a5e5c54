package dev.spawn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NodeTest {

  private final ObjectMapper json = new ObjectMapper();

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 65536, 70000, Integer.MIN_VALUE})
  void refusesPortsOutsideTheTcpRange(int port) {
    assertThatThrownBy(() -> Node.of("example.com", port))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("port")
        .hasMessageContaining(String.valueOf(port))
        .hasMessageContaining("1..65535");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 80, 65535})
  void acceptsPortsInsideTheTcpRange(int port) {
    assertThat(Node.of("example.com", port).port()).isEqualTo(port);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/host", "../x", "a/b", "a..b", ".a", "a.", "host name", "a:b", "http://a", "[::1", "[]",
        "[zz::1]", "a@b", "é.example"
      })
  void refusesHostsThatAreNotNamesOrAddresses(String host) {
    assertThatThrownBy(() -> Node.of(host, 80))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("host")
        .hasMessageContaining(host);
  }

  @Test
  void refusesAnEmptyHost() {
    assertThatThrownBy(() -> Node.of("", 80))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("host was empty");
  }

  @Test
  void refusesAHostLongerThanTheDnsLimit() {
    String longHost = "a".repeat(60) + ("." + "b".repeat(59)).repeat(4); // 300 characters
    assertThat(longHost).hasSize(300);
    assertThatThrownBy(() -> Node.of(longHost, 80))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("host was 300 characters long")
        .hasMessageContaining(String.valueOf(Node.MAX_HOST_LENGTH));
  }

  @Test
  void refusesADnsLabelLongerThan63Characters() {
    assertThatThrownBy(() -> Node.of("a".repeat(64) + ".example", 80))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("host");
    assertThat(Node.of("a".repeat(63) + ".example", 80).host()).startsWith("aaa");
  }

  @Test
  void refusesANullHostWithANullPointerException() {
    assertThatThrownBy(() -> Node.of(null, 80))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("host");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "localhost", "example.com", "node-1.eu.example.com", "10.0.0.1", "127.0.0.1", "[::1]",
        "[2001:db8::7]", "[::ffff:10.0.0.1]", "my_host", "_service.example"
      })
  void acceptsDnsNamesIpv4AndBracketedIpv6(String host) {
    Node node = Node.of(host, 8080);
    assertThat(node.host()).isEqualTo(host);
    assertThat(node.id()).isEqualTo(host + ":8080");
    assertThat(node.baseUri()).isEqualTo("http://" + host + ":8080");
  }

  @Test
  void hostNamesAreCaseInsensitiveSoOneMachineHasOneId() {
    Node node = Node.of("Node-1.Example.COM", 80);
    assertThat(node.host()).isEqualTo("node-1.example.com");
    assertThat(node).isEqualTo(Node.of("node-1.example.com", 80));
    assertThat(Node.of("[2001:DB8::A]", 80).id()).isEqualTo("[2001:db8::a]:80");
  }

  @Test
  void schemeDefaultsToHttpIsNormalisedAndRestricted() {
    assertThat(new Node("a", 1, 0, true, false, null).scheme()).isEqualTo("http");
    assertThat(new Node("a", 1, 0, true, false, "HTTPS").scheme()).isEqualTo("https");
    assertThat(Node.of("a", 443).withScheme("https").baseUri()).isEqualTo("https://a:443");
    assertThatThrownBy(() -> new Node("a", 1, 0, true, false, "ftp"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scheme was 'ftp'");
  }

  @Test
  void withersChangeOneFieldAndKeepTheRest() {
    Node node = new Node("a", 1, 3, true, false, "https");
    assertThat(node.withPriority(-2)).isEqualTo(new Node("a", 1, -2, true, false, "https"));
    assertThat(node.withActive(false)).isEqualTo(new Node("a", 1, 3, false, false, "https"));
    assertThat(node.withMaintenance(true)).isEqualTo(new Node("a", 1, 3, true, true, "https"));
    assertThat(node.withAddress("b", 2)).isEqualTo(new Node("b", 2, 3, true, false, "https"));
    assertThatThrownBy(() -> node.withAddress("b", 0)).hasMessageContaining("port was 0");
  }

  @Test
  void writesTheGoServiceJsonShapePlusScheme() throws Exception {
    JsonNode written =
        json.readTree(json.writeValueAsString(new Node("db.example", 7117, -1, false, true, null)));
    assertThat(json.writeValueAsString(written))
        .isEqualTo(
            "{\"host\":\"db.example\",\"port\":7117,\"priority\":-1,\"active\":false,"
                + "\"maintenance\":true,\"scheme\":\"http\"}");
  }

  @Test
  void readsTheGoServiceJsonShape() throws Exception {
    Node node =
        json.readValue(
            "{\"host\":\"10.0.0.2\",\"port\":8080,\"priority\":2,\"active\":false,"
                + "\"maintenance\":true}",
            Node.class);
    assertThat(node).isEqualTo(new Node("10.0.0.2", 8080, 2, false, true, "http"));
  }

  @Test
  void aNodeWhoseJsonOmitsActiveIsActive() throws Exception {
    Node node = json.readValue("{\"host\":\"a\",\"port\":1}", Node.class);
    assertThat(node.active()).isTrue();
    assertThat(node.maintenance()).isFalse();
    assertThat(node.priority()).isZero();
    assertThat(node.scheme()).isEqualTo("http");
  }

  @Test
  void jsonRoundTripKeepsEveryField() throws Exception {
    Node node = new Node("[::1]", 9443, 5, true, true, "https");
    assertThat(json.readValue(json.writeValueAsString(node), Node.class)).isEqualTo(node);
  }

  @Test
  void invalidJsonValuesAreRefusedNamingTheField() {
    assertThatThrownBy(() -> json.readValue("{\"host\":\"a\",\"port\":70000}", Node.class))
        .isInstanceOf(ValueInstantiationException.class)
        .hasRootCauseInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("port was 70000");
    assertThatThrownBy(() -> json.readValue("{\"host\":\"../x\",\"port\":80}", Node.class))
        .hasMessageContaining("host was '../x'");
    assertThatThrownBy(() -> json.readValue("{\"port\":80}", Node.class))
        .hasMessageContaining("host");
  }
}
