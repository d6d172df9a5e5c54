package dev.spawn.examples.demo;

import dev.spawn.Node;
import dev.spawn.Spawn;
import dev.spawn.SpawnConfig;
import dev.spawn.examples.app.NotesApp;
import dev.spawn.servlet.SpawnFilter;
import dev.spawn.servlet.admin.AdminServlet;
import dev.spawn.servlet.admin.AdminSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.eclipse.jetty.server.Server;

/** Three notes-app nodes in one JVM, each with its own Spawn, journal and data directory. */
final class DemoCluster implements AutoCloseable {

  /** One node: its Spawn, its web server and where it listens. */
  record Member(Node node, Spawn spawn, Server server, URI uri) {}

  final List<Member> members = new ArrayList<>();

  static DemoCluster start(Path dir, int size) throws Exception {
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      nodes.add(Node.of("127.0.0.1", freePort()).withPriority(i + 1));
    }
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    String secret = Base64.getEncoder().encodeToString(key);
    DemoCluster cluster = new DemoCluster();
    try {
      for (int i = 0; i < size; i++) {
        Node self = nodes.get(i);
        Path nodeDir = dir.resolve("node" + (i + 1));
        SpawnConfig config =
            SpawnConfig.builder()
                .nodes(nodes)
                .self(self.id())
                .healthCheck(h -> h.interval(Duration.ofSeconds(1)).url("/health"))
                .journal(j -> j.path(nodeDir.resolve("journal.db")))
                .mirror(m -> m.secret(secret))
                .delivery(d -> d.backoffMin(Duration.ofMillis(20))
                    .backoffMax(Duration.ofSeconds(1)))
                .build();
        java.nio.file.Files.createDirectories(nodeDir);
        Spawn spawn = Spawn.builder(config).build();
        spawn.start();
        Server server =
            NotesApp.start(
                NotesApp.Options.builder()
                    .host(self.host())
                    .port(self.port())
                    .dataDir(nodeDir.resolve("notes"))
                    .filter(new SpawnFilter(spawn))
                    .servlet("/spawn/*",
                        new AdminServlet(spawn, AdminSettings.builder(config).build()))
                    .build());
        cluster.members.add(new Member(self, spawn, server, NotesApp.baseUri(server)));
      }
    } catch (Exception e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  Member member(int i) {
    return members.get(i);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    for (Member m : members) {
      try {
        m.server().stop();
      } catch (Exception e) {
        // keep closing the others
      }
      m.spawn().close();
    }
  }
}
