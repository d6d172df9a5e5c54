package dev.spawn.servlet.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spawn.Node;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input of every kind: always a 4xx with a clear message, never a 5xx, registry unchanged. */
class AdminHostileInputIT extends AdminFixture {

  private List<Node> before;
  private String[] auth;

  @BeforeEach
  void nodes() throws Exception {
    givenNodes(new Node("a", 80, 1, true, false, "http"), Node.of("b", 81));
    before = registry.all();
    auth = auth("Content-Type", "application/json");
  }

  private AdminServer.Response refused(AdminServer.Response r, int status, String... words) {
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
    assertThat(r.data().get("success").asBoolean()).isFalse();
    assertThat(r.data().get("error").asInt()).isEqualTo(status);
    assertThat(r.message()).contains(words);
    assertThat(registry.all()).isEqualTo(before);
    return r;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"priority\": 2",
        "[",
        "nul",
        "{\"priority\": 2}{\"active\": true}",
        "{priority: 2}",
        "{\"priority\": 2,}",
        "'x'",
        "{\"priority\": 1, \"priority\": 2}"
      })
  void malformedJsonIs400(String body) throws Exception {
    refused(server.send("PUT", "/nodes/a/80", body, auth), 400, "Could not recognize");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"port\": \"80\"}|port",
        "{\"port\": 80.5}|port",
        "{\"port\": 1e400}|port",
        "{\"port\": 99999999999999999999}|port",
        "{\"port\": 0}|port",
        "{\"port\": 70000}|port",
        "{\"port\": -1}|port",
        "{\"priority\": 1.5}|priority",
        "{\"priority\": \"1\"}|priority",
        "{\"priority\": 3000000000}|priority",
        "{\"active\": \"true\"}|active",
        "{\"active\": 1}|active",
        "{\"maintenance\": null}|maintenance",
        "{\"host\": 5}|host",
        "{\"host\": [\"a\"]}|host",
        "{\"scheme\": \"ftp\"}|scheme",
        "{\"scheme\": 7}|scheme",
        "[1, 2]|body",
        "\"a\"|body",
        "42|body"
      })
  void wrongTypesAndValuesAre400NamingTheField(String caseText) throws Exception {
    String[] c = caseText.split("\\|");
    refused(server.send("PUT", "/nodes/a/80", c[0], auth), 400, c[1]);
  }

  @Test
  void unknownFieldsAre400NamingThem() throws Exception {
    refused(server.send("PUT", "/nodes/a/80", "{\"hots\": \"x\"}", auth), 400, "'hots'");
    refused(
        server.send("PUT", "/nodes", "[{\"host\":\"a\",\"port\":80,\"extra\":1}]", auth),
        400,
        "'[0].extra'");
    refused(
        server.send(
            "PUT",
            "/nodes/a/80",
            "priority=1&color=red",
            auth("Content-Type", "application/x-www-form-urlencoded")),
        400,
        "'color'");
  }

  @Test
  void badFormValuesAre400() throws Exception {
    String[] form = auth("Content-Type", "application/x-www-form-urlencoded");

    refused(server.send("PUT", "/nodes/a/80", "priority=high", form), 400, "priority");
    refused(server.send("PUT", "/nodes/a/80", "active=yes", form), 400, "active");
    refused(server.send("PUT", "/nodes/a/80", "priority=1&priority=2", form), 400, "priority");
    refused(server.send("PUT", "/nodes/a/80", "priority=%zz", form), 400, "escape");
  }

  @Test
  void putAllBodiesOfTheWrongShapeAre400() throws Exception {
    refused(server.send("PUT", "/nodes", "{\"host\":\"a\",\"port\":80}", auth), 400, "array");
    refused(server.send("PUT", "/nodes", "[1]", auth), 400, "[0]");
    refused(
        server.send("PUT", "/nodes", "[" + "[".repeat(200) + "]".repeat(200) + "]", auth),
        400,
        "JSON");
    refused(server.send("PUT", "/nodes", "", auth), 400, "array");
  }

  @Test
  void invalidUtf8Is400() throws Exception {
    HttpRequest req =
        HttpRequest.newBuilder(server.uri("/nodes/a/80"))
            .header(auth[0], auth[1])
            .header("Content-Type", "application/json")
            .PUT(
                HttpRequest.BodyPublishers.ofByteArray(
                    new byte[] {
                      '{',
                      '"',
                      'h',
                      'o',
                      's',
                      't',
                      '"',
                      ':',
                      '"',
                      (byte) 0xC3,
                      (byte) 0x28,
                      '"',
                      '}'
                    }))
            .build();

    refused(server.send(req), 400, "JSON");
  }

  @Test
  void aBodyOverOneMebibyteIs413WithoutReadingIt() throws Exception {
    String huge =
        "[" + "{\"host\":\"a\",\"port\":80},".repeat(60_000) + "{\"host\":\"a\",\"port\":80}]";

    // Headers only: the server must refuse from the Content-Length without waiting for the body.
    // (Sending the body too races with the server's close: the client may see a reset while it is
    // still writing, instead of the 413.)
    String[] answer = server.rawHeadersOnly("PUT", "/nodes",
        "Content-Length", Integer.toString(huge.length()), auth[0], auth[1],
        "Content-Type", "application/json");
    assertThat(answer[0]).isEqualTo("413");
    assertThat(answer[1]).contains("1048576 bytes");
  }

  @Test
  void aChunkedBodyOverOneMebibyteIs413() throws Exception {
    byte[] huge = new byte[(1 << 20) + 10];
    java.util.Arrays.fill(huge, (byte) ' ');
    HttpRequest req =
        HttpRequest.newBuilder(server.uri("/nodes/a/80"))
            .timeout(Duration.ofSeconds(10))
            .header(auth[0], auth[1])
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge)))
            .build();

    refused(server.send(req), 413, "too large");
  }

  @Test
  void aBodyOfExactlyOneMebibyteIsRead() throws Exception {
    String body = "{\"priority\": 7}";
    String padded = body + " ".repeat((1 << 20) - body.length());

    AdminServer.Response r = server.send("PUT", "/nodes/a/80", padded, auth);

    assertThat(r.status()).as(r.toString()).isEqualTo(202);
    assertThat(registry.get("a", 80).orElseThrow().priority()).isEqualTo(7);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "70000", "-1", "http", "8o", "1e3", "080000", "%2080"})
  void portsInThePathMustBeDigits1To65535(String port) throws Exception {
    refused(server.send("PUT", "/nodes/a/" + port, "{}", auth), 400, "port");
    refused(server.get("/nodes/a/" + port), 400, "port");
    refused(server.send("DELETE", "/nodes/a/" + port, null, auth), 400, "port");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a%20b", "a%3Bb", "%3Cscript%3E", "a..b", ".a", "a%40b", "%5B%3A%3A1"})
  void oddHostsInThePathAre400(String host) throws Exception {
    refused(server.send("PUT", "/nodes/" + host + "/80", "{}", auth), 400, "host");
    refused(server.get("/nodes/" + host), 400, "host");
    refused(server.send("DELETE", "/nodes/" + host, null, auth), 400, "host");
  }

  @Test
  void aHostOf300CharactersIs400() throws Exception {
    String host = "h".repeat(300);

    refused(server.send("PUT", "/nodes/" + host + "/80", "{}", auth), 400, "300 characters");
    refused(server.send("PUT", "/nodes/a/80", "{\"host\": \"" + host + "\"}", auth), 400, "host");
  }

  @Test
  void anEmptyHostIs400() throws Exception {
    refused(server.send("DELETE", "/nodes/", null, auth), 400, "host");
    refused(server.get("/nodes/"), 400, "host");
    refused(server.send("PUT", "/nodes/a/80", "{\"host\": \"\"}", auth), 400, "host");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/nodes/../x",
        "/nodes/a/b",
        "/nodes/a%2Fb/80",
        "/nodes/%2e%2e/80",
        "/nodes//80",
        "/nodes/a/80/x",
        "/nodes/a%00/80"
      })
  void pathTricksAre4xxAndChangeNothing(String path) throws Exception {
    for (String method : List.of("PUT", "DELETE", "GET")) {
      String[] r = server.raw(method, path, auth[0], auth[1]);
      assertThat(Integer.parseInt(r[0]))
          .as(method + " " + path + " -> " + r[0] + " " + r[1])
          .isBetween(400, 499);
    }
    assertThat(registry.all()).isEqualTo(before);
  }

  @Test
  void aBadQueryStringIs400OnlyWhereItMatters() throws Exception {
    String[] raw = server.raw("GET", "/metrics?format=%zz");
    assertThat(raw[0]).isEqualTo("400");
    assertThat(raw[1]).contains("escape");
    refused(server.get("/metrics?format=xml"), 400, "format");
    refused(server.get("/deadletters?limit=0", auth), 400, "limit");
    refused(server.get("/deadletters?limit=1&limit=2", auth), 400, "limit");
  }
}
