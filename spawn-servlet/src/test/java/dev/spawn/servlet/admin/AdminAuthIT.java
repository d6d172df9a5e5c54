package dev.spawn.servlet.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spawn.Node;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdminAuthIT extends AdminFixture {

  private static final String FORM = "application/x-www-form-urlencoded";

  @Test
  void loginWithAFormGivesATokenThatExpiresInAnHour() throws Exception {
    AdminServer.Response r =
        server.send("POST", "/login", "username=admin&password=s3cret", "Content-Type", FORM);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.data().get("success").asBoolean()).isTrue();
    String token = r.data().get("token").asText();
    assertThat(token).matches("[A-Za-z0-9_-]{43}");
    assertThat(r.data().get("expiresIn").asLong()).isEqualTo(3600);
    assertThat(r.data().get("user").asText()).isEqualTo("admin");
  }

  @Test
  void loginWithJson() throws Exception {
    AdminServer.Response r =
        server.send(
            "POST",
            "/login",
            "{\"username\":\"admin\",\"password\":\"s3cret\"}",
            "Content-Type",
            "application/json");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.data().get("token").asText()).hasSize(43);
  }

  @Test
  void wrongPasswordOrUnknownUserIs401AndAudited() throws Exception {
    AdminServer.Response wrong =
        server.send("POST", "/login", "username=admin&password=nope", "Content-Type", FORM);
    AdminServer.Response unknown =
        server.send("POST", "/login", "username=eve&password=s3cret", "Content-Type", FORM);
    AdminServer.Response empty =
        server.send("POST", "/login", "username=admin&password=", "Content-Type", FORM);

    assertThat(wrong.status()).isEqualTo(401);
    assertThat(unknown.status()).isEqualTo(401);
    assertThat(empty.status()).isEqualTo(401);
    assertThat(wrong.data().get("info").asText()).isEqualTo(unknown.data().get("info").asText());
    assertThat(audit.events).hasSize(3);
    assertThat(audit.events.get(1).principal()).isEqualTo("eve");
    assertThat(audit.events.get(1).detail()).isEqualTo("login refused");
    assertThat(audit.events.toString()).doesNotContain("s3cret").doesNotContain("nope");
  }

  @Test
  void missingFieldsAndOddBodiesAre4xxNaming() throws Exception {
    AdminServer.Response noPassword =
        server.send("POST", "/login", "username=admin", "Content-Type", FORM);
    AdminServer.Response unknownField =
        server.send(
            "POST",
            "/login",
            "{\"username\":\"a\",\"password\":\"b\",\"admin\":true}",
            "Content-Type",
            "application/json");
    AdminServer.Response wrongType =
        server.send(
            "POST",
            "/login",
            "{\"username\":\"a\",\"password\":1}",
            "Content-Type",
            "application/json");
    AdminServer.Response xml =
        server.send("POST", "/login", "<login/>", "Content-Type", "application/xml");

    assertThat(noPassword.status()).isEqualTo(400);
    assertThat(noPassword.message()).contains("password");
    assertThat(unknownField.status()).isEqualTo(400);
    assertThat(unknownField.message()).contains("'admin'");
    assertThat(wrongType.status()).isEqualTo(400);
    assertThat(wrongType.message()).contains("password");
    assertThat(xml.status()).isEqualTo(415);
  }

  @Test
  void tokenInfoSaysUntilWhenItIsValid() throws Exception {
    String token = auth()[1].substring(7);
    time.advance(Duration.ofMinutes(10));

    AdminServer.Response r = server.get("/login/" + token);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.data().get("info").get("user").asText()).isEqualTo("admin");
    assertThat(r.data().get("info").get("expiresIn").asLong()).isEqualTo(3000);
    assertThat(server.get("/login/not-a-token").status()).isEqualTo(401);
  }

  @Test
  void logoutByPathRevokesAndTheAuditLineHidesTheToken() throws Exception {
    String token = auth()[1].substring(7);

    AdminServer.Response r = server.send("DELETE", "/logout/" + token, null);

    assertThat(r.status()).isEqualTo(200);
    assertThat(server.get("/login/" + token).status()).isEqualTo(401);
    assertThat(server.send("DELETE", "/logout/" + token, null).status()).isEqualTo(401);
    AuditEvent logout = audit.events.get(1);
    assertThat(logout.principal()).isEqualTo("admin");
    assertThat(logout.path()).isEqualTo("/logout/" + token.substring(0, 6) + "\u2026");
    assertThat(audit.events.toString()).doesNotContain(token);
  }

  @Test
  void logoutWithTheBearerHeader() throws Exception {
    String[] auth = auth();

    assertThat(server.send("DELETE", "/logout", null, auth).status()).isEqualTo(200);
    assertThat(server.send("PUT", "/nodes/a/80", null, auth).status()).isEqualTo(401);
    assertThat(server.send("DELETE", "/logout", null).status()).isEqualTo(401);
  }

  @Test
  void changesWithoutATokenAre401AndChangeNothing() throws Exception {
    givenNodes(Node.of("a", 80));
    List<Node> before = registry.all();

    List<AdminServer.Response> answers =
        List.of(
            server.send("PUT", "/nodes/b/80", null),
            server.send(
                "PUT",
                "/nodes",
                "[{\"host\":\"a\",\"port\":80,\"priority\":9}]",
                "Content-Type",
                "application/json"),
            server.send("DELETE", "/nodes/a/80", null),
            server.send("DELETE", "/nodes/a", null),
            server.send("DELETE", "/nodes", null),
            server.send("PUT", "/nodes/b/80", null, "Authorization", "Bearer forged-token"),
            server.send("PUT", "/nodes/b/80", null, "Authorization", "Basic YWRtaW46czNjcmV0"),
            server.send("POST", "/queues/a/80/reset", null),
            server.send("DELETE", "/deadletters", null),
            server.send("POST", "/deadletters/retry", null));

    for (AdminServer.Response r : answers) {
      assertThat(r.status()).as(r.toString()).isEqualTo(401);
      assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
    }
    assertThat(registry.all()).isEqualTo(before);
    assertThat(audit.events).hasSize(answers.size()).allMatch(e -> e.status() == 401);
  }

  @Test
  void anExpiredTokenIs401AndChangesNothing() throws Exception {
    String[] auth = auth();
    time.advance(Duration.ofMinutes(59));
    assertThat(server.send("PUT", "/nodes/a/80", null, auth).status()).isEqualTo(201);

    time.advance(Duration.ofMinutes(2));
    AdminServer.Response r = server.send("PUT", "/nodes/b/80", null, auth);

    assertThat(r.status()).isEqualTo(401);
    assertThat(r.header("WWW-Authenticate")).contains("invalid_token");
    assertThat(registry.all()).containsExactly(Node.of("a", 80));
  }

  @Test
  void readsAreOpenWhenTokensAreNotRequiredForThem() throws Exception {
    givenNodes(Node.of("a", 80));

    assertThat(server.get("/nodes").status()).isEqualTo(200);
    assertThat(server.get("/queues").status()).isEqualTo(200);
    assertThat(server.get("/deadletters").status()).isEqualTo(401);
  }

  @Test
  void readsNeedATokenWhenConfigured() throws Exception {
    server.close();
    server = new AdminServer(spawn, settings().tokenForReads(true).build());
    givenNodes(Node.of("a", 80));

    assertThat(server.get("/nodes").status()).isEqualTo(401);
    assertThat(server.get("/nodes", auth()).status()).isEqualTo(200);
    assertThat(server.get("/list").status()).isEqualTo(200);
  }
}
