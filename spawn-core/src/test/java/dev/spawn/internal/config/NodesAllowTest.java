package dev.spawn.internal.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spawn.Node;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NodesAllowTest {

  private final NodesAllow policy = new NodesAllow(List.of(
      "app1.example.com", "10.1.0.0/16", "192.168.5.7", "fd00:abcd::/32", "::1", "[2001:db8::7]"));

  @ParameterizedTest
  @ValueSource(strings = {
      "app1.example.com", "APP1.Example.COM", "10.1.0.0", "10.1.255.254", "192.168.5.7",
      "[fd00:abcd::1]", "[fd00:abcd:ffff::]", "[::1]", "[0:0:0:0:0:0:0:1]", "[2001:db8::7]"})
  void allows(String host) {
    assertThatCode(() -> policy.check(Node.of(host, 80))).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "app2.example.com", "example.com", "10.2.0.1", "10.0.255.255", "192.168.5.8",
      "[fd00:abce::1]", "[::2]", "[2001:db8::8]", "localhost", "app1.example.com.evil"})
  void refuses(String host) {
    assertThatThrownBy(() -> policy.check(Node.of(host, 80)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("node " + host + ":80 is not allowed by nodes-allow"
            + " [app1.example.com, 10.1.0.0/16, 192.168.5.7, fd00:abcd::/32, ::1, [2001:db8::7]]");
  }

  @Test
  void aNameIsNeverResolvedToMatchARange() {
    // localhost resolves to 127.0.0.1, which the range holds; a policy that looked it up would
    // let it through.
    NodesAllow loopback = new NodesAllow(List.of("127.0.0.0/8"));

    assertThatThrownBy(() -> loopback.check(Node.of("localhost", 80)))
        .hasMessageStartingWith("node localhost:80 is not allowed");
    assertThatCode(() -> loopback.check(Node.of("127.0.0.1", 80))).doesNotThrowAnyException();
  }

  @Test
  void zeroPrefixesAllowAWholeFamily() {
    NodesAllow any4 = new NodesAllow(List.of("0.0.0.0/0"));

    assertThatCode(() -> any4.check(Node.of("8.8.8.8", 80))).doesNotThrowAnyException();
    assertThatThrownBy(() -> any4.check(Node.of("[::1]", 80))).isInstanceOf(
        IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '§', textBlock = """
      10.0.0.0/33        | 'e' must be a host name, an IPv4 or IPv6 address, or a CIDR range such as 10.0.0.0/8 or fd00::/8 (prefix 0..32), was "10.0.0.0/33"
      10.0.0.1/8         | 'e' must be a CIDR range whose host bits are zero (did you mean 10.0.0.0/8?), was "10.0.0.1/8"
      fd00::1/8          | 'e' must be a CIDR range whose host bits are zero (did you mean fd00:0:0:0:0:0:0:0/8?), was "fd00::1/8"
      name.example/8     | 'e' must be a host name, an IPv4 or IPv6 address, or a CIDR range such as 10.0.0.0/8 or fd00::/8, was "name.example/8"
      10.0.0.0/x         | 'e' must be a host name, an IPv4 or IPv6 address, or a CIDR range such as 10.0.0.0/8 or fd00::/8 (prefix 0..32), was "10.0.0.0/x"
      fd00:::1           | 'e' must be a DNS name, an IPv4 address or a bracketed IPv6 literal such as [::1], was "fd00:::1"
      bad host           | 'e' must be a DNS name, an IPv4 address or a bracketed IPv6 literal such as [::1], was "bad host"
      fe80::1%eth0       | 'e' must be a DNS name, an IPv4 address or a bracketed IPv6 literal such as [::1], was "fe80::1%eth0"
      """)
  void badEntriesAreRefused(String entry, String message) {
    assertThatThrownBy(() -> NodesAllow.checkEntry("e", entry)).hasMessage(message);
  }
}
