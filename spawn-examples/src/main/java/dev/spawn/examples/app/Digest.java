package dev.spawn.examples.app;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;

/**
 * A fingerprint of a whole store: how many notes, and a SHA-256 over all of them in id order.
 * Two nodes holding the same notes have the same digest. Immutable and thread-safe.
 */
record Digest(int count, String sha256) {

  /**
   * The digest of notes given in id order. Every field is written with its length (or as a fixed
   * 8 bytes), so no two different sets of notes encode to the same bytes, and the encoding does not
   * depend on how a JSON library happens to format things.
   */
  static Digest of(Collection<Note> notesInIdOrder) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime must provide SHA-256", e);
    }
    for (Note note : notesInIdOrder) {
      string(sha, note.id());
      string(sha, note.title());
      string(sha, note.text());
      number(sha, note.created());
      number(sha, note.updated());
    }
    return new Digest(notesInIdOrder.size(), HexFormat.of().formatHex(sha.digest()));
  }

  private static void string(MessageDigest sha, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    number(sha, bytes.length);
    sha.update(bytes);
  }

  private static void number(MessageDigest sha, long value) {
    for (int shift = 56; shift >= 0; shift -= 8) {
      sha.update((byte) (value >>> shift));
    }
  }
}
