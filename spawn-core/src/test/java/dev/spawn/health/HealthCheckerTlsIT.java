package dev.spawn.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spawn.Node;
import dev.spawn.NodeRegistry;
import dev.spawn.config.HealthCheckConfig;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks of https nodes, trusting a self-signed certificate through the given SSLContext. */
class HealthCheckerTlsIT {

  private static final String PASSWORD = "changeit";

  @TempDir static Path dir;
  private static Server server;
  private static Node node;
  private static SSLContext trusting;

  @BeforeAll
  static void startHttpsServer() throws Exception {
    Path keystore = dir.resolve("node.p12");
    dev.spawn.testing.SelfSignedCertificate.create(keystore, PASSWORD);

    SslContextFactory.Server tls = new SslContextFactory.Server();
    tls.setKeyStorePath(keystore.toString());
    tls.setKeyStorePassword(PASSWORD);
    server = new Server();
    ServerConnector connector = new ServerConnector(server, tls);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback) {
            Content.Sink.write(response, true, "secure UP", callback);
            return true;
          }
        });
    server.start();
    node = Node.of("127.0.0.1", connector.getLocalPort()).withScheme("https");

    KeyStore trustStore = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      trustStore.load(in, PASSWORD.toCharArray());
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trustStore);
    trusting = SSLContext.getInstance("TLS");
    trusting.init(null, tmf.getTrustManagers(), null);
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.stop();
  }

  private static HealthCheckConfig settings() {
    return HealthCheckConfig.builder()
        .interval(Duration.ofHours(1))
        .timeout(Duration.ofSeconds(5))
        .regexp("UP")
        .fall(1)
        .build();
  }

  @Test
  void anHttpsNodeIsHealthyWhenTheSslContextTrustsIt() {
    NodeRegistry registry = new NodeRegistry();
    registry.put(node);
    try (HealthChecker checker =
        HealthChecker.builder(registry).settings(settings()).sslContext(trusting).build()) {
      assertThat(checker.checkNow()).containsEntry(node.id(), HealthState.HEALTHY);
    }
  }

  @Test
  void anUntrustedCertificateIsAFailedCheck() throws Exception {
    try (CloseableHttpClient client = HealthProbe.newClient(settings(), null)) {
      ProbeResult result = new HealthProbe(client, settings(), System::nanoTime).probe(node);
      assertThat(result.healthy()).isFalse();
      assertThat(result.reason()).startsWith("TLS failed");
    }
    NodeRegistry registry = new NodeRegistry();
    registry.putAll(List.of(node));
    try (HealthChecker checker = HealthChecker.builder(registry).settings(settings()).build()) {
      assertThat(checker.checkNow()).containsEntry(node.id(), HealthState.UNHEALTHY);
    }
  }
}
