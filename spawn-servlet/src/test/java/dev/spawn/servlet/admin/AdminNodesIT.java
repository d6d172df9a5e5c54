package dev.spawn.servlet.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spawn.Node;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdminNodesIT extends AdminFixture {

  private static final String JSON = "application/json";

  @Test
  void getNodesListsInPriorityOrderInTheGoEnvelope() throws Exception {
    givenNodes(
        new Node("c", 80, 0, true, false, "http"),
        new Node("a", 80, -1, true, false, "http"),
        new Node("b", 80, 2, true, true, "https"));

    AdminServer.Response r = server.get("/nodes");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    JsonNode json = r.json();
    assertThat(json.get("duration").isIntegralNumber()).isTrue();
    assertThat(json.get("took").asText()).isNotEmpty();
    assertThat(r.data().get("success").asBoolean()).isTrue();
    assertThat(r.data().get("total").asInt()).isEqualTo(3);
    assertThat(r.data().get("results").findValuesAsText("host")).containsExactly("b", "c", "a");
    JsonNode b = r.data().get("results").get(0);
    assertThat(b.get("port").asInt()).isEqualTo(80);
    assertThat(b.get("priority").asInt()).isEqualTo(2);
    assertThat(b.get("maintenance").asBoolean()).isTrue();
    assertThat(b.get("scheme").asText()).isEqualTo("https");
  }

  @Test
  void getNodesWhenEmptyIsRecordsNotFound() throws Exception {
    AdminServer.Response r = server.get("/nodes");

    assertThat(r.status()).isEqualTo(404);
    assertThat(r.data().get("success").asBoolean()).isFalse();
    assertThat(r.data().get("error").asInt()).isEqualTo(404);
    assertThat(r.message()).isEqualTo("Record(s) not found");
    assertThat(r.data().get("info").asText()).isNotEmpty();
  }

  @Test
  void prettyTrueIndents() throws Exception {
    givenNodes(Node.of("a", 80));

    assertThat(server.get("/nodes?pretty=true").body()).contains("\n  \"data\"");
    assertThat(server.get("/nodes").body()).doesNotContain("\n");
  }

  @Test
  void getByHostAndByHostPort() throws Exception {
    givenNodes(Node.of("a", 80), Node.of("a", 81), Node.of("b", 80));

    AdminServer.Response byHost = server.get("/nodes/a");
    AdminServer.Response one = server.get("/nodes/a/81");

    assertThat(byHost.data().get("total").asInt()).isEqualTo(2);
    assertThat(byHost.data().get("results").findValuesAsText("host")).containsOnly("a");
    assertThat(one.data().get("results").get(0).get("port").asInt()).isEqualTo(81);
    assertThat(server.get("/nodes/zzz").status()).isEqualTo(404);
    assertThat(server.get("/nodes/a/82").status()).isEqualTo(404);
  }

  @Test
  void putOneCreatesWith201ThenUpdatesWith202KeepingFieldsLeftOut() throws Exception {
    String[] auth = auth("Content-Type", JSON);

    AdminServer.Response created =
        server.send("PUT", "/nodes/n1.example.org/8080", "{\"priority\": 3}", auth);
    AdminServer.Response updated =
        server.send("PUT", "/nodes/n1.example.org/8080", "{\"maintenance\": true}", auth);

    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(updated.status()).as(updated.toString()).isEqualTo(202);
    assertThat(registry.get("n1.example.org", 8080))
        .contains(new Node("n1.example.org", 8080, 3, true, true, "http"));
    assertThat(updated.data().get("results").get(0).get("maintenance").asBoolean()).isTrue();
    assertThat(audit.last().nodes()).containsExactly("n1.example.org:8080");
    assertThat(audit.last().principal()).isEqualTo("admin");
    assertThat(audit.last().status()).isEqualTo(202);
  }

  @Test
  void putOneWithEmptyBodyCreatesWithDefaults() throws Exception {
    AdminServer.Response r = server.send("PUT", "/nodes/a/80", null, auth());

    assertThat(r.status()).isEqualTo(201);
    assertThat(registry.get("a", 80)).contains(Node.of("a", 80));
  }

  @Test
  void putOneAcceptsFormParametersAsTheGoHandlerDid() throws Exception {
    givenNodes(Node.of("a", 80));

    AdminServer.Response r =
        server.send(
            "PUT",
            "/nodes/a/80",
            "priority=-2&active=false&maintenance=true",
            auth("Content-Type", "application/x-www-form-urlencoded"));

    assertThat(r.status()).as(r.toString()).isEqualTo(202);
    assertThat(registry.get("a", 80)).contains(new Node("a", 80, -2, false, true, "http"));
  }

  @Test
  void putOneMovesANodeToTheHostAndPortInTheBody() throws Exception {
    givenNodes(new Node("old", 80, 5, true, false, "http"));

    AdminServer.Response r =
        server.send(
            "PUT",
            "/nodes/old/80",
            "{\"host\": \"new\", \"port\": 81}",
            auth("Content-Type", JSON));

    assertThat(r.status()).as(r.toString()).isEqualTo(202);
    assertThat(registry.all()).containsExactly(new Node("new", 81, 5, true, false, "http"));
    assertThat(audit.last().nodes()).containsExactly("old:80", "new:81");
  }

  @Test
  void moveOntoAnExistingNodeIsAConflictAndChangesNothing() throws Exception {
    givenNodes(Node.of("a", 80), Node.of("b", 80));
    List<Node> before = registry.all();

    AdminServer.Response r =
        server.send("PUT", "/nodes/a/80", "{\"host\": \"b\"}", auth("Content-Type", JSON));

    assertThat(r.status()).isEqualTo(409);
    assertThat(r.message()).contains("b:80");
    assertThat(registry.all()).isEqualTo(before);
  }

  @Test
  void creatingWithAnotherAddressInTheBodyIsRefused() throws Exception {
    AdminServer.Response r =
        server.send("PUT", "/nodes/a/80", "{\"port\": 81}", auth("Content-Type", JSON));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.message()).contains("does not exist");
    assertThat(registry.size()).isZero();
  }

  @Test
  void putAllUpdatesExistingNodesOnly() throws Exception {
    givenNodes(Node.of("a", 80), Node.of("b", 80));

    AdminServer.Response r =
        server.send(
            "PUT",
            "/nodes",
            "[{\"host\":\"a\",\"port\":80,\"priority\":1},{\"host\":\"b\",\"port\":80,\"active\":false}]",
            auth("Content-Type", JSON));

    assertThat(r.status()).as(r.toString()).isEqualTo(202);
    assertThat(r.data().get("total").asInt()).isEqualTo(2);
    assertThat(registry.get("a", 80).orElseThrow().priority()).isEqualTo(1);
    assertThat(registry.get("b", 80).orElseThrow().active()).isFalse();
    assertThat(audit.last().nodes()).containsExactly("a:80", "b:80");
  }

  @Test
  void putAllWithOneMissingNodeIs404AndChangesNothing() throws Exception {
    givenNodes(Node.of("a", 80));
    List<Node> before = registry.all();

    AdminServer.Response r =
        server.send(
            "PUT",
            "/nodes",
            "[{\"host\":\"a\",\"port\":80,\"priority\":1},{\"host\":\"ghost\",\"port\":80}]",
            auth("Content-Type", JSON));

    assertThat(r.status()).isEqualTo(404);
    assertThat(r.message()).isEqualTo("Record(s) not found");
    assertThat(r.data().get("info").asText()).contains("ghost:80");
    assertThat(registry.all()).isEqualTo(before);
  }

  @Test
  void putAllNamesTheElementOfABadField() throws Exception {
    givenNodes(Node.of("a", 80), Node.of("b", 80));
    List<Node> before = registry.all();

    AdminServer.Response r =
        server.send(
            "PUT",
            "/nodes",
            "[{\"host\":\"a\",\"port\":80},{\"host\":\"b\",\"port\":80,\"active\":\"yes\"}]",
            auth("Content-Type", JSON));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.message()).contains("[1].active");
    assertThat(registry.all()).isEqualTo(before);
  }

  @Test
  void putAllRefusesDuplicatesAndEmptyLists() throws Exception {
    givenNodes(Node.of("a", 80));
    String[] auth = auth("Content-Type", JSON);

    AdminServer.Response dup =
        server.send(
            "PUT", "/nodes", "[{\"host\":\"a\",\"port\":80},{\"host\":\"a\",\"port\":80}]", auth);
    AdminServer.Response empty = server.send("PUT", "/nodes", "[]", auth);
    AdminServer.Response noPort = server.send("PUT", "/nodes", "[{\"host\":\"a\"}]", auth);

    assertThat(dup.status()).isEqualTo(400);
    assertThat(dup.message()).contains("more than once");
    assertThat(empty.status()).isEqualTo(400);
    assertThat(noPort.status()).isEqualTo(400);
    assertThat(noPort.message()).contains("[0].port");
    assertThat(registry.all()).containsExactly(Node.of("a", 80));
  }

  @Test
  void deleteOneByHostAndAll() throws Exception {
    givenNodes(Node.of("a", 80), Node.of("a", 81), Node.of("b", 80), Node.of("c", 80));
    String[] auth = auth();

    AdminServer.Response one = server.send("DELETE", "/nodes/a/81", null, auth);
    assertThat(one.status()).isEqualTo(200);
    assertThat(registry.get("a", 81)).isEmpty();

    AdminServer.Response host = server.send("DELETE", "/nodes/a", null, auth);
    assertThat(host.status()).isEqualTo(200);
    assertThat(host.data().get("total").asInt()).isEqualTo(1);
    assertThat(registry.allByHost("a")).isEmpty();

    AdminServer.Response all = server.send("DELETE", "/nodes", null, auth);
    assertThat(all.status()).isEqualTo(200);
    assertThat(all.data().get("total").asInt()).isEqualTo(2);
    assertThat(registry.size()).isZero();
    assertThat(audit.last().nodes()).containsExactlyInAnyOrder("b:80", "c:80");
  }

  @Test
  void deletingWhatDoesNotExistIsRecordsNotFound() throws Exception {
    givenNodes(Node.of("a", 80));
    String[] auth = auth();

    assertThat(server.send("DELETE", "/nodes/a/81", null, auth).status()).isEqualTo(404);
    assertThat(server.send("DELETE", "/nodes/b", null, auth).status()).isEqualTo(404);
    assertThat(registry.size()).isEqualTo(1);
    assertThat(audit.last().status()).isEqualTo(404);
  }

  @Test
  void aNodePolicyRefusalIs400AndChangesNothing() throws Exception {
    server.close();
    spawn.close();
    spawn = dev.spawn.testing.TestSpawns.allowing(java.util.List.of("good.internal"));
    registry = spawn.nodes();
    server = new AdminServer(spawn, settings().build());

    AdminServer.Response r = server.send("PUT", "/nodes/evil.example.com/80", null, auth());

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.message()).contains("nodes-allow");
    assertThat(registry.size()).isZero();
  }
}
