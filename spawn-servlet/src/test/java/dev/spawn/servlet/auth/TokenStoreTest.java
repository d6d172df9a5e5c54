package dev.spawn.servlet.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenStoreTest {

  private final AtomicLong nanos = new AtomicLong();
  private final Clock clock = Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC);
  private final TokenStore store = new TokenStore(Duration.ofMinutes(30), clock, nanos::get);

  @Test
  void tokensAreRandom256BitBase64Url() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      String t = store.issue("u").token();
      assertThat(t).matches("[A-Za-z0-9_-]{43}");
      seen.add(t);
    }
    assertThat(seen).hasSize(100);
  }

  @Test
  void aTokenIsValidUntilItExpires() {
    TokenStore.Issued issued = store.issue("alice");

    assertThat(issued.session().expiresAt()).isEqualTo(Instant.parse("2024-01-01T00:30:00Z"));
    nanos.addAndGet(Duration.ofMinutes(29).toNanos());
    assertThat(store.find(issued.token())).map(TokenStore.Session::principal).contains("alice");
    nanos.addAndGet(Duration.ofMinutes(2).toNanos());
    assertThat(store.find(issued.token())).isEmpty();
  }

  @Test
  void revokeEndsItAndUnknownTokensAreNotFound() {
    String t = store.issue("alice").token();

    assertThat(store.revoke(t)).isTrue();
    assertThat(store.revoke(t)).isFalse();
    assertThat(store.find(t)).isEmpty();
    assertThat(store.find("")).isEmpty();
    assertThat(store.find(null)).isEmpty();
    assertThat(store.find("x".repeat(10_000))).isEmpty();
  }

  @Test
  void onlyAPrefixIsEverPrinted() {
    TokenStore.Issued issued = store.issue("alice");

    assertThat(TokenStore.prefix(issued.token())).hasSize(7).endsWith("\u2026");
    assertThat(issued.toString()).doesNotContain(issued.token());
  }

  @Test
  void expirationMustBePositive() {
    assertThatThrownBy(() -> new TokenStore(Duration.ZERO, clock, nanos::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expiration");
  }
}
