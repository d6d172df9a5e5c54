package dev.spawn.servlet.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spawn.servlet.auth.NoAuthenticator;
import dev.spawn.servlet.auth.StaticUsersAuthenticator;
import dev.spawn.servlet.auth.TokenStore;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The access rule as a unit, with remote addresses that a loopback test cannot send from. */
class GateTest {

  private final TestTime time = new TestTime();
  private final TokenStore tokens = new TokenStore(Duration.ofHours(1), time, time);
  private final Gate dev = new Gate(new NoAuthenticator(), tokens, false, Loopback::isLoopback);
  private final Gate secured =
      new Gate(
          StaticUsersAuthenticator.builder()
              .user("admin", StaticUsersAuthenticator.hash("pw".toCharArray(), 1000))
              .build(),
          tokens,
          false,
          Loopback::isLoopback);

  private static int status(Runnable r) {
    try {
      r.run();
      return 200;
    } catch (ApiError e) {
      return e.status();
    }
  }

  @Test
  void devModeLetsLoopbackCallersChange() {
    for (String addr :
        new String[] {"127.0.0.1", "127.200.3.4", "::1", "0:0:0:0:0:0:0:1", "[::1]"}) {
      assertThat(dev.admit(Routes.Access.CHANGE, null, addr)).as(addr).isEqualTo("anonymous");
      assertThat(dev.admit(Routes.Access.SENSITIVE, null, addr)).as(addr).isEqualTo("anonymous");
    }
  }

  @Test
  void devModeRefusesChangesFromOtherAddressesButLetsThemRead() {
    for (String addr :
        new String[] {
          "10.0.0.5",
          "192.168.1.20",
          "::ffff:10.0.0.1",
          "fe80::1",
          "localhost",
          "",
          "128.0.0.1",
          "2001:db8::1"
        }) {
      assertThat(status(() -> dev.admit(Routes.Access.CHANGE, null, addr))).as(addr).isEqualTo(403);
      assertThat(status(() -> dev.admit(Routes.Access.SENSITIVE, null, addr)))
          .as(addr)
          .isEqualTo(403);
      assertThat(status(() -> dev.admit(Routes.Access.READ, null, addr))).as(addr).isEqualTo(200);
    }
  }

  @Test
  void devModeIgnoresTokensForTheLoopbackRule() {
    String token = tokens.issue("someone").token();

    assertThat(status(() -> dev.admit(Routes.Access.CHANGE, "Bearer " + token, "10.0.0.5")))
        .isEqualTo(403);
  }

  @Test
  void securedNeedsAValidTokenFromAnyAddressIncludingLoopback() {
    String token = tokens.issue("admin").token();

    assertThat(status(() -> secured.admit(Routes.Access.CHANGE, null, "127.0.0.1"))).isEqualTo(401);
    assertThat(secured.admit(Routes.Access.CHANGE, "Bearer " + token, "10.0.0.5"))
        .isEqualTo("admin");
    assertThat(secured.admit(Routes.Access.CHANGE, "bearer  " + token + " ", "10.0.0.5"))
        .isEqualTo("admin");
    assertThat(secured.admit(Routes.Access.READ, null, "10.0.0.5")).isEqualTo("anonymous");
  }

  @Test
  void anExpiredOrRevokedTokenIsRefused() {
    String token = tokens.issue("admin").token();
    String other = tokens.issue("admin").token();
    tokens.revoke(other);
    time.advance(Duration.ofMinutes(61));

    assertThatThrownBy(() -> secured.admit(Routes.Access.CHANGE, "Bearer " + token, "127.0.0.1"))
        .isInstanceOfSatisfying(
            ApiError.class,
            e -> {
              assertThat(e.status()).isEqualTo(401);
              assertThat(e.headers().get("WWW-Authenticate")).contains("invalid_token");
            });
    assertThat(status(() -> secured.admit(Routes.Access.CHANGE, "Bearer " + other, "127.0.0.1")))
        .isEqualTo(401);
  }

  @Test
  void bearerParsing() {
    assertThat(Gate.bearer(null)).isNull();
    assertThat(Gate.bearer("Basic abc")).isNull();
    assertThat(Gate.bearer("Bearer ")).isNull();
    assertThat(Gate.bearer("BEARER abc")).isEqualTo("abc");
  }
}
