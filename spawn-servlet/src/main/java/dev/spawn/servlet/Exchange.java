package dev.spawn.servlet;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request the filter holds while the app runs it: the response is held, a lock is taken, and
 * when the app is done (its dispatch returns, or, for an async request, it completes the async
 * context or an async dispatch returns) the subclass finishes it exactly once: journal or commit,
 * then release the response and the lock. If the app fails instead, the exchange is abandoned:
 * the lock is released and nothing is replicated or committed.
 *
 * <p>Thread-safe: finishing and abandoning race safely (the first one wins), since an async app
 * may complete on any thread while the filter's own thread is still returning.
 */
abstract class Exchange implements AsyncListener {

  private static final Logger log = LoggerFactory.getLogger(Exchange.class);

  private final AtomicBoolean done = new AtomicBoolean();
  private final AtomicInteger asyncStarts = new AtomicInteger();
  private volatile String asyncFailure;

  /**
   * Runs one dispatch of the app (the first one, or an async re-dispatch) and finishes the
   * exchange when the app is done with the request after it.
   */
  final void dispatch(FilterChain chain, ServletRequest request, ServletResponse response)
      throws IOException, ServletException {
    int starts = asyncStarts.get();
    boolean returned = false;
    try {
      chain.doFilter(request, response);
      returned = true;
    } finally {
      if (!returned) {
        abandon("the application failed");
      } else if (asyncStarts.get() != starts) {
        // Async through our wrapper: HeldAsyncContext.complete() or the re-dispatch finishes.
      } else if (request.isAsyncStarted()) {
        // Async started around our wrapper: completion cannot be intercepted; free the lock then.
        log.warn("{}: the application started async processing on an unwrapped request, so"
            + " SpawnFilter cannot hold its answer; it will not be replicated", this);
        request.getAsyncContext().addListener(this);
      } else {
        finish();
      }
    }
  }

  /** Called by the request wrapper each time the app starts async processing through it. */
  final void asyncStarted() {
    asyncStarts.incrementAndGet();
  }

  /** Finishes the exchange (once; later calls and calls after {@link #abandon} do nothing). */
  final void finish() throws IOException {
    if (done.compareAndSet(false, true)) {
      complete();
    }
  }

  /** Gives up: releases the lock, replicates nothing. Once; after finishing it does nothing. */
  final void abandon(String why) {
    if (done.compareAndSet(false, true)) {
      dropped(why);
    }
  }

  /** Whether the exchange was finished or abandoned. */
  final boolean isDone() {
    return done.get();
  }

  /** Journals or commits as the side requires, writes the held response, releases the lock. */
  protected abstract void complete() throws IOException;

  /** Releases the lock and whatever else is held; the app's answer reaches nobody through us. */
  protected abstract void dropped(String why);

  @Override
  public void onComplete(AsyncEvent event) {
    if (isDone()) {
      return;
    }
    String failure = asyncFailure;
    if (failure != null) {
      log.info("{}: the async request {}; it is not replicated", this, failure);
    } else {
      log.warn("{}: the async request completed without passing through SpawnFilter (is the"
          + " filter mapped for ASYNC dispatches?); it is not replicated", this);
    }
    abandon(failure != null ? failure : "async completion outside the filter");
  }

  @Override
  public void onTimeout(AsyncEvent event) {
    // The app's own listeners may still complete it through HeldAsyncContext; otherwise the
    // container answers with an error and then reports onComplete, which abandons.
    asyncFailure = "timed out";
  }

  @Override
  public void onError(AsyncEvent event) {
    // As for a timeout: onComplete follows.
    asyncFailure = "failed: " + event.getThrowable();
  }

  @Override
  public void onStartAsync(AsyncEvent event) {
    // A new async cycle registers this listener again through the request wrapper.
  }
}
