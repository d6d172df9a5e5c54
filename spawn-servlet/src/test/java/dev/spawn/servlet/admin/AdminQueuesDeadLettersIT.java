package dev.spawn.servlet.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spawn.Node;
import dev.spawn.Spawn;
import dev.spawn.journal.JournalEntry;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdminQueuesDeadLettersIT extends AdminFixture {

  private final DeadLetterJournal journal = new DeadLetterJournal();

  @Override
  AdminSettings.Builder settings() {
    return super.settings()
        .payloadDescriber(
            p -> Map.of("length", p.length, "first", new String(p, 0, 4, StandardCharsets.UTF_8)));
  }

  @BeforeEach
  void withJournal() throws Exception {
    server.close();
    spawn.close();
    spawn = dev.spawn.testing.TestSpawns.withJournal(journal);
    registry = spawn.nodes();
    server = new AdminServer(spawn, settings().build());
    givenNodes(Node.of("a", 80), Node.of("b", 80));
  }

  private void deadLetters(int n) {
    for (int i = 1; i <= n; i++) {
      journal.addDeadLetter(
          i % 2 == 0 ? "b:80" : "a:80",
          new JournalEntry(i, null, 0, ("POST /orders " + i).getBytes(StandardCharsets.UTF_8)),
          422,
          "Unprocessable Entity");
    }
  }

  @Test
  void queuesListsEveryPeer() throws Exception {
    AdminServer.Response r = server.get("/queues");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.data().get("success").asBoolean()).isTrue();
    // Spawn reports no peers until delivery is wired; the list mirrors spawn.queues().
    assertThat(r.data().get("total").asInt()).isEqualTo(spawn.queues().size());
  }

  @Test
  void oneQueueOfAnUnknownNodeIs404() throws Exception {
    assertThat(server.get("/queues/zzz/80").status()).isEqualTo(404);
    assertThat(server.get("/queues/a/80").status()).isEqualTo(200);
    assertThat(server.get("/queues/a/0").status()).isEqualTo(400);
  }

  @Test
  void resetOfAnUnknownNodeIs404AndOfAPeerWithoutAQueueIs409() throws Exception {
    String[] auth = auth();

    AdminServer.Response unknown = server.send("POST", "/queues/zzz/80/reset", null, auth);
    AdminServer.Response noQueue = server.send("POST", "/queues/a/80/reset", null, auth);

    assertThat(unknown.status()).isEqualTo(404);
    assertThat(noQueue.status()).isEqualTo(409);
    assertThat(noQueue.message()).contains("a:80");
    assertThat(audit.last().nodes()).containsExactly("a:80");
    assertThat(audit.last().status()).isEqualTo(409);
  }

  @Test
  void deadLettersListShowsBodiesAsBase64WithASummaryAndIsAudited() throws Exception {
    deadLetters(3);

    AdminServer.Response r = server.get("/deadletters", auth());

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.data().get("total").asInt()).isEqualTo(3);
    var first = r.data().get("results").get(0);
    assertThat(first.get("node").asText()).isEqualTo("a:80");
    assertThat(first.get("status").asInt()).isEqualTo(422);
    assertThat(
            new String(
                Base64.getDecoder().decode(first.get("body").asText()), StandardCharsets.UTF_8))
        .isEqualTo("POST /orders 1");
    assertThat(first.get("summary").get("first").asText()).isEqualTo("POST");
    assertThat(first.get("created").asText()).isEqualTo("2023-11-14T22:13:20Z");
    assertThat(audit.last().method()).isEqualTo("GET");
    assertThat(audit.last().path()).isEqualTo("/deadletters");
    assertThat(server.get("/deadletters?limit=2", auth()).data().get("total").asInt()).isEqualTo(2);
  }

  @Test
  void oneDeadLetterById() throws Exception {
    deadLetters(2);

    assertThat(
            server.get("/deadletters/2", auth()).data().get("results").get(0).get("node").asText())
        .isEqualTo("b:80");
    assertThat(server.get("/deadletters/9", auth()).status()).isEqualTo(404);
    assertThat(server.get("/deadletters/x", auth()).status()).isEqualTo(400);
  }

  @Test
  void retryOneAppendsItAgainForItsPeer() throws Exception {
    deadLetters(2);

    AdminServer.Response r = server.send("POST", "/deadletters/2/retry", null, auth());

    assertThat(r.status()).isEqualTo(200);
    assertThat(journal.appended).hasSize(1);
    assertThat(journal.appended.get(0).target()).isEqualTo("b:80");
    assertThat(r.data().get("results").get(0).get("seq").asLong())
        .isEqualTo(journal.appended.get(0).seq());
    assertThat(journal.deadCount()).isEqualTo(1);
    assertThat(audit.last().nodes()).containsExactly("b:80");
    assertThat(server.send("POST", "/deadletters/2/retry", null, auth()).status()).isEqualTo(404);
  }

  @Test
  void retryAll() throws Exception {
    deadLetters(3);

    AdminServer.Response r = server.send("POST", "/deadletters/retry", null, auth());

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.data().get("total").asInt()).isEqualTo(3);
    assertThat(journal.appended)
        .extracting(JournalEntry::target)
        .containsExactly("a:80", "b:80", "a:80");
    assertThat(journal.deadCount()).isZero();
  }

  @Test
  void deleteOneAndPurge() throws Exception {
    deadLetters(3);
    String[] auth = auth();

    assertThat(server.send("DELETE", "/deadletters/1", null, auth).status()).isEqualTo(200);
    assertThat(server.send("DELETE", "/deadletters/1", null, auth).status()).isEqualTo(404);
    AdminServer.Response purge = server.send("DELETE", "/deadletters", null, auth);

    assertThat(purge.status()).isEqualTo(200);
    assertThat(purge.data().get("total").asInt()).isEqualTo(2);
    assertThat(journal.deadCount()).isZero();
    assertThat(journal.appended).isEmpty();
  }

  @Test
  void deadLettersNeedATokenAndChangeNothingWithout() throws Exception {
    deadLetters(2);

    assertThat(server.get("/deadletters").status()).isEqualTo(401);
    assertThat(server.get("/deadletters/1").status()).isEqualTo(401);
    assertThat(server.send("POST", "/deadletters/1/retry", null).status()).isEqualTo(401);
    assertThat(server.send("DELETE", "/deadletters", null).status()).isEqualTo(401);
    assertThat(journal.deadCount()).isEqualTo(2);
    assertThat(journal.appended).isEmpty();
  }

  @Test
  void aBrokenJournalIs503NotA500() throws Exception {
    deadLetters(1);
    journal.broken = true;

    AdminServer.Response r = server.get("/deadletters", auth());

    assertThat(r.status()).isEqualTo(503);
    assertThat(r.header("Retry-After")).isEqualTo("5");
    assertThat(r.message()).contains("locked by another process");
  }

}
