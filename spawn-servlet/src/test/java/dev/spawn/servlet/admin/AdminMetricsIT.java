package dev.spawn.servlet.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spawn.Node;
import dev.spawn.metrics.Operation;
import dev.spawn.metrics.SpawnMetrics.Result;
import org.junit.jupiter.api.Test;

class AdminMetricsIT extends AdminFixture {

  private void counted() {
    givenNodes(Node.of("a", 80), Node.of("b", 80));
    spawn.metrics().record("a:80", Operation.GET, Result.SUCCESS);
    spawn.metrics().record("a:80", Operation.GET, Result.SUCCESS);
    spawn.metrics().record("a:80", Operation.SET, Result.FAILURE);
    spawn.metrics().record("a:80", Operation.DELETE, Result.QUEUED);
  }

  @Test
  void metricsIsTheGoTextTablePerNode() throws Exception {
    counted();

    AdminServer.Response r = server.get("/metrics");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).startsWith("text/plain");
    assertThat(r.body()).contains("a:80", "b:80");
    assertThat(r.body()).containsPattern("\\| success +\\| +2 \\| +0 \\| +0 \\|");
    assertThat(r.body()).containsPattern("\\| failure +\\| +0 \\| +1 \\| +0 \\|");
    assertThat(r.body()).containsPattern("\\| queued +\\| +0 \\| +0 \\| +1 \\|");
  }

  @Test
  void metricsAsJsonByAcceptOrFormat() throws Exception {
    counted();

    AdminServer.Response byAccept = server.get("/metrics", "Accept", "application/json");
    AdminServer.Response byFormat = server.get("/metrics?format=json");

    for (AdminServer.Response r : new AdminServer.Response[] {byAccept, byFormat}) {
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.data().get("total").asInt()).isEqualTo(2);
      var a = r.data().get("results").get(0);
      assertThat(a.get("nodeId").asText()).isEqualTo("a:80");
      assertThat(a.get("success").get("get").asLong()).isEqualTo(2);
      assertThat(a.get("failure").get("set").asLong()).isEqualTo(1);
      assertThat(a.get("queued").get("delete").asLong()).isEqualTo(1);
    }
    assertThat(server.get("/metrics?format=text", "Accept", "application/json").body())
        .contains("| success");
  }

  @Test
  void metricsWithNoNodesSaysSo() throws Exception {
    assertThat(server.get("/metrics").body()).isEqualTo("No nodes.\n");
  }

  @Test
  void prometheusTextWhenTheRegistryIsOnTheClasspath() throws Exception {
    counted();

    AdminServer.Response r = server.get("/metrics/prometheus");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).startsWith("text/plain");
    assertThat(r.body())
        .contains("spawn_requests_total{node=\"a:80\",operation=\"get\",result=\"success\"} 2.0")
        .contains("spawn_node_active{node=\"b:80\"} 1.0");
  }

  @Test
  void prometheusIs404NamingTheArtifactWhenTheRegistryIsAbsent() throws Exception {
    server.close();
    ClassLoader withoutMicrometer =
        new ClassLoader(getClass().getClassLoader()) {
          @Override
          protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("io.micrometer.")) {
              throw new ClassNotFoundException(name);
            }
            return super.loadClass(name, resolve);
          }
        };
    server = new AdminServer(spawn, settings().build(), Loopback::isLoopback, withoutMicrometer);

    AdminServer.Response r = server.get("/metrics/prometheus");

    assertThat(r.status()).isEqualTo(404);
    assertThat(r.data().get("info").asText())
        .contains("io.micrometer:micrometer-registry-prometheus");
    assertThat(server.get("/metrics").status()).isEqualTo(200);
  }
}
