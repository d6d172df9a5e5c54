package dev.spawn.servlet.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spawn.Node;
import dev.spawn.servlet.auth.NoAuthenticator;
import org.junit.jupiter.api.Test;

/**
 * Development mode (no authentication). A test over loopback cannot come from another address, so
 * the non-loopback case runs the real servlet with a remote-address rule that sees every caller as
 * remote; {@link GateTest} and {@link LoopbackTest} test the rule itself.
 */
class AdminDevModeIT extends AdminFixture {

  @Override
  AdminSettings.Builder settings() {
    return super.settings().authenticator(new NoAuthenticator());
  }

  @Test
  void loopbackCallersMayChangeWithoutAToken() throws Exception {
    AdminServer.Response r = server.send("PUT", "/nodes/a/80", null);

    assertThat(r.status()).isEqualTo(201);
    assertThat(audit.last().principal()).isEqualTo("anonymous");
    assertThat(audit.last().remoteAddr()).isEqualTo("127.0.0.1");
  }

  @Test
  void remoteCallersMayReadButNotChange() throws Exception {
    server.close();
    server = new AdminServer(spawn, settings().build(), addr -> false, getClass().getClassLoader());
    givenNodes(Node.of("a", 80));

    assertThat(server.get("/nodes").status()).isEqualTo(200);
    AdminServer.Response put = server.send("PUT", "/nodes/b/80", null);
    AdminServer.Response del = server.send("DELETE", "/nodes", null);
    AdminServer.Response dead = server.get("/deadletters");
    // A token from the open login grants nothing more.
    AdminServer.Response login =
        server.send(
            "POST",
            "/login",
            "username=x&password=y",
            "Content-Type",
            "application/x-www-form-urlencoded");
    AdminServer.Response withToken =
        server.send(
            "DELETE",
            "/nodes",
            null,
            "Authorization",
            "Bearer " + login.data().get("token").asText());

    assertThat(put.status()).isEqualTo(403);
    assertThat(put.message()).contains("loopback");
    assertThat(del.status()).isEqualTo(403);
    assertThat(dead.status()).isEqualTo(403);
    assertThat(withToken.status()).isEqualTo(403);
    assertThat(registry.all()).containsExactly(Node.of("a", 80));
  }
}
