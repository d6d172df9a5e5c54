package dev.spawn.journal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes a journal. Appends queue up while a commit is under way and are then
 * committed together (group commit), in batches bounded by count and bytes; every other write
 * (cursors, dead letters) runs on the same thread between batches, so writes never race each
 * other. Thread-safe.
 */
final class GroupCommitWriter {

  private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);

  /** Commits a batch; must complete every append in it, with a sequence number or a failure. */
  interface BatchCommitter {
    void commit(List<PendingAppend> batch);
  }

  /** One append waiting for its batch to be committed. */
  static final class PendingAppend {
    final String target;
    final byte[] payload;
    private final CompletableFuture<Long> result = new CompletableFuture<>();

    PendingAppend(String target, byte[] payload) {
      this.target = target;
      this.payload = payload;
    }

    void succeed(long seq) {
      result.complete(seq);
    }

    void fail(RuntimeException e) {
      result.completeExceptionally(e);
    }

    boolean isDone() {
      return result.isDone();
    }
  }

  private static final Object STOP = new Object();

  // Lock-free: with dozens of callers on two cores, a locked queue makes them queue for the lock.
  private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
  private volatile boolean writerWaiting;
  // Read-locked by every enqueue and write-locked by shutdown, so nothing is queued after STOP.
  private final ReadWriteLock gate = new ReentrantReadWriteLock();
  private final int batchMaxEntries;
  private final long batchMaxBytes;
  private final BatchCommitter committer;
  private final Supplier<RuntimeException> closedError;
  private final Thread thread;
  private boolean open = true;

  GroupCommitWriter(
      String name, int batchMaxEntries, long batchMaxBytes, BatchCommitter committer,
      Supplier<RuntimeException> closedError) {
    this.batchMaxEntries = batchMaxEntries;
    this.batchMaxBytes = batchMaxBytes;
    this.committer = committer;
    this.closedError = closedError;
    this.thread = new Thread(this::run, name);
    // Daemon: an append is durable when it returns, so a forgotten close() must not keep the JVM.
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues an append and waits until its batch is committed; returns its sequence number. */
  long append(String target, byte[] payload) {
    PendingAppend append = new PendingAppend(target, payload);
    enqueue(append);
    return await(append.result);
  }

  /** Runs work on the writer thread between batches and waits for its result. */
  <T> T call(Callable<T> work) {
    CompletableFuture<T> result = new CompletableFuture<>();
    if (isWriterThread()) {
      // Queuing it would wait for itself.
      runInto(work, result);
      return await(result);
    }
    enqueue((Runnable) () -> runInto(work, result));
    return await(result);
  }

  private static <T> void runInto(Callable<T> work, CompletableFuture<T> result) {
    try {
      result.complete(work.call());
    } catch (Throwable e) {
      result.completeExceptionally(e);
    }
  }

  /** Queues work for the writer thread without waiting; false when the writer is shut down. */
  boolean execute(Runnable work) {
    gate.readLock().lock();
    try {
      if (!open) {
        return false;
      }
      add(work);
      return true;
    } finally {
      gate.readLock().unlock();
    }
  }

  private boolean isWriterThread() {
    return Thread.currentThread() == thread;
  }

  /** Stops taking work, lets the thread finish everything queued before, and waits for it. */
  void shutdown() {
    gate.writeLock().lock();
    try {
      if (open) {
        open = false;
        add(STOP);
      }
    } finally {
      gate.writeLock().unlock();
    }
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void enqueue(Object task) {
    gate.readLock().lock();
    try {
      if (!open) {
        throw closedError.get();
      }
      add(task);
    } finally {
      gate.readLock().unlock();
    }
  }

  private void run() {
    List<PendingAppend> batch = new ArrayList<>(batchMaxEntries);
    while (true) {
      Object task = take();
      if (task == STOP) {
        return;
      }
      if (task instanceof Runnable) {
        runQuietly((Runnable) task);
        continue;
      }
      batch.add((PendingAppend) task);
      long bytes = ((PendingAppend) task).payload.length;
      while (batch.size() < batchMaxEntries && queue.peek() instanceof PendingAppend) {
        PendingAppend next = (PendingAppend) queue.peek();
        if (bytes + next.payload.length > batchMaxBytes) {
          break;
        }
        queue.poll();
        batch.add(next);
        bytes += next.payload.length;
      }
      commit(batch);
      batch.clear();
    }
  }

  private void commit(List<PendingAppend> batch) {
    try {
      committer.commit(batch);
    } catch (RuntimeException | Error e) {
      log.error("journal writer failed to commit a batch of {} appends", batch.size(), e);
      for (PendingAppend append : batch) {
        append.fail(new JournalException("journal writer failed: " + e, e));
      }
    }
    for (PendingAppend append : batch) {
      if (!append.isDone()) {
        append.fail(new JournalException("journal writer left an append unanswered (a bug)"));
      }
    }
  }

  private static void runQuietly(Runnable work) {
    try {
      work.run();
    } catch (RuntimeException | Error e) {
      log.error("journal writer task failed", e);
    }
  }

  private void add(Object task) {
    queue.add(task);
    if (writerWaiting) {
      LockSupport.unpark(thread);
    }
  }

  /** The next task, waiting for one; a caller's add either is seen here or unparks the wait. */
  private Object take() {
    Object task = queue.poll();
    if (task != null) {
      return task;
    }
    writerWaiting = true;
    try {
      while ((task = queue.poll()) == null) {
        // Interrupts are ignored: only shutdown() stops the writer, queued appends still count.
        LockSupport.park(this);
      }
      return task;
    } finally {
      writerWaiting = false;
    }
  }

  private static <T> T await(CompletableFuture<T> result) {
    try {
      return result.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw new JournalException("journal writer failed: " + cause, cause);
    }
  }
}
