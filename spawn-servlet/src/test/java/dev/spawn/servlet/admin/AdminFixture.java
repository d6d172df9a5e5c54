package dev.spawn.servlet.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spawn.Node;
import dev.spawn.NodeRegistry;
import dev.spawn.Spawn;
import dev.spawn.servlet.auth.StaticUsersAuthenticator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A running admin API with one static user (admin / s3cret), an audit recorder and test time. */
abstract class AdminFixture {

  static final String PASSWORD = "s3cret";
  static final String HASH = StaticUsersAuthenticator.hash(PASSWORD.toCharArray(), 1000);

  final TestTime time = new TestTime();
  final RecordingAuditLog audit = new RecordingAuditLog();
  NodeRegistry registry;
  Spawn spawn;
  AdminServer server;

  @BeforeEach
  void start() throws Exception {
    spawn = dev.spawn.testing.TestSpawns.inMemory();
    registry = spawn.nodes();
    server = new AdminServer(spawn, settings().build());
  }

  /** The settings every test of the class runs with; override to change them. */
  AdminSettings.Builder settings() {
    return AdminSettings.builder()
        .authenticator(StaticUsersAuthenticator.builder().user("admin", HASH).build())
        .clock(time)
        .nanoTime(time)
        .serviceHost("test-host")
        .auditLog(audit);
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    spawn.close();
  }

  /** Logs in as admin and returns the Authorization header pair. */
  String[] auth() throws Exception {
    AdminServer.Response r =
        server.send(
            "POST",
            "/login",
            "username=admin&password=" + PASSWORD,
            "Content-Type",
            "application/x-www-form-urlencoded");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return new String[] {"Authorization", "Bearer " + r.data().get("token").asText()};
  }

  /** Headers: the auth pair followed by more pairs. */
  String[] auth(String... more) throws Exception {
    String[] a = auth();
    String[] all = new String[a.length + more.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(more, 0, all, a.length, more.length);
    return all;
  }

  void givenNodes(Node... nodes) {
    registry.putAll(List.of(nodes));
  }
}
