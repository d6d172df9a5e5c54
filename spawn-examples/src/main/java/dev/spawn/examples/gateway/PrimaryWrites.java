package dev.spawn.examples.gateway;

import dev.spawn.Node;
import dev.spawn.Spawn;
import dev.spawn.config.MirrorConfig;
import dev.spawn.delivery.PeerResponse;
import dev.spawn.journal.JournalFullException;
import dev.spawn.metrics.Operation;
import dev.spawn.metrics.SpawnMetrics.Result;
import dev.spawn.mirror.MirrorHeaders;
import dev.spawn.mirror.MirrorRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code respond: primary}: a write runs on the best node first (direct HTTP), and only when that
 * node accepted it ({@code mirror.replicated-statuses}, by default 2xx and 303) is it journaled for
 * the other nodes; the client gets the primary's answer. Thread-safe.
 *
 * <p>The primary is the first node in priority order that is active, out of maintenance, healthy
 * and has nothing queued (so it has every earlier write). A primary that cannot be reached is
 * reported and the next one is tried. When no node qualifies, or the primary's outcome is unknown
 * (it timed out or the connection broke after the request was sent), the write is journaled for
 * every node as with {@code respond: first}: an unmodified node cannot tell a repeat, so such a
 * write may be applied twice on the primary.
 */
final class PrimaryWrites {

  private static final Logger log = LoggerFactory.getLogger(PrimaryWrites.class);
  private static final int MAX_CAPTURED_BODY = 16 * 1024 * 1024;

  private final Spawn spawn;
  private final Upstream upstream;
  private final Writes writes;
  private final PathLocks locks;

  PrimaryWrites(Spawn spawn, Upstream upstream, Writes writes) {
    this.spawn = spawn;
    this.upstream = upstream;
    this.writes = writes;
    this.locks = spawn.config().mirror().ordering() == MirrorConfig.Ordering.PATH
        ? new PathLocks(256) : null;
  }

  /** A node's whole answer, read before anything is journaled. */
  private record Answer(Node node, int status, List<MirrorRequest.Header> headers, byte[] body) {}

  Reply handle(ClientRequest request, MirrorRequest update) {
    List<Node> candidates = candidates();
    if (candidates.isEmpty()) {
      return writes.journalForAll(request, update);
    }
    Operation op = Operation.of(update.method());
    ReentrantLock lock = locks == null ? null : locks.forTarget(update.target());
    Answer answer = null;
    long seq = 0;
    CompletableFuture<PeerResponse> first = null;
    if (lock != null) {
      lock.lock();
    }
    try {
      boolean unknown = false;
      for (Node node : candidates) {
        try {
          answer = upstream.send(node, update.method(), update.target(), stamped(update),
              new ByteArrayEntity(update.body(), null), r -> capture(node, r));
          spawn.metrics().record(node.id(), op,
              answer.status() < 500 ? Result.SUCCESS : Result.FAILURE);
          break;
        } catch (IOException e) {
          spawn.metrics().record(node.id(), op, Result.FAILURE);
          NodeFailure failure = NodeFailure.of(e);
          if (failure.nodeIsDown()) {
            spawn.health().reportFailure(node.id(), e);
          }
          if (failure != NodeFailure.UNREACHABLE) {
            log.warn("Primary {} failed after {} {} was sent ({}); the outcome is unknown, so it"
                + " is journaled for every node and may run twice on {}", node.id(),
                update.method(), update.target(), e.toString(), node.id());
            unknown = true;
            break;
          }
          log.info("Primary {} unreachable for {} {} ({}); trying the next node", node.id(),
              update.method(), update.target(), e.toString());
        }
      }
      if (answer != null) {
        if (spawn.config().mirror().replicates(answer.status())) {
          spawn.submitExcept(update, answer.node().id());
        }
      } else {
        if (!unknown) {
          log.info("No primary could be reached for {} {}; journaling it for every node",
              update.method(), update.target());
        }
        first = spawn.firstResponse(update.spawnId());
        seq = spawn.submit(update);
      }
    } catch (JournalFullException e) {
      if (first != null) {
        spawn.forgetResponse(update.spawnId());
      }
      if (answer != null) {
        log.error("{} {} ran on {} but could not be journaled for the other nodes: {}",
            update.method(), update.target(), answer.node().id(), e.getMessage());
      }
      return writes.journalFull(e);
    } finally {
      if (lock != null) {
        lock.unlock();
      }
    }
    if (answer != null) {
      return Replies.relay(request, answer.node(), answer.status(), answer.headers(),
          answer.body());
    }
    try {
      return writes.awaitFirst(request, update, seq, first);
    } finally {
      spawn.forgetResponse(update.spawnId());
    }
  }

  /** Nodes that may run a write first, best first. */
  private List<Node> candidates() {
    List<Node> out = new ArrayList<>();
    for (Node n : spawn.nodes().all()) {
      if (n.active() && !n.maintenance() && spawn.health().isHealthy(n.id())
          && spawn.journal().backlog(n.id()).map(b -> b.depth() == 0).orElse(false)) {
        out.add(n);
      }
    }
    return out;
  }

  // The primary derives ids and times from these, as the other nodes will from the journal's.
  private static List<MirrorRequest.Header> stamped(MirrorRequest update) {
    List<MirrorRequest.Header> headers = new ArrayList<>(update.headers());
    headers.add(new MirrorRequest.Header(MirrorHeaders.SPAWN_ID, update.spawnId()));
    headers.add(new MirrorRequest.Header(MirrorHeaders.ORIGIN_TIME,
        Long.toString(update.originTimeMillis())));
    return headers;
  }

  private static Answer capture(Node node, ClassicHttpResponse r) throws IOException {
    byte[] body = r.getEntity() == null ? new byte[0]
        : EntityUtils.toByteArray(r.getEntity(), MAX_CAPTURED_BODY);
    List<MirrorRequest.Header> headers = new ArrayList<>();
    for (Header h : r.getHeaders()) {
      headers.add(new MirrorRequest.Header(h.getName(), h.getValue()));
    }
    return new Answer(node, r.getCode(), headers, body);
  }
}
