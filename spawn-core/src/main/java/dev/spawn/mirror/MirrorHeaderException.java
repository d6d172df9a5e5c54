package dev.spawn.mirror;

import dev.spawn.SpawnException;

/**
 * A received mirror request whose {@code Spawn-*} headers are missing or malformed. Carries the
 * header at fault and the HTTP status to answer with: 401 when the signature is missing, 400
 * otherwise. The request must not be applied.
 */
public class MirrorHeaderException extends SpawnException {

  private final String header;
  private final int status;

  public MirrorHeaderException(String header, int status, String message) {
    super(message);
    this.header = header;
    this.status = status;
  }

  /** The name of the header at fault. */
  public String header() {
    return header;
  }

  /** The status to answer with: 400 (malformed) or 401 (not signed). */
  public int status() {
    return status;
  }
}
