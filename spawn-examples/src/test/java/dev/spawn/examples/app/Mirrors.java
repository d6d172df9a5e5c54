package dev.spawn.examples.app;

import dev.spawn.mirror.MirrorKey;
import dev.spawn.mirror.MirrorKeys;
import dev.spawn.mirror.MirrorRequest;
import dev.spawn.mirror.MirrorSigner;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** Sends hand-made mirror requests to a node, as a peer's delivery would. */
final class Mirrors {

  static final MirrorSigner CLUSTER_SIGNER =
      new MirrorSigner(MirrorKeys.of(MirrorKey.of("k1", NotesCluster.SECRET)));

  private Mirrors() {}

  /** Sends {@code update} to node {@code to} of {@code cluster}, signed by {@code signer}. */
  static HttpResponse<String> send(NotesCluster cluster, int to, MirrorSigner signer,
      MirrorRequest update, String journalId, long seq, String prev) {
    List<String> headers = new ArrayList<>();
    signer.outboundHeaders(update, cluster.id(to), journalId, seq, prev)
        .forEach(h -> headers.addAll(List.of(h.name(), h.value())));
    return cluster.client(to).method(update.method(), update.target(), update.contentType(),
        BodyPublishers.ofByteArray(update.body()), headers.toArray(String[]::new));
  }

  /** The update a JSON write of {@code body} became, given the note the origin answered with. */
  static MirrorRequest jsonWrite(String method, String target, String body, String noteJson) {
    var note = NotesCluster.parse(noteJson);
    return new MirrorRequest(method, target,
        List.of(new MirrorRequest.Header("Content-Type", "application/json")),
        body.getBytes(java.nio.charset.StandardCharsets.UTF_8), note.get("id").asText(),
        note.get("created").asLong(), null);
  }
}
