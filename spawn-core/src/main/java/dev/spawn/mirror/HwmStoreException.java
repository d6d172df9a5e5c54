package dev.spawn.mirror;

import dev.spawn.SpawnException;

/**
 * A receiver's high-water-mark store could not be opened, read or written (file held by another
 * process, disk full, closed). Mirror requests must not be applied while this persists.
 */
public class HwmStoreException extends SpawnException {

  public HwmStoreException(String message) {
    super(message);
  }

  public HwmStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
