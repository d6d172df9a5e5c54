package dev.spawn.journal;

/**
 * The journal is at its cap and refuses new updates until peers catch up. Carries the numbers so
 * that a caller can answer 503 with a {@code Retry-After}.
 */
public class JournalFullException extends JournalException {

  private final JournalStats stats;

  public JournalFullException(JournalStats stats) {
    super(
        "journal is full ("
            + stats.entries() + " of " + stats.maxEntries() + " entries, "
            + stats.bytes() + " of " + stats.maxBytes() + " bytes); new updates are refused until"
            + " peers catch up: bring lagging peers back, or raise journal.max-entries /"
            + " journal.max-bytes");
    this.stats = stats;
  }

  /** The journal's totals when the append was refused. */
  public JournalStats stats() {
    return stats;
  }
}
