package dev.spawn.examples.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The notes API over real HTTP, running without Spawn (no filter). */
class NotesApiIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long NOW = 1_234_567_890_000L;

  @TempDir Path dataDir;
  private Server server;
  private AppClient app;

  @BeforeEach
  void start() throws Exception {
    server = NotesApp.start(NotesApp.Options.builder()
        .dataDir(dataDir)
        .host("127.0.0.1")
        .port(0)
        .clock(Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC))
        .build());
    app = new AppClient(server);
  }

  @AfterEach
  void stop() throws Exception {
    server.stop();
  }

  @Test
  void createsReadsListsReplacesAndDeletes() throws Exception {
    HttpResponse<String> created = app.postJson("/notes", "{\"title\":\"a\",\"text\":\"one\"}");
    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode note = JSON.readTree(created.body());
    String id = note.get("id").asText();
    assertThat(created.headers().firstValue("Location")).hasValueSatisfying(
        location -> assertThat(location).endsWith("/notes/" + id));
    assertThat(note.get("title").asText()).isEqualTo("a");
    assertThat(note.get("created").asLong()).isEqualTo(NOW);

    assertThat(JSON.readTree(app.get("/notes/" + id).body())).isEqualTo(note);

    HttpResponse<String> replaced = app.putJson("/notes/" + id, "{\"title\":\"b\"}");
    assertThat(replaced.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(replaced.body()).get("text").asText()).isEmpty();
    assertThat(app.putJson("/notes/zzz", "{\"title\":\"z\"}").statusCode()).isEqualTo(201);
    assertThat(app.putJson("/notes/AAA", "{\"title\":\"A\"}").statusCode()).isEqualTo(201);

    JsonNode list = JSON.readTree(app.get("/notes").body());
    List<String> sorted = Stream.of("AAA", id, "zzz").sorted().toList();
    assertThat(list.findValuesAsText("id")).containsExactlyElementsOf(sorted);
    assertThat(list.findValuesAsText("title")).containsExactlyInAnyOrder("A", "b", "z");

    assertThat(app.delete("/notes/" + id).statusCode()).isEqualTo(204);
    assertThat(app.delete("/notes/" + id).statusCode()).isEqualTo(404);
    HttpResponse<String> gone = app.get("/notes/" + id);
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(gone.body()).get("error").asText()).contains(id);
    assertThat(JSON.readTree(app.get("/notes").body()).findValuesAsText("id"))
        .containsExactly("AAA", "zzz");
  }

  @Test
  void acceptsAFormPost() throws Exception {
    HttpResponse<String> created = app.postForm("/notes", "title=From+a+form&text=caf%C3%A9");
    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode note = JSON.readTree(created.body());
    assertThat(note.get("title").asText()).isEqualTo("From a form");
    assertThat(note.get("text").asText()).isEqualTo("café");
    assertThat(JSON.readTree(app.get("/notes/" + note.get("id").asText()).body())).isEqualTo(note);
  }

  @Test
  void refusesBadInputNamingTheField() throws Exception {
    assertError(app.postJson("/notes", "{\"text\":\"no title\"}"), 400, "title");
    assertError(app.postJson("/notes", "{\"title\":\"  \"}"), 400, "title");
    assertError(app.postJson("/notes", "{\"title\":\"t\",\"text\":42}"), 400, "text");
    assertError(app.postJson("/notes", "{\"title\":\"" + "x".repeat(201) + "\"}"), 400, "title");
    assertError(app.postJson("/notes", "{not json"), 400, "body");
    assertError(app.postJson("/notes", "[1,2]"), 400, "body");
    assertError(app.postForm("/notes", "text=only"), 400, "title");
    assertError(app.putJson("/notes/bad%20id", "{\"title\":\"t\"}"), 400, "id");
    assertError(app.method("PUT", "/notes/x", "text/plain", BodyPublishers.ofString("t")),
        415, "Content-Type");
    assertError(app.postJson("/notes", "{\"title\":\"t\",\"text\":\"" + "x".repeat(70_000) + "\"}"),
        413, "body");
    assertError(app.method("POST", "/notes", "application/json",
        BodyPublishers.ofString("{\"title\":\"t\"}"), "Spawn-Id", "has space"), 400, "Spawn-Id");
    assertError(app.method("POST", "/notes", "application/json",
        BodyPublishers.ofString("{\"title\":\"t\"}"), "Spawn-Origin-Time", "soon"),
        400, "Spawn-Origin-Time");
    assertThat(JSON.readTree(app.get("/notes").body())).isEmpty();
  }

  @Test
  void answersWrongMethodsAndPaths() {
    HttpResponse<String> putOnCollection = app.putJson("/notes", "{\"title\":\"t\"}");
    assertThat(putOnCollection.statusCode()).isEqualTo(405);
    assertThat(putOnCollection.headers().firstValue("Allow")).hasValue("GET, POST");
    assertThat(app.postJson("/notes/x", "{\"title\":\"t\"}").statusCode()).isEqualTo(405);
    assertThat(app.get("/notes/a/b").statusCode()).isEqualTo(404);
    assertThat(app.get("/nothing-here").statusCode()).isEqualTo(404);
  }

  @Test
  void reportsHealthAndDigest() throws Exception {
    HttpResponse<String> health = app.get("/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).isEqualTo("ok");

    JsonNode empty = JSON.readTree(app.get("/digest").body());
    assertThat(empty.get("count").asInt()).isZero();
    assertThat(empty.get("sha256").asText()).hasSize(64);
    app.putJson("/notes/n1", "{\"title\":\"t\"}");
    JsonNode one = JSON.readTree(app.get("/digest").body());
    assertThat(one.get("count").asInt()).isEqualTo(1);
    assertThat(one.get("sha256")).isNotEqualTo(empty.get("sha256"));
  }

  private static void assertError(HttpResponse<String> response, int status, String field)
      throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/json"));
    JsonNode error = JSON.readTree(response.body());
    assertThat(error.get("field").asText()).isEqualTo(field);
    assertThat(error.get("error").asText()).isNotBlank();
  }
}
