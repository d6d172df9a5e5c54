package dev.spawn.examples.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notes of one node: one JSON file per note in a directory, all of them also held in memory.
 * Thread-safe: one lock guards every operation, so the files and the memory always agree and
 * writes to one store happen one at a time (plenty for an example).
 *
 * <p>A write goes to a temporary file that is synced and then atomically renamed over the note's
 * file, so a crash leaves either the old note or the new one, never half of one.
 */
final class NoteStore {

  private static final Logger log = LoggerFactory.getLogger(NoteStore.class);
  private static final String SUFFIX = ".json";
  private static final String TEMP_SUFFIX = ".tmp";

  /** What a create or replace did: the note now stored, and whether it is new. */
  record Saved(Note note, boolean created) {}

  private final Path dir;
  private final ObjectMapper mapper;
  private final TreeMap<String, Note> notes = new TreeMap<>();

  private NoteStore(Path dir, ObjectMapper mapper) {
    this.dir = dir;
    this.mapper = mapper;
  }

  /**
   * Opens the store in a directory, creating it if needed, and loads every note in it. Temporary
   * files left by a crash mid-write are deleted: their write never completed.
   *
   * @throws IOException if the directory cannot be created or read
   * @throws IllegalStateException if a note file is damaged or is not where its id says
   */
  static NoteStore open(Path dir, ObjectMapper mapper) throws IOException {
    NoteStore store = new NoteStore(Files.createDirectories(dir), Objects.requireNonNull(mapper));
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (name.endsWith(TEMP_SUFFIX)) {
          Files.deleteIfExists(file);
        } else if (name.endsWith(SUFFIX)) {
          store.load(file);
        }
      }
    }
    log.info("Loaded {} notes from {}", store.notes.size(), dir);
    return store;
  }

  private void load(Path file) throws IOException {
    Note note;
    try {
      note = mapper.readValue(file.toFile(), Note.class);
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("note file " + file + " is damaged (" + e.getMessage()
          + "); restore it from another node or a backup, or remove it", e);
    }
    if (!fileName(note.id()).equals(file.getFileName().toString())) {
      throw new IllegalStateException("note file " + file + " holds note '" + note.id()
          + "', whose file is " + fileName(note.id()) + "; rename or remove it");
    }
    notes.put(note.id(), note);
  }

  /** All notes, in id order. */
  synchronized List<Note> list() {
    return List.copyOf(notes.values());
  }

  synchronized Optional<Note> get(String id) {
    return Optional.ofNullable(notes.get(id));
  }

  /**
   * Creates a note unless one with this id exists, in which case that one is kept and returned: a
   * create repeated with the same Spawn id is the same write delivered twice.
   */
  synchronized Saved create(String id, NoteInput input, long time) {
    Note existing = notes.get(id);
    if (existing != null) {
      return new Saved(existing, false);
    }
    return new Saved(write(new Note(id, input.title(), input.text(), time, time)), true);
  }

  /** Creates a note or replaces one, keeping the replaced note's creation time. */
  synchronized Saved put(String id, NoteInput input, long time) {
    Note existing = notes.get(id);
    long created = existing == null ? time : existing.created();
    return new Saved(write(new Note(id, input.title(), input.text(), created, time)),
        existing == null);
  }

  /** Deletes a note; false if there was none. */
  synchronized boolean delete(String id) {
    if (!notes.containsKey(id)) {
      return false;
    }
    try {
      Files.deleteIfExists(dir.resolve(fileName(id)));
      syncDirectory();
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete note '" + id + "' in " + dir, e);
    }
    notes.remove(id);
    return true;
  }

  /** The digest of all notes, taken at one instant. */
  synchronized Digest digest() {
    return Digest.of(notes.values());
  }

  /** Writes the file first and changes memory only once the note is safely on disk. */
  private Note write(Note note) {
    Path target = dir.resolve(fileName(note.id()));
    Path temp = dir.resolve(fileName(note.id()) + TEMP_SUFFIX);
    try {
      byte[] bytes = mapper.writeValueAsBytes(note);
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      syncDirectory();
    } catch (IOException e) {
      throw new UncheckedIOException("could not save note '" + note.id() + "' in " + dir, e);
    }
    notes.put(note.id(), note);
    return note;
  }

  /** Makes a rename or delete durable. Some platforms (Windows) cannot open a directory: skip. */
  private void syncDirectory() {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      log.debug("Could not sync directory {}: {}", dir, e.toString());
    }
  }

  /**
   * The file of a note. Only lower-case letters, digits and '-' are kept as they are; every other
   * character becomes '_' and two hex digits, so ids that differ only in case ("a", "A") get
   * different files on case-insensitive file systems too, and no file name starts with a dot.
   */
  static String fileName(String id) {
    StringBuilder name = new StringBuilder(id.length() + SUFFIX.length());
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') {
        name.append(c);
      } else {
        name.append('_')
            .append(Character.forDigit(c >> 4, 16))
            .append(Character.forDigit(c & 15, 16));
      }
    }
    return name.append(SUFFIX).toString();
  }
}
