package dev.spawn.examples.gateway;

import dev.spawn.Node;
import dev.spawn.Spawn;
import dev.spawn.SpawnConfig;
import dev.spawn.config.MirrorConfig;
import dev.spawn.delivery.PeerResponse;
import dev.spawn.journal.JournalFullException;
import dev.spawn.mirror.HeaderFilter;
import dev.spawn.mirror.MirrorHeaders;
import dev.spawn.mirror.MirrorRequest;
import dev.spawn.mirror.MirrorRequest.Header;
import dev.spawn.mirror.SpawnIds;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles a write (a method in {@code mirror.methods}): reads the body within {@code
 * mirror.max-body-bytes}, refuses it while the journal is full, gives it a Spawn-Id and the origin
 * time, then either journals it for every node and answers with the first node's answer ({@code
 * respond: first}) or hands it to {@link PrimaryWrites} ({@code respond: primary}). Thread-safe.
 */
final class Writes {

  private static final Logger log = LoggerFactory.getLogger(Writes.class);
  /** Seconds a client is told to wait when the journal is full. */
  static final int RETRY_AFTER_SECONDS = 5;

  private final Spawn spawn;
  private final Replies replies;
  private final Clock clock;
  private final HeaderFilter headerFilter;
  private final long maxBody;
  private final Duration responseTimeout;
  private final PrimaryWrites primary;

  Writes(Spawn spawn, Upstream upstream, Replies replies, Clock clock) {
    this.spawn = spawn;
    this.replies = replies;
    this.clock = clock;
    SpawnConfig config = spawn.config();
    this.headerFilter =
        HeaderFilter.of(config.mirror().headerExcludes(), config.mirror().headerRedactions());
    this.maxBody = config.mirror().maxBodyBytes();
    this.responseTimeout = config.delivery().responseTimeout();
    this.primary = config.respond() == SpawnConfig.Respond.PRIMARY
        ? new PrimaryWrites(spawn, upstream, this) : null;
    if (config.mirror().oversize() == MirrorConfig.Oversize.PASS_THROUGH) {
      log.warn("mirror.oversize=pass-through has no meaning for the gateway, which cannot run a"
          + " write on one node only and stay consistent: larger bodies are refused with 413");
    }
  }

  /** The largest body a write may have ({@code mirror.max-body-bytes}). */
  long maxBody() {
    return maxBody;
  }

  /** Handles a whole write; blocks until it is journaled and a node answered (or the timeout). */
  Reply handle(ClientRequest request) {
    if (request.body().length > maxBody) {
      return tooLarge("more than " + maxBody + " bytes");
    }
    try {
      spawn.ensureCapacity();
    } catch (JournalFullException e) {
      return journalFull(e);
    }
    MirrorRequest update = new MirrorRequest(request.method(), request.target(),
        ProxyHeaders.forWrite(request, headerFilter), request.body(), SpawnIds.next(),
        clock.millis(), null);
    Reply reply = primary != null ? primary.handle(request, update) : journalForAll(request, update);
    return withSpawnId(reply, update);
  }

  /** {@code respond: first}: journals the write for every node and relays the first answer. */
  Reply journalForAll(ClientRequest request, MirrorRequest update) {
    CompletableFuture<PeerResponse> first = spawn.firstResponse(update.spawnId());
    try {
      long seq;
      try {
        seq = spawn.submit(update);
      } catch (JournalFullException e) {
        return journalFull(e);
      }
      return awaitFirst(request, update, seq, first);
    } finally {
      spawn.forgetResponse(update.spawnId());
    }
  }

  /**
   * Waits for the first node's answer to a journaled write and relays it; answers 202 when no node
   * can take it now or none answers within the delivery response timeout.
   */
  Reply awaitFirst(ClientRequest request, MirrorRequest update, long seq,
      CompletableFuture<PeerResponse> first) {
    PeerResponse answer = null;
    if (anyNodeTakesWrites()) {
      try {
        answer = first.get(responseTimeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        log.debug("No node answered update {} within {}", seq, responseTimeout);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException e) {
        log.warn("Waiting for the answer to update {} failed", seq, e);
      }
    }
    if (answer == null) {
      return queued(update, seq);
    }
    Node node = spawn.nodes().get(answer.nodeId()).orElse(null);
    return Replies.relay(request, node, answer.status(), answer.headers(), answer.body());
  }

  /** 202: the write is durable and will reach the nodes when they can take it. */
  Reply queued(MirrorRequest update, long seq) {
    int nodes = spawn.activePeers();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("success", true);
    body.put("status", 202);
    body.put("message", "the write is journaled and queued for " + nodes + " node"
        + (nodes == 1 ? "" : "s") + "; no node answered within " + responseTimeout.toMillis()
        + " ms (nodes down or in maintenance), so it will be delivered when they are back");
    body.put("spawnId", update.spawnId());
    body.put("seq", seq);
    body.put("queued", nodes);
    return replies.json(202, body);
  }

  Reply journalFull(JournalFullException e) {
    return replies.error(503, e.getMessage(), "retry after " + RETRY_AFTER_SECONDS
            + " s; the queues of the nodes that are down hold the journal",
        new Header("Retry-After", Integer.toString(RETRY_AFTER_SECONDS)));
  }

  /** 413 for a write body over the limit; {@code size} says how large it was. */
  Reply tooLarge(String size) {
    return replies.error(413, "the request body is " + size
        + "; writes may be at most " + maxBody + " bytes", "mirror.max-body-bytes sets the limit");
  }

  private static Reply withSpawnId(Reply reply, MirrorRequest update) {
    List<Header> headers = new ArrayList<>(reply.headers().size() + 1);
    headers.add(new Header(MirrorHeaders.SPAWN_ID, update.spawnId()));
    for (Header h : reply.headers()) {
      if (!h.is(MirrorHeaders.SPAWN_ID)) {
        headers.add(h);
      }
    }
    return new Reply(reply.status(), headers, reply.body());
  }

  // Whether some node can receive updates now: else no answer can come, and waiting is pointless.
  private boolean anyNodeTakesWrites() {
    for (Node n : spawn.nodes().all()) {
      if (n.active() && !n.maintenance() && spawn.health().isHealthy(n.id())) {
        return true;
      }
    }
    return false;
  }
}
