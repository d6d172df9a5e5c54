package dev.spawn.servlet.admin;

import dev.spawn.journal.Backlog;
import dev.spawn.journal.DeadLetter;
import dev.spawn.journal.Journal;
import dev.spawn.journal.JournalEntry;
import dev.spawn.journal.JournalException;
import dev.spawn.journal.JournalStats;
import dev.spawn.journal.PeerCursor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A tiny in-memory journal for the dead-letter routes: it keeps dead letters and the entries
 * appended for one peer by a retry; the rest of the contract is not needed here. (The real journals
 * are tested by the journal's contract test.)
 */
final class DeadLetterJournal implements Journal {

  private final Map<Long, DeadLetter> dead = new TreeMap<>();
  final List<JournalEntry> appended = new ArrayList<>();
  private long seq;
  private long nextId = 1;
  volatile boolean broken;

  @Override
  public String id() {
    return "test-journal";
  }

  @Override
  public synchronized long append(byte[] payload) {
    check();
    appended.add(new JournalEntry(++seq, null, 0, payload));
    return seq;
  }

  @Override
  public synchronized long appendFor(String peer, byte[] payload) {
    check();
    appended.add(new JournalEntry(++seq, peer, 0, payload));
    return seq;
  }

  @Override
  public void ensureCapacity() {}

  @Override
  public void attach(String peer) {}

  @Override
  public long detach(String peer) {
    return 0;
  }

  @Override
  public void reset(String peer) {}

  @Override
  public Set<String> peers() {
    return Set.of();
  }

  @Override
  public Optional<PeerCursor> cursor(String peer) {
    return Optional.empty();
  }

  @Override
  public List<JournalEntry> read(String peer, int maxEntries, long maxBytes) {
    return List.of();
  }

  @Override
  public void acknowledge(String peer, long s) {}

  @Override
  public Optional<Backlog> backlog(String peer) {
    return Optional.empty();
  }

  @Override
  public JournalStats stats() {
    return new JournalStats(0, 0, seq, Long.MAX_VALUE, Long.MAX_VALUE);
  }

  @Override
  public synchronized DeadLetter addDeadLetter(
      String peer, JournalEntry entry, int status, String reason) {
    DeadLetter d =
        new DeadLetter(
            nextId++, peer, entry.seq(), status, reason, 1_700_000_000_000L, entry.payload());
    dead.put(d.id(), d);
    return d;
  }

  @Override
  public synchronized List<DeadLetter> deadLetters(int limit) {
    check();
    return dead.values().stream().limit(limit).toList();
  }

  @Override
  public synchronized Optional<DeadLetter> deadLetter(long id) {
    check();
    return Optional.ofNullable(dead.get(id));
  }

  @Override
  public synchronized Optional<Long> retryDeadLetter(long id) {
    check();
    DeadLetter d = dead.remove(id);
    return d == null ? Optional.empty() : Optional.of(appendFor(d.peer(), d.payload()));
  }

  @Override
  public synchronized boolean removeDeadLetter(long id) {
    check();
    return dead.remove(id) != null;
  }

  @Override
  public synchronized int purgeDeadLetters() {
    check();
    int n = dead.size();
    dead.clear();
    return n;
  }

  synchronized int deadCount() {
    return dead.size();
  }

  @Override
  public void close() {}

  private void check() {
    if (broken) {
      throw new JournalException("journal file is locked by another process");
    }
  }
}
