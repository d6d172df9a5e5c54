package dev.spawn.servlet.admin;

import dev.spawn.Node;
import dev.spawn.Spawn;
import dev.spawn.delivery.PeerStatus;
import java.util.List;
import java.util.Locale;

/**
 * {@code /queues}: what waits for each peer and in what state its delivery is, and the reset after
 * an operator resynchronised a peer. Thread-safe.
 */
final class QueueHandlers {

  private final Spawn spawn;

  QueueHandlers(Spawn spawn) {
    this.spawn = spawn;
  }

  /**
   * One peer's queue as the API shows it.
   *
   * @param node the peer's id
   * @param state delivering, held, stuck, needs-resync or stopped
   * @param reason why it is held, stuck or needs a resync
   * @param depth updates waiting
   * @param bytes their payload bytes
   * @param oldestAgeMillis age of the oldest waiting update
   * @param oldestAge the same, readable
   * @param cursor the last sequence number it acknowledged
   * @param dropped updates dropped when it was made inactive or detached
   * @param stuck the update it is stuck on, null when not stuck
   */
  record QueueView(
      String node,
      String state,
      String reason,
      long depth,
      long bytes,
      long oldestAgeMillis,
      String oldestAge,
      long cursor,
      long dropped,
      Stuck stuck) {}

  /** The update a stuck peer keeps retrying. */
  record Stuck(long seq, int attempts, String lastError) {}

  static QueueView view(PeerStatus s) {
    Stuck stuck = s.stuckSeq() > 0 ? new Stuck(s.stuckSeq(), s.attempts(), s.lastError()) : null;
    return new QueueView(
        s.nodeId(),
        s.state().name().toLowerCase(Locale.ROOT).replace('_', '-'),
        s.reason(),
        s.depth(),
        s.bytes(),
        s.oldestAgeMillis(),
        Took.format(s.oldestAgeMillis() * 1_000_000L),
        s.cursor(),
        s.dropped(),
        stuck);
  }

  Reply list(Exchange x) {
    return Reply.results(200, spawn.queues().stream().map(QueueHandlers::view).toList());
  }

  Reply get(Exchange x) {
    String id = Node.id(NodeHandlers.host(x), NodeHandlers.port(x));
    PeerStatus s = spawn.queue(id).orElseThrow(() -> noQueue(id));
    return Reply.results(200, List.of(view(s)));
  }

  Reply reset(Exchange x) {
    String host = NodeHandlers.host(x);
    int port = NodeHandlers.port(x);
    String id = Node.id(host, port);
    x.auditNode(id);
    if (spawn.nodes().get(host, port).isEmpty()) {
      throw ApiError.notFound("no node " + id + "; list them with GET /nodes");
    }
    try {
      spawn.resetQueue(id);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new ApiError(
          409,
          "Conflict: the queue of " + id + " cannot be reset: " + Json.shorten(e.getMessage(), 200),
          "only an active peer has a queue; see GET /queues");
    }
    return Reply.results(200, spawn.queue(id).map(QueueHandlers::view).stream().toList());
  }

  private static ApiError noQueue(String id) {
    return ApiError.notFound("no queue for " + id + "; only active peers have one (GET /queues)");
  }
}
