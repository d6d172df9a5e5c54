package dev.spawn.servlet.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spawn.Node;
import org.junit.jupiter.api.Test;

/** /info, /list help, unknown routes, wrong methods, OPTIONS and CORS. */
class AdminMiscIT extends AdminFixture {

  private static final String CONSOLE = "https://console.example.org";

  @Override
  AdminSettings.Builder settings() {
    return super.settings().serviceName("Test Spawn").corsOrigin(CONSOLE);
  }

  @Test
  void infoDescribesServiceHostRuntimeAndRelease() throws Exception {
    givenNodes(Node.of("a", 80));

    AdminServer.Response r = server.get("/info");

    assertThat(r.status()).isEqualTo(200);
    var info = r.data().get("results").get(0);
    assertThat(info.get("service").asText()).isEqualTo("Test Spawn");
    assertThat(info.get("host").asText()).isEqualTo("test-host");
    assertThat(info.get("runtime").get("java").asText())
        .isEqualTo(System.getProperty("java.version"));
    assertThat(info.get("runtime").get("cpus").asInt()).isPositive();
    assertThat(info.get("runtime").get("threads").asInt()).isPositive();
    assertThat(info.get("runtime").get("memory").get("used").asText()).endsWith("MB");
    // From the jar's manifest under failsafe; "dev" when run from classes.
    String version = null;
    java.net.URL self = AdminServlet.class.getResource("AdminServlet.class");
    if (self.getProtocol().equals("jar")) {
      version =
          ((java.net.JarURLConnection) self.openConnection())
              .getManifest()
              .getMainAttributes()
              .getValue("Implementation-Version");
    }
    assertThat(info.get("release").get("number").asText())
        .isEqualTo(version == null ? "dev" : version);
    assertThat(info.get("release").get("date").asText())
        .matches(version == null ? "unknown" : "\\d{4}-\\d\\d-\\d\\dT.*");
    assertThat(info.get("auth").asText()).isEqualTo("static");
    assertThat(info.get("nodes").asInt()).isEqualTo(1);
  }

  @Test
  void listShowsEveryRouteAsPlainText() throws Exception {
    AdminServer.Response r = server.get("/list");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).startsWith("text/plain");
    assertThat(r.body())
        .contains("| GET    | /nodes/{host}/{port}")
        .contains("PUT", "DELETE", "/login", "/queues", "/deadletters", "/metrics/prometheus")
        .contains("maintenance");
  }

  @Test
  void listNodesAndItsParts() throws Exception {
    String nodes = server.get("/list/nodes").body();
    String get = server.get("/list/nodes/get").body();
    String set = server.get("/list/nodes/set").body();
    String delete = server.get("/list/nodes/delete").body();

    assertThat(nodes).contains("GET", "PUT", "DELETE").doesNotContain("/deadletters");
    assertThat(get).contains("| GET ").doesNotContain("| PUT ").doesNotContain("| DELETE ");
    assertThat(set).contains("| PUT ").doesNotContain("| DELETE ");
    assertThat(delete).contains("| DELETE ").doesNotContain("| PUT ");
    assertThat(set).contains("priority", "active", "maintenance", "scheme");
  }

  @Test
  void anUnknownRouteIs404PointingAtList() throws Exception {
    AdminServer.Response r = server.get("/nope");
    AdminServer.Response root = server.get("/");

    assertThat(r.status()).isEqualTo(404);
    assertThat(r.data().get("success").asBoolean()).isFalse();
    assertThat(r.data().get("info").asText()).contains("/app/spawn/list");
    assertThat(root.status()).isEqualTo(404);
  }

  @Test
  void aWrongMethodIs405WithAllow() throws Exception {
    AdminServer.Response post = server.send("POST", "/nodes", "{}", auth());
    AdminServer.Response putInfo = server.send("PUT", "/info", null);
    AdminServer.Response getLogout = server.get("/logout");

    assertThat(post.status()).isEqualTo(405);
    assertThat(post.header("Allow")).isEqualTo("GET, PUT, DELETE, OPTIONS");
    assertThat(putInfo.status()).isEqualTo(405);
    assertThat(putInfo.header("Allow")).isEqualTo("GET, OPTIONS");
    assertThat(getLogout.status()).isEqualTo(405);
    assertThat(audit.events).extracting(AuditEvent::status).contains(405);
  }

  @Test
  void optionsAnswersAllowAndNoCorsForAnUnlistedOrigin() throws Exception {
    AdminServer.Response r =
        server.send(
            "OPTIONS",
            "/nodes/a/80",
            null,
            "Origin",
            "https://evil.example.com",
            "Access-Control-Request-Method",
            "PUT");

    assertThat(r.status()).isEqualTo(204);
    assertThat(r.header("Allow")).isEqualTo("GET, PUT, DELETE, OPTIONS");
    assertThat(r.header("Access-Control-Allow-Origin")).isNull();
    assertThat(r.header("Access-Control-Allow-Methods")).isNull();
    assertThat(r.header("Vary")).contains("Origin");
  }

  @Test
  void preflightFromAConfiguredOriginGetsItsOwnOriginBackNeverAWildcard() throws Exception {
    AdminServer.Response r =
        server.send(
            "OPTIONS",
            "/nodes",
            null,
            "Origin",
            CONSOLE,
            "Access-Control-Request-Method",
            "DELETE",
            "Access-Control-Request-Headers",
            "authorization");

    assertThat(r.status()).isEqualTo(204);
    assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo(CONSOLE);
    assertThat(r.header("Access-Control-Allow-Methods")).contains("DELETE");
    assertThat(r.header("Access-Control-Allow-Headers")).contains("Authorization");
    assertThat(r.header("Access-Control-Allow-Credentials")).isNull();
    assertThat(r.header("Vary")).contains("Origin");
  }

  @Test
  void ordinaryAnswersCarryCorsOnlyForAConfiguredOrigin() throws Exception {
    givenNodes(Node.of("a", 80));

    assertThat(server.get("/nodes", "Origin", CONSOLE).header("Access-Control-Allow-Origin"))
        .isEqualTo(CONSOLE);
    assertThat(server.get("/nodes", "Origin", "null").header("Access-Control-Allow-Origin"))
        .isNull();
    assertThat(server.get("/nodes").header("Access-Control-Allow-Origin")).isNull();
  }

  @Test
  void optionsOnAnUnknownRouteIs404() throws Exception {
    assertThat(server.send("OPTIONS", "/nope", null).status()).isEqualTo(404);
  }

  @Test
  void answersAreNotCached() throws Exception {
    AdminServer.Response r = server.get("/list");

    assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
  }
}
