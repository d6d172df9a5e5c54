package dev.spawn.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.spawn.journal.GroupCommitWriter.PendingAppend;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GroupCommitWriterTest {

  private final List<List<Integer>> batches = new CopyOnWriteArrayList<>();
  private final CountDownLatch firstBatchMayFinish = new CountDownLatch(1);
  private final AtomicLong seq = new AtomicLong();
  private volatile int failingBatch = -1;
  private final List<Thread> callers = new ArrayList<>();
  private GroupCommitWriter writer;

  private void commit(List<PendingAppend> batch) {
    if (batches.isEmpty()) {
      awaitLatch();
    }
    List<Integer> sizes = new ArrayList<>();
    batch.forEach(a -> sizes.add(a.payload.length));
    batches.add(sizes);
    if (batches.size() - 1 == failingBatch) {
      throw new IllegalStateException("disk on fire");
    }
    batch.forEach(a -> a.succeed(seq.incrementAndGet()));
  }

  private void awaitLatch() {
    try {
      firstBatchMayFinish.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private GroupCommitWriter writer(int maxEntries, long maxBytes) {
    writer = new GroupCommitWriter("test-writer", maxEntries, maxBytes, this::commit,
        () -> new JournalException("closed"));
    return writer;
  }

  @AfterEach
  void stop() {
    firstBatchMayFinish.countDown();
    writer.shutdown();
  }

  /** Starts callers and waits until every one of them is blocked in append. */
  private List<CompletableFuture<Long>> appendFromThreads(int count, int size) {
    List<CompletableFuture<Long>> results = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      CompletableFuture<Long> result = new CompletableFuture<>();
      Thread t = new Thread(() -> {
        try {
          result.complete(writer.append(null, new byte[size]));
        } catch (RuntimeException e) {
          result.completeExceptionally(e);
        }
      });
      callers.add(t);
      t.start();
      results.add(result);
    }
    await().until(() -> callers.stream().allMatch(t -> t.getState() == Thread.State.WAITING));
    return results;
  }

  @Test
  void commitsWaitingAppendsTogetherWithinTheBounds() throws Exception {
    writer(4, 100);
    appendFromThreads(1, 10); // the first batch, held open while the others queue up
    List<CompletableFuture<Long>> queued = appendFromThreads(12, 30);
    firstBatchMayFinish.countDown();

    List<Long> seqs = new ArrayList<>();
    for (CompletableFuture<Long> r : queued) {
      seqs.add(r.get(30, TimeUnit.SECONDS));
    }
    assertThat(seqs).doesNotHaveDuplicates().allMatch(s -> s >= 2 && s <= 13);
    List<List<Integer>> later = batches.subList(1, batches.size());
    assertThat(later).allMatch(b -> b.size() <= 4)
        .allMatch(b -> b.stream().mapToInt(i -> i).sum() <= 100)
        .anyMatch(b -> b.size() == 3);
    assertThat(later).hasSize(4);
  }

  @Test
  void failsEveryCallerOfAFailedBatchAndGoesOn() throws Exception {
    writer(100, 1 << 20);
    appendFromThreads(1, 1);
    failingBatch = 1;
    List<CompletableFuture<Long>> queued = appendFromThreads(5, 1);
    firstBatchMayFinish.countDown();

    for (CompletableFuture<Long> r : queued) {
      assertThatThrownBy(() -> r.get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(JournalException.class)
          .hasMessageContaining("disk on fire");
    }
    assertThat(writer.append(null, new byte[1])).isEqualTo(2);
  }

  @Test
  void shutdownCommitsWhatWasQueuedAndRefusesTheRest() throws Exception {
    writer(100, 1 << 20);
    List<CompletableFuture<Long>> queued = appendFromThreads(6, 1);
    Thread stopper = new Thread(writer::shutdown);
    stopper.start();
    await().until(() -> stopper.getState() == Thread.State.WAITING);
    firstBatchMayFinish.countDown();
    stopper.join(30_000);

    for (CompletableFuture<Long> r : queued) {
      assertThat(r.get(30, TimeUnit.SECONDS)).isPositive();
    }
    assertThatThrownBy(() -> writer.append(null, new byte[1]))
        .isInstanceOf(JournalException.class).hasMessage("closed");
    assertThat(writer.execute(() -> { })).isFalse();
  }

  @Test
  void runsWorkOnTheWriterThreadEvenWhenAskedFromIt() {
    writer(100, 1 << 20);
    firstBatchMayFinish.countDown();
    String outer = writer.call(() -> Thread.currentThread().getName()
        + "/" + writer.call(() -> Thread.currentThread().getName()));
    assertThat(outer).isEqualTo("test-writer/test-writer");
  }
}
