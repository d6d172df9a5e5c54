package dev.spawn.journal;

import java.util.Objects;

/** Argument checks shared by the journal implementations, so they fail alike. Stateless. */
final class JournalArgs {

  private JournalArgs() {}

  static String peer(String peer) {
    Objects.requireNonNull(peer, "peer");
    if (peer.isBlank()) {
      throw new IllegalArgumentException("peer was blank; expected a node id such as host:port");
    }
    return peer;
  }

  static void read(String peer, int maxEntries, long maxBytes) {
    peer(peer);
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries was " + maxEntries + "; expected at least 1");
    }
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes was " + maxBytes + "; expected at least 1");
    }
  }

  static void deadLetter(String peer, JournalEntry entry, int status, String reason) {
    peer(peer);
    Objects.requireNonNull(entry, "entry");
    Objects.requireNonNull(reason, "reason");
    if (status < 0 || status > 999) {
      throw new IllegalArgumentException(
          "status was " + status + "; expected an HTTP status (100..999) or 0 for none");
    }
  }

  static void limit(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit was " + limit + "; expected at least 0");
    }
  }

  static IllegalArgumentException unknownPeer(String peer) {
    return new IllegalArgumentException(
        "peer " + peer + " has no cursor in the journal; attach it first");
  }

  static IllegalStateException peerGone(DeadLetter letter) {
    return new IllegalStateException(
        "dead letter " + letter.id() + " is for peer " + letter.peer() + ", which has no cursor"
            + " (detached); it was kept. Attach the peer again before retrying, or remove it");
  }
}
