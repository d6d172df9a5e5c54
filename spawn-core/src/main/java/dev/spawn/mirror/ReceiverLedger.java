package dev.spawn.mirror;

import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A receiver's record of what it applied: the high-water mark (HWM, highest seq applied) per
 * sending journal id, and the rules that decide whether an update is applied, dropped as a
 * duplicate, or refused as a gap.
 *
 * <p>Use per mirror request, holding the journal's lock so updates from one journal are applied one
 * at a time:
 *
 * <pre>{@code
 * ledger.applyExclusively(m.journalId(), () -> {
 *   Decision d = ledger.decide(m.journalId(), m.seq(), m.prev());
 *   if (d.kind() != Decision.Kind.APPLY) return d;      // 200 + Spawn-Duplicate, or 409
 *   int status = runTheApp();
 *   if (ReceiverLedger.advancesHighWaterMark(status)) ledger.commit(m.journalId(), m.seq());
 *   return d;
 * });
 * }</pre>
 *
 * <p>Marks are read from the {@link HwmStore} once per journal id and then kept in memory; the
 * ledger must be the store's only user. Thread-safe.
 */
public final class ReceiverLedger implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ReceiverLedger.class);
  private static final long NONE = 0; // seqs start at 1

  private final HwmStore store;
  private final ConcurrentHashMap<String, Mark> marks = new ConcurrentHashMap<>();

  /** A ledger over {@code store}, which it then owns. */
  public ReceiverLedger(HwmStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  /**
   * Decides what to do with update {@code seq} from journal {@code journalId} whose sender last saw
   * {@code prev} acknowledged. In order:
   *
   * <ol>
   *   <li>{@code seq <= HWM}: {@link Decision.Kind#DUPLICATE} (answer 200 with {@code
   *       Spawn-Duplicate: true}, do not run the application);
   *   <li>{@code prev} is {@code resync}: {@link Decision.Kind#APPLY}; an operator brought this
   *       node's data over and reset the sender, which is signed, so only a real origin can send
   *       it;
   *   <li>{@code prev} equals the HWM, or {@code prev} is {@code start} and there is no HWM yet:
   *       {@link Decision.Kind#APPLY};
   *   <li>anything else: {@link Decision.Kind#GAP} (answer 409 with {@code Spawn-Expected}): the
   *       node missed updates or lost its data (a new empty store and a numeric prev ends up
   *       here). Nothing is applied past a gap.
   * </ol>
   *
   * <p>{@link Decision#expected()} is HWM + 1, or 1 when there is no HWM yet: a gap reporting 1
   * means "this node has applied nothing from your journal".
   */
  public Decision decide(String journalId, long seq, String prev) {
    MirrorFields.checkSeq(seq);
    MirrorFields.checkPrev(prev);
    long hwm = mark(journalId).hwm.get();
    long expected = hwm + 1;
    Decision.Kind kind;
    if (hwm != NONE && seq <= hwm) {
      kind = Decision.Kind.DUPLICATE;
    } else if (MirrorHeaders.PREV_RESYNC.equals(prev)) {
      log.info("journal {}: applying seq {} after a resync (high-water mark was {})",
          journalId, seq, hwm == NONE ? "none" : hwm);
      kind = Decision.Kind.APPLY;
    } else if (hwm == NONE
        ? MirrorHeaders.PREV_START.equals(prev)
        : Syntax.parseDecimal(prev) == hwm) {
      kind = Decision.Kind.APPLY;
    } else {
      log.warn("journal {}: gap at seq {} (prev {}, high-water mark {}); nothing is applied until"
          + " an operator resyncs this node", journalId, seq, prev, hwm == NONE ? "none" : hwm);
      kind = Decision.Kind.GAP;
    }
    return new Decision(kind, expected);
  }

  /**
   * Records that update {@code seq} of {@code journalId} was applied with a final answer; the mark
   * only moves forward. Durable when this returns.
   *
   * @throws HwmStoreException when the store cannot be written (answer 5xx: the sender retries)
   */
  public void commit(String journalId, long seq) {
    MirrorFields.checkSeq(seq);
    Mark mark = mark(journalId);
    store.advance(journalId, seq);
    mark.hwm.accumulateAndGet(seq, Math::max);
  }

  /** The high-water mark of a journal id, empty when nothing from it was applied. */
  public OptionalLong highWaterMark(String journalId) {
    long hwm = mark(journalId).hwm.get();
    return hwm == NONE ? OptionalLong.empty() : OptionalLong.of(hwm);
  }

  /** Runs {@code work} holding the journal id's lock, so its updates apply one at a time. */
  public <T> T applyExclusively(String journalId, Supplier<T> work) {
    Objects.requireNonNull(work, "work");
    Lock lock = lockFor(journalId);
    lock.lock();
    try {
      return work.get();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The journal id's lock, for callers whose work throws checked exceptions (a servlet filter):
   * {@code lock()} before {@link #decide}, {@code unlock()} in {@code finally} after {@link
   * #commit}. Reentrant.
   */
  public Lock lockFor(String journalId) {
    return mark(journalId).lock;
  }

  /**
   * Whether an application's final status advances the HWM: 2xx, 3xx and 4xx other than 408, 425
   * and 429 do; 5xx and those do not, so the sender's retry runs the application again. Same rule
   * as {@link Outcome#isFinal}.
   */
  public static boolean advancesHighWaterMark(int status) {
    return Outcome.isFinal(status);
  }

  private Mark mark(String journalId) {
    MirrorFields.checkJournalId(journalId);
    Mark mark = marks.get(journalId);
    if (mark != null) {
      return mark;
    }
    // load outside the map's lock; a racing loader's result is discarded
    Mark loaded = new Mark(store.load(journalId).orElse(NONE));
    Mark raced = marks.putIfAbsent(journalId, loaded);
    return raced == null ? loaded : raced;
  }

  /** Closes the store. */
  @Override
  public void close() {
    store.close();
  }

  @Override
  public String toString() {
    return "ReceiverLedger[" + store + "]";
  }

  /** The cached mark and the lock of one journal id. */
  private static final class Mark {
    final AtomicLong hwm;
    final ReentrantLock lock = new ReentrantLock();

    Mark(long hwm) {
      this.hwm = new AtomicLong(hwm);
    }
  }

  /**
   * What to do with one update. Immutable and thread-safe.
   *
   * @param kind apply, duplicate or gap
   * @param expected the seq this receiver expects next from the journal: HWM + 1, or 1 when it
   *     has applied nothing from it; sent as {@code Spawn-Expected} with a gap
   */
  public record Decision(Kind kind, long expected) {

    /** The three answers to an update. */
    public enum Kind {
      /** Run the application, then commit if its answer is final. */
      APPLY,
      /** Already applied: answer 200 with {@code Spawn-Duplicate: true}, do not run the app. */
      DUPLICATE,
      /** Updates are missing: answer 409 with {@code Spawn-Expected}, do not run the app. */
      GAP
    }

    public Decision {
      Objects.requireNonNull(kind, "kind");
      if (expected < 1) {
        throw new IllegalArgumentException("expected was " + expected + "; expected >= 1");
      }
    }
  }
}
