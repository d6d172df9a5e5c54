package dev.spawn.servlet.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Login limiting against a real server; time moves only when a test advances it. */
class AdminLoginLimitIT extends AdminFixture {

  private static final String FORM = "application/x-www-form-urlencoded";

  private AdminServer.Response login(String user, String password) throws Exception {
    return server.send(
        "POST", "/login", "username=" + user + "&password=" + password, "Content-Type", FORM);
  }

  private void failTimes(String user, int times) throws Exception {
    for (int i = 0; i < times; i++) {
      assertThat(login(user, "wrong-" + i).status()).as("failure %d", i + 1).isEqualTo(401);
    }
  }

  @Test
  void afterFiveFailuresEvenTheRightPasswordIsRefusedUntilTheWindowPasses() throws Exception {
    failTimes("admin", 5);
    time.advance(Duration.ofSeconds(60));

    AdminServer.Response refused = login("admin", PASSWORD);

    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.header("Retry-After")).isEqualTo("240");
    assertThat(refused.data().get("success").asBoolean()).isFalse();
    assertThat(refused.data().get("error").asInt()).isEqualTo(429);
    assertThat(refused.message()).isEqualTo("Too many failed logins");
    assertThat(refused.data().get("info").asText()).contains("try again in 240 s");
    assertThat(refused.json().has("duration")).isTrue();

    time.advance(Duration.ofSeconds(239));
    assertThat(login("admin", PASSWORD).status()).isEqualTo(429);
    time.advance(Duration.ofSeconds(1));
    assertThat(login("admin", PASSWORD).status()).isEqualTo(200);
  }

  @Test
  void anUnknownUserIsRefusedTheSameWay() throws Exception {
    failTimes("admin", 5);
    failTimes("nobody", 5);

    AdminServer.Response known = login("admin", "x");
    AdminServer.Response unknown = login("nobody", "x");

    assertThat(unknown.status()).isEqualTo(known.status()).isEqualTo(429);
    assertThat(unknown.body().replaceAll("\"(duration|took)\":[^,]*,", ""))
        .isEqualTo(known.body().replaceAll("\"(duration|took)\":[^,]*,", ""));
  }

  @Test
  void refusalsAreAuditedWithoutThePassword() throws Exception {
    failTimes("admin", 5);

    login("admin", PASSWORD);

    AuditEvent last = audit.last();
    assertThat(last.status()).isEqualTo(429);
    assertThat(last.principal()).isEqualTo("admin");
    assertThat(last.remoteAddr()).isEqualTo("127.0.0.1");
    assertThat(last.detail()).startsWith("login refused: too many failed logins");
    assertThat(audit.events.toString()).doesNotContain(PASSWORD).doesNotContain("wrong-");
  }

  @Test
  void aSuccessResetsTheCount() throws Exception {
    failTimes("admin", 4);
    assertThat(login("admin", PASSWORD).status()).isEqualTo(200);

    failTimes("admin", 4);
    assertThat(login("admin", PASSWORD).status()).isEqualTo(200);
  }

  @Test
  void manyUserNamesFromOneAddressHitTheAddressCap() throws Exception {
    for (int i = 0; i < 20; i++) {
      assertThat(login("guess" + i, "x").status()).as("name %d", i).isEqualTo(401);
    }

    AdminServer.Response refused = login("admin", PASSWORD);

    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.header("Retry-After")).isEqualTo("300");
    assertThat(refused.data().get("info").asText()).contains("this address");
  }

  @Test
  void refusalsAreCountedInPrometheusMetrics() throws Exception {
    failTimes("admin", 5);
    login("admin", PASSWORD);
    login("admin", PASSWORD);
    // Micrometer holds the counter's state weakly: it must survive a collection.
    System.gc();

    AdminServer.Response metrics = server.get("/metrics/prometheus");

    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.body()).contains("spawn_admin_login_refusals_total 2.0");
  }

  @Test
  void limitsSetOnTheBuilderApply() throws Exception {
    AdminSettings tight =
        settings()
            .loginLimitFailures(2)
            .loginLimitAddressFailures(3)
            .loginLimitWindow(Duration.ofSeconds(30))
            .build();
    try (AdminServer other = new AdminServer(spawn, tight)) {
      server.close();
      server = other;
      failTimes("admin", 2);
      AdminServer.Response refused = login("admin", PASSWORD);
      assertThat(refused.status()).isEqualTo(429);
      assertThat(refused.header("Retry-After")).isEqualTo("30");

      failTimes("other", 1);
      assertThat(login("fourth", "x").status())
          .as("three failures from the address reach its cap")
          .isEqualTo(429);

      time.advance(Duration.ofSeconds(30));
      assertThat(login("admin", PASSWORD).status()).isEqualTo(200);
    }
  }
}
