package dev.spawn.journal;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/** Dead letters kept in memory, by id. Not thread-safe: {@link InMemoryJournal} locks it. */
final class DeadLetterShelf {

  private final NavigableMap<Long, DeadLetter> letters = new TreeMap<>();
  private long lastId;

  DeadLetter add(String peer, JournalEntry entry, int status, String reason, long now) {
    DeadLetter letter =
        new DeadLetter(++lastId, peer, entry.seq(), status, reason, now, entry.payload());
    letters.put(letter.id(), letter);
    return letter;
  }

  List<DeadLetter> list(int limit) {
    List<DeadLetter> oldestFirst = new ArrayList<>(Math.min(limit, letters.size()));
    for (DeadLetter letter : letters.values()) {
      if (oldestFirst.size() >= limit) {
        break;
      }
      oldestFirst.add(letter);
    }
    return oldestFirst;
  }

  Optional<DeadLetter> get(long id) {
    return Optional.ofNullable(letters.get(id));
  }

  boolean remove(long id) {
    return letters.remove(id) != null;
  }

  int purge() {
    int count = letters.size();
    letters.clear();
    return count;
  }
}
