package dev.spawn;

/**
 * A setting that is unknown, of the wrong type, out of range or inconsistent with another one, or
 * a configuration file that cannot be read or is not valid JSON.
 *
 * <p>It extends {@link IllegalArgumentException} rather than {@link SpawnException}: a bad setting
 * is a bad argument whether it came from a builder call or from a file, so one {@code catch}
 * handles both, and builder setters keep the usual contract (bad value, IllegalArgumentException).
 * The message names the setting by its JSON key and says what was expected; {@link #key()} carries
 * the full path of the key ({@code journal.sync}, {@code nodes[2].port}), {@link #line()} and
 * {@link #column()} the position of a JSON syntax error.
 *
 * <p>Immutable and thread-safe.
 */
public class SpawnConfigException extends IllegalArgumentException {

  private final String key;
  private final int line;
  private final int column;

  /** About one setting; {@code key} is its full JSON path, or "" for the whole document. */
  public SpawnConfigException(String key, String message) {
    this(key, message, 0, 0, null);
  }

  /** About one setting, with the failure that caused it. */
  public SpawnConfigException(String key, String message, Throwable cause) {
    this(key, message, 0, 0, cause);
  }

  /** With the 1-based position of a syntax error; 0 when unknown. */
  public SpawnConfigException(String key, String message, int line, int column, Throwable cause) {
    super(message, cause);
    this.key = key == null ? "" : key;
    this.line = line;
    this.column = column;
  }

  /** The full JSON path of the setting, such as {@code journal.sync}; "" for the whole document. */
  public String key() {
    return key;
  }

  /** The 1-based line of a JSON syntax error, 0 when the error has no position. */
  public int line() {
    return line;
  }

  /** The 1-based column of a JSON syntax error, 0 when the error has no position. */
  public int column() {
    return column;
  }
}
