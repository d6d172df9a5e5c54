package dev.spawn.delivery;

import dev.spawn.journal.Journal;
import dev.spawn.metrics.SpawnMetrics;

/** What a {@link PeerLink} needs from the service that owns it. */
interface DeliveryContext {

  Journal journal();

  DeliverySettings settings();

  PeerSender sender();

  Backoff backoff();

  SpawnMetrics metrics();

  long nanoTime();

  boolean healthy(String peerId);

  /** The peer refused the connection or timed out: it is taken as down at once. */
  void reportUnreachable(String peerId, Exception cause);

  /** Whether a caller waits for a peer's whole answer to this update. */
  boolean wantsResponse(String spawnId);

  /** The peer handled the update (acknowledged it, or it became a dead letter). */
  void acknowledged(PeerLink link, long seq, String spawnId, PeerResponse response);

  /** The peer missed updates: stop its link and release its backlog. */
  void needsResync(PeerLink link, String why);
}
