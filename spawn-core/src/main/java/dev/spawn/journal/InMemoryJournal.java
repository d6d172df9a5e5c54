package dev.spawn.journal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * A {@link Journal} kept in memory only: everything is lost when the process ends, so a restarted
 * node gets a new journal id and its peers must resync. For tests, and for users who opt out of
 * durability. Same contract and caps as {@link SqliteJournal}; entries are deleted as soon as
 * every peer they are for has acknowledged them.
 *
 * <p>Thread-safe (one lock).
 */
public final class InMemoryJournal implements Journal {

  private final String id = UUID.randomUUID().toString();
  private final long maxEntries;
  private final long maxBytes;
  private final Clock clock;
  private final NavigableMap<Long, JournalEntry> entries = new TreeMap<>();
  // Entries for one peer only, also in entries: few, and pruned on their own rules.
  private final NavigableMap<Long, JournalEntry> forOnePeer = new TreeMap<>();
  private final Map<String, Cursor> cursors = new TreeMap<>();
  private final DeadLetterShelf deadLetters = new DeadLetterShelf();
  private long bytes;
  private long lastSeq;
  private boolean closed;

  private static final class Cursor {
    long seq;
    PeerCursor.Mode mode;
    long depth;
    long bytes;

    Cursor(long seq, PeerCursor.Mode mode) {
      this.seq = seq;
      this.mode = mode;
    }
  }

  private InMemoryJournal(Builder builder) {
    this.maxEntries = builder.maxEntries;
    this.maxBytes = builder.maxBytes;
    this.clock = builder.clock;
  }

  /** An in-memory journal with the default caps. */
  public static InMemoryJournal create() {
    return builder().build();
  }

  /** A builder for an in-memory journal. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public synchronized long append(byte[] payload) {
    return add(null, Objects.requireNonNull(payload, "payload"));
  }

  @Override
  public synchronized long appendFor(String peer, byte[] payload) {
    return add(JournalArgs.peer(peer), Objects.requireNonNull(payload, "payload"));
  }

  @Override
  public synchronized void ensureCapacity() {
    checkOpen();
    if (entries.size() >= maxEntries || bytes >= maxBytes) {
      throw new JournalFullException(stats());
    }
  }

  @Override
  public synchronized void attach(String peer) {
    JournalArgs.peer(peer);
    checkOpen();
    cursors.computeIfAbsent(peer, p -> new Cursor(lastSeq, PeerCursor.Mode.START));
  }

  @Override
  public synchronized long detach(String peer) {
    JournalArgs.peer(peer);
    checkOpen();
    Cursor cursor = cursors.remove(peer);
    prune();
    return cursor == null ? 0 : cursor.depth;
  }

  @Override
  public synchronized void reset(String peer) {
    JournalArgs.peer(peer);
    checkOpen();
    Cursor cursor = cursors.get(peer);
    if (cursor == null) {
      throw JournalArgs.unknownPeer(peer);
    }
    cursor.seq = lastSeq;
    cursor.mode = PeerCursor.Mode.RESYNC;
    cursor.depth = 0;
    cursor.bytes = 0;
    prune();
  }

  @Override
  public synchronized Set<String> peers() {
    return Collections.unmodifiableSet(new TreeSet<>(cursors.keySet()));
  }

  @Override
  public synchronized Optional<PeerCursor> cursor(String peer) {
    Objects.requireNonNull(peer, "peer");
    Cursor cursor = cursors.get(peer);
    return cursor == null ? Optional.empty()
        : Optional.of(new PeerCursor(peer, cursor.seq, cursor.mode));
  }

  @Override
  public synchronized List<JournalEntry> read(String peer, int maxEntries, long maxBytes) {
    JournalArgs.read(peer, maxEntries, maxBytes);
    checkOpen();
    Cursor cursor = cursors.get(peer);
    List<JournalEntry> found = new ArrayList<>();
    if (cursor == null) {
      return found;
    }
    long size = 0;
    for (JournalEntry entry : entries.tailMap(cursor.seq, false).values()) {
      if (found.size() >= maxEntries) {
        break;
      }
      if (entry.isFor(peer)) {
        if (!found.isEmpty() && size + entry.payload().length > maxBytes) {
          break;
        }
        size += entry.payload().length;
        found.add(entry);
      }
    }
    return found;
  }

  @Override
  public synchronized void acknowledge(String peer, long seq) {
    Objects.requireNonNull(peer, "peer");
    if (seq > lastSeq) {
      throw new IllegalArgumentException(
          "seq was " + seq + " for peer " + peer + "; expected at most the last seq " + lastSeq);
    }
    Cursor cursor = cursors.get(peer);
    if (cursor == null || seq <= cursor.seq) {
      return;
    }
    for (JournalEntry entry : entries.subMap(cursor.seq, false, seq, true).values()) {
      if (entry.isFor(peer)) {
        cursor.depth--;
        cursor.bytes -= entry.payload().length;
      }
    }
    cursor.seq = seq;
    cursor.mode = PeerCursor.Mode.ACKED;
    prune();
  }

  @Override
  public synchronized Optional<Backlog> backlog(String peer) {
    Objects.requireNonNull(peer, "peer");
    Cursor cursor = cursors.get(peer);
    if (cursor == null) {
      return Optional.empty();
    }
    long oldest = 0;
    if (cursor.depth > 0) {
      for (JournalEntry entry : entries.tailMap(cursor.seq, false).values()) {
        if (entry.isFor(peer)) {
          oldest = entry.appendedAtMillis();
          break;
        }
      }
    }
    return Optional.of(new Backlog(peer, cursor.depth, cursor.bytes, oldest));
  }

  @Override
  public synchronized JournalStats stats() {
    return new JournalStats(entries.size(), bytes, lastSeq, maxEntries, maxBytes);
  }

  @Override
  public synchronized DeadLetter addDeadLetter(
      String peer, JournalEntry entry, int status, String reason) {
    JournalArgs.deadLetter(peer, entry, status, reason);
    checkOpen();
    return deadLetters.add(peer, entry, status, reason, clock.millis());
  }

  @Override
  public synchronized List<DeadLetter> deadLetters(int limit) {
    JournalArgs.limit(limit);
    checkOpen();
    return deadLetters.list(limit);
  }

  @Override
  public synchronized Optional<DeadLetter> deadLetter(long id) {
    checkOpen();
    return deadLetters.get(id);
  }

  @Override
  public synchronized Optional<Long> retryDeadLetter(long id) {
    checkOpen();
    Optional<DeadLetter> found = deadLetters.get(id);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    DeadLetter letter = found.get();
    if (!cursors.containsKey(letter.peer())) {
      throw JournalArgs.peerGone(letter);
    }
    long seq = add(letter.peer(), letter.payload());
    deadLetters.remove(id);
    return Optional.of(seq);
  }

  @Override
  public synchronized boolean removeDeadLetter(long id) {
    checkOpen();
    return deadLetters.remove(id);
  }

  @Override
  public synchronized int purgeDeadLetters() {
    checkOpen();
    return deadLetters.purge();
  }

  /** Drops everything. Idempotent. */
  @Override
  public synchronized void close() {
    closed = true;
    entries.clear();
    forOnePeer.clear();
    cursors.clear();
    deadLetters.purge();
  }

  private long add(String target, byte[] payload) {
    ensureCapacity();
    JournalEntry entry = new JournalEntry(++lastSeq, target, clock.millis(), payload);
    entries.put(entry.seq(), entry);
    bytes += payload.length;
    if (target != null) {
      forOnePeer.put(entry.seq(), entry);
    }
    cursors.forEach((peer, cursor) -> {
      if (entry.isFor(peer)) {
        cursor.depth++;
        cursor.bytes += payload.length;
      }
    });
    prune();
    return entry.seq();
  }

  /** Deletes what every attached peer it is for has acknowledged (or what nobody needs). */
  private void prune() {
    long min = lastSeq;
    for (Cursor cursor : cursors.values()) {
      min = Math.min(min, cursor.seq);
    }
    Iterator<JournalEntry> head = entries.headMap(min, true).values().iterator();
    while (head.hasNext()) {
      JournalEntry entry = head.next();
      bytes -= entry.payload().length;
      forOnePeer.remove(entry.seq());
      head.remove();
    }
    Iterator<JournalEntry> rest = forOnePeer.values().iterator();
    while (rest.hasNext()) {
      JournalEntry entry = rest.next();
      Cursor cursor = cursors.get(entry.target());
      if (cursor == null || entry.seq() <= cursor.seq) {
        bytes -= entry.payload().length;
        entries.remove(entry.seq());
        rest.remove();
      }
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new JournalException("in-memory journal " + id + " is closed; make a new one");
    }
  }

  /** Settings of an {@link InMemoryJournal}. Mutable and not thread-safe. */
  public static final class Builder {
    private long maxEntries = SqliteJournalBuilder.DEFAULT_MAX_ENTRIES;
    private long maxBytes = SqliteJournalBuilder.DEFAULT_MAX_BYTES;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** Cap on entries held; appends are refused at the cap. Default 10,000,000. */
    public Builder maxEntries(long maxEntries) {
      if (maxEntries < 1) {
        throw new IllegalArgumentException("maxEntries was " + maxEntries + "; expected at least 1");
      }
      this.maxEntries = maxEntries;
      return this;
    }

    /** Cap on payload bytes held; appends are refused at the cap. Default 1 GiB. */
    public Builder maxBytes(long maxBytes) {
      if (maxBytes < 1) {
        throw new IllegalArgumentException("maxBytes was " + maxBytes + "; expected at least 1");
      }
      this.maxBytes = maxBytes;
      return this;
    }

    /** The wall clock stamped on entries and dead letters. Default the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** A new, empty journal. */
    public InMemoryJournal build() {
      return new InMemoryJournal(this);
    }
  }
}
