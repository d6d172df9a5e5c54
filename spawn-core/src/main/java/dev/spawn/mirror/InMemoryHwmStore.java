package dev.spawn.mirror;

import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link HwmStore} in memory: for tests, and for receivers that accept losing their marks on
 * restart (the next update after a restart is then answered with a gap). Thread-safe.
 */
public final class InMemoryHwmStore implements HwmStore {

  private final ConcurrentHashMap<String, Long> marks = new ConcurrentHashMap<>();

  @Override
  public OptionalLong load(String journalId) {
    Long seq = marks.get(MirrorFields.checkJournalId(journalId));
    return seq == null ? OptionalLong.empty() : OptionalLong.of(seq);
  }

  @Override
  public void advance(String journalId, long seq) {
    MirrorFields.checkJournalId(journalId);
    MirrorFields.checkSeq(seq);
    marks.merge(journalId, seq, Math::max);
  }

  @Override
  public Map<String, Long> all() {
    return Map.copyOf(marks);
  }

  @Override
  public void close() {}

  @Override
  public String toString() {
    return "InMemoryHwmStore" + new TreeMap<>(marks);
  }
}
