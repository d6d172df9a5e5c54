package dev.spawn.servlet.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spawn.NodeRegistry;
import dev.spawn.Spawn;
import dev.spawn.servlet.auth.StaticUsersAuthenticator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/** The no-argument servlet, configured the way web.xml would: context attribute + init params. */
class AdminServletWebXmlIT {

  @Test
  void configuredFromInitParametersAndTheContextAttribute() throws Exception {
    Spawn spawn = dev.spawn.testing.TestSpawns.inMemory();
    NodeRegistry registry = spawn.nodes();
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    context.setAttribute(AdminServlet.SPAWN_ATTRIBUTE, spawn);
    ServletHolder holder = new ServletHolder(AdminServlet.class);
    holder.setInitParameter("spawn.admin.auth", "static");
    holder.setInitParameter(
        "spawn.admin.users", "ops=" + StaticUsersAuthenticator.hash("pw".toCharArray(), 1000));
    holder.setInitParameter("spawn.admin.token-expiration", "PT5M");
    holder.setInitParameter("spawn.admin.login-limit-failures", "1");
    holder.setInitParameter("spawn.admin.login-limit-address-failures", "10");
    holder.setInitParameter("spawn.admin.login-limit-window", "PT1M");
    holder.setInitParameter(
        "spawn.admin.cors-origins", "https://a.example.org, https://b.example.org");
    context.addServlet(holder, "/*");
    server.setHandler(context);
    server.start();
    try {
      String base = "http://127.0.0.1:" + connector.getLocalPort();
      HttpClient client = HttpClient.newHttpClient();
      HttpResponse<String> login =
          client.send(
              HttpRequest.newBuilder(URI.create(base + "/login"))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString("username=ops&password=pw"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      String token = AdminServer.JSON.readTree(login.body()).get("data").get("token").asText();
      HttpResponse<String> put =
          client.send(
              HttpRequest.newBuilder(URI.create(base + "/nodes/a/80"))
                  .header("Authorization", "Bearer " + token)
                  .PUT(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      HttpRequest wrong =
          HttpRequest.newBuilder(URI.create(base + "/login"))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString("username=ops&password=no"))
              .build();
      HttpResponse<String> failed = client.send(wrong, HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> paused = client.send(wrong, HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> cors =
          client.send(
              HttpRequest.newBuilder(URI.create(base + "/list"))
                  .header("Origin", "https://b.example.org")
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(login.statusCode()).isEqualTo(200);
      assertThat(AdminServer.JSON.readTree(login.body()).get("data").get("expiresIn").asLong())
          .isEqualTo(300);
      assertThat(put.statusCode()).isEqualTo(201);
      assertThat(registry.size()).isEqualTo(1);
      assertThat(failed.statusCode()).isEqualTo(401);
      assertThat(paused.statusCode()).isEqualTo(429);
      assertThat(paused.headers().firstValue("Retry-After")).contains("60");
      assertThat(cors.headers().firstValue("Access-Control-Allow-Origin"))
          .contains("https://b.example.org");
    } finally {
      server.stop();
    }
  }
}
