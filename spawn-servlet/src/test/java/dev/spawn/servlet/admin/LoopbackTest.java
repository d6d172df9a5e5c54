package dev.spawn.servlet.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LoopbackTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1",
        "127.0.0.2",
        "127.255.255.254",
        "::1",
        "0:0:0:0:0:0:0:1",
        "[::1]",
        "::1%lo",
        "::ffff:127.0.0.1"
      })
  void loopback(String addr) {
    assertThat(Loopback.isLoopback(addr)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "10.0.0.1",
        "128.0.0.1",
        "0.0.0.0",
        "127.0.0.256",
        "1127.0.0.1",
        "localhost",
        "127.0.0.1.example.com",
        "::2",
        "fe80::1",
        "::ffff:10.1.2.3",
        "",
        " 127.0.0.1",
        "127.0.0.1 ",
        "127.0.0.1,10.0.0.1"
      })
  void notLoopback(String addr) {
    assertThat(Loopback.isLoopback(addr)).isFalse();
  }
}
