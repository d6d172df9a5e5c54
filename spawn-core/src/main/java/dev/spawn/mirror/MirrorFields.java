package dev.spawn.mirror;

import java.util.Objects;

/** Checks for the values the {@code Spawn-*} headers carry. Stateless. */
final class MirrorFields {

  /** Longest journal id accepted. */
  static final int MAX_JOURNAL_ID_LENGTH = 128;
  /** Longest Spawn-Id accepted from the wire. */
  static final int MAX_SPAWN_ID_LENGTH = 128;

  private MirrorFields() {}

  /** Journal ids are 1..128 visible ASCII characters, so they fit a header and one line. */
  static String checkJournalId(String journalId) {
    Objects.requireNonNull(journalId, "journalId");
    if (!Syntax.isVisibleAscii(journalId, MAX_JOURNAL_ID_LENGTH)) {
      throw new IllegalArgumentException(
          "journal id was " + Syntax.quote(journalId) + "; expected 1.." + MAX_JOURNAL_ID_LENGTH
              + " visible ASCII characters (no spaces)");
    }
    return journalId;
  }

  static long checkSeq(long seq) {
    if (seq < 1) {
      throw new IllegalArgumentException("seq was " + seq + "; expected >= 1");
    }
    return seq;
  }

  /** Whether {@code prev} is {@code start}, {@code resync} or a decimal seq >= 0. */
  static boolean isPrev(String prev) {
    return MirrorHeaders.PREV_START.equals(prev)
        || MirrorHeaders.PREV_RESYNC.equals(prev)
        || Syntax.parseDecimal(prev) >= 0;
  }

  static String checkPrev(String prev) {
    Objects.requireNonNull(prev, "prev");
    if (!isPrev(prev)) {
      throw new IllegalArgumentException(
          "prev was " + Syntax.quote(prev) + "; expected a decimal seq, '"
              + MirrorHeaders.PREV_START + "' or '" + MirrorHeaders.PREV_RESYNC + "'");
    }
    return prev;
  }

  static String checkHostPort(String hostPort) {
    Objects.requireNonNull(hostPort, "targetHostPort");
    if (!Syntax.isVisibleAscii(hostPort, 300) || hostPort.lastIndexOf(':') < 1) {
      throw new IllegalArgumentException(
          "target host:port was " + Syntax.quote(hostPort)
              + "; expected the peer's node id such as node2.example:8080");
    }
    return hostPort;
  }
}
