package dev.spawn.examples.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the example is for: two nodes given the same writes with the same Spawn ids and origin
 * times hold the same data, and keep it across a restart.
 */
class DeterminismIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dirA;
  @TempDir Path dirB;
  private final List<Server> servers = new ArrayList<>();

  @AfterEach
  void stopAll() throws Exception {
    for (Server server : servers) {
      server.stop();
    }
  }

  @Test
  void sameWritesWithSameStampsGiveTheSameDigest() throws Exception {
    AppClient a = start(dirA, true);
    AppClient b = start(dirB, true);
    for (AppClient node : List.of(a, b)) {
      writeSameHistory(node);
    }

    String digestA = a.get("/digest").body();
    assertThat(digestA).isEqualTo(b.get("/digest").body());
    assertThat(JSON.readTree(digestA).get("count").asInt()).isEqualTo(3);
    assertThat(a.get("/notes").body()).isEqualTo(b.get("/notes").body());
    JsonNode first = JSON.readTree(a.get("/notes/t000001").body());
    assertThat(first.get("created").asLong()).isEqualTo(StampingFilter.EPOCH + 1);
  }

  @Test
  void withoutStampsTheSameWritesDrift() throws Exception {
    AppClient a = start(dirA, false);
    AppClient b = start(dirB, false);
    a.postJson("/notes", "{\"title\":\"same\"}");
    b.postJson("/notes", "{\"title\":\"same\"}");

    // Random ids: this is why the app takes its ids from Spawn.
    assertThat(a.get("/digest").body()).isNotEqualTo(b.get("/digest").body());
  }

  @Test
  void differentDataGivesADifferentDigest() throws Exception {
    AppClient a = start(dirA, true);
    AppClient b = start(dirB, true);
    a.postJson("/notes", "{\"title\":\"one\",\"text\":\"x\"}");
    b.postJson("/notes", "{\"title\":\"one\",\"text\":\"y\"}");

    JsonNode digestA = JSON.readTree(a.get("/digest").body());
    JsonNode digestB = JSON.readTree(b.get("/digest").body());
    assertThat(digestA.get("count")).isEqualTo(digestB.get("count"));
    assertThat(digestA.get("sha256")).isNotEqualTo(digestB.get("sha256"));
  }

  @Test
  void spawnHeadersServeWhenNoFilterSetTheAttributes() throws Exception {
    AppClient a = start(dirA, false);
    AppClient b = start(dirB, false);
    for (AppClient node : List.of(a, b)) {
      node.method("POST", "/notes", "application/json",
          BodyPublishers.ofString("{\"title\":\"h\"}"),
          "Spawn-Id", "01HZX3", "Spawn-Origin-Time", "1700000000123");
    }

    JsonNode note = JSON.readTree(a.get("/notes/01HZX3").body());
    assertThat(note.get("created").asLong()).isEqualTo(1_700_000_000_123L);
    assertThat(a.get("/digest").body()).isEqualTo(b.get("/digest").body());
  }

  @Test
  void aRepeatedCreateWithTheSameIdKeepsTheFirst() throws Exception {
    AppClient a = start(dirA, false);
    String[] spawn = {"Spawn-Id", "dup-1", "Spawn-Origin-Time", "5"};
    assertThat(a.method("POST", "/notes", "application/json",
        BodyPublishers.ofString("{\"title\":\"first\"}"), spawn).statusCode()).isEqualTo(201);
    assertThat(a.method("POST", "/notes", "application/json",
        BodyPublishers.ofString("{\"title\":\"first\"}"), spawn).statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(a.get("/notes").body())).hasSize(1);
  }

  @Test
  void keepsItsNotesAcrossARestart() throws Exception {
    AppClient a = start(dirA, true);
    writeSameHistory(a);
    String notes = a.get("/notes").body();
    String digest = a.get("/digest").body();
    servers.remove(0).stop();

    AppClient again = start(dirA, true);
    assertThat(again.get("/notes").body()).isEqualTo(notes);
    assertThat(again.get("/digest").body()).isEqualTo(digest);
  }

  /** Creates, replaces, deletes: every kind of write, in one fixed order. */
  private static void writeSameHistory(AppClient node) {
    assertThat(node.postJson("/notes", "{\"title\":\"one\",\"text\":\"1\"}").statusCode())
        .isEqualTo(201);
    assertThat(node.postForm("/notes", "title=two&text=2").statusCode()).isEqualTo(201);
    assertThat(node.postJson("/notes", "{\"title\":\"three\"}").statusCode()).isEqualTo(201);
    assertThat(node.putJson("/notes/t000002", "{\"title\":\"two, edited\"}").statusCode())
        .isEqualTo(200);
    assertThat(node.putJson("/notes/Custom.Id", "{\"title\":\"mine\"}").statusCode())
        .isEqualTo(201);
    assertThat(node.delete("/notes/t000003").statusCode()).isEqualTo(204);
  }

  private AppClient start(Path dir, boolean stamped) throws Exception {
    NotesApp.Options.Builder options = NotesApp.Options.builder().dataDir(dir).port(0);
    if (stamped) {
      options.filter(new StampingFilter());
    }
    Server server = NotesApp.start(options.build());
    servers.add(server);
    return new AppClient(server);
  }
}
