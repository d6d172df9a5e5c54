package dev.spawn.servlet.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditEventTest {

  @Test
  void aLineSaysWhoWhatWhereAndHowItEnded() {
    AuditEvent e =
        new AuditEvent(
            Instant.EPOCH, "ops", "10.0.0.7", "PUT", "/nodes/a/80", List.of("a:80"), 201, null);

    assertThat(e.line()).isEqualTo("who=ops from=10.0.0.7 PUT /nodes/a/80 nodes=[a:80] status=201");
    assertThat(e.succeeded()).isTrue();
  }

  @Test
  void controlCharactersCannotForgeASecondLine() {
    AuditEvent e =
        new AuditEvent(
            Instant.EPOCH,
            "eve\nwho=admin from=127.0.0.1 DELETE /nodes status=200",
            "10.0.0.9",
            "POST",
            "/login\r\n",
            List.of(),
            401,
            "login refused");

    assertThat(e.line()).doesNotContain("\n").doesNotContain("\r");
    assertThat(e.line()).startsWith("who=eve?who=admin").endsWith("status=401 (login refused)");
    assertThat(e.succeeded()).isFalse();
  }

  @Test
  void longValuesAreCut() {
    AuditEvent e =
        new AuditEvent(
            Instant.EPOCH, "x".repeat(5000), "1.2.3.4", "PUT", "/", List.of(), 400, null);

    assertThat(e.line().length()).isLessThan(400);
  }
}
