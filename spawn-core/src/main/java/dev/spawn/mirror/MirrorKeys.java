package dev.spawn.mirror;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The keys a node signs and verifies mirror requests with: a current key, which signs, and an
 * optional previous key, which is still accepted, so secrets rotate without downtime.
 *
 * <p>To rotate: give every node the new key as current and the old one as previous; once all run
 * with it, drop the previous key. Immutable and thread-safe.
 */
public final class MirrorKeys {

  private final MirrorKey current;
  private final MirrorKey previous; // nullable

  private MirrorKeys(MirrorKey current, MirrorKey previous) {
    this.current = Objects.requireNonNull(current, "current");
    this.previous = previous;
    if (previous != null && previous.keyId().equals(current.keyId())) {
      throw new IllegalArgumentException(
          "previous key has the same id as the current key ('" + current.keyId()
              + "'); expected a different id so receivers can tell which key signed");
    }
  }

  /** Only a current key. */
  public static MirrorKeys of(MirrorKey current) {
    return new MirrorKeys(current, null);
  }

  /**
   * A current key and the previous one, still accepted.
   *
   * @param previous may be {@code null}
   * @throws IllegalArgumentException when both have the same key id
   */
  public static MirrorKeys of(MirrorKey current, MirrorKey previous) {
    return new MirrorKeys(current, previous);
  }

  /** The key that signs. */
  public MirrorKey current() {
    return current;
  }

  /** The key still accepted during a rotation, if any. */
  public Optional<MirrorKey> previous() {
    return Optional.ofNullable(previous);
  }

  /** The key with this id, current or previous. */
  public Optional<MirrorKey> find(String keyId) {
    Objects.requireNonNull(keyId, "keyId");
    if (current.keyId().equals(keyId)) {
      return Optional.of(current);
    }
    if (previous != null && previous.keyId().equals(keyId)) {
      return Optional.of(previous);
    }
    return Optional.empty();
  }

  /** The ids of the accepted keys, current first. */
  public List<String> keyIds() {
    return previous == null
        ? List.of(current.keyId())
        : List.of(current.keyId(), previous.keyId());
  }

  @Override
  public String toString() {
    return "MirrorKeys[current=" + current + ", previous=" + previous + "]";
  }
}
