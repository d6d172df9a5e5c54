package dev.spawn.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The async context an app gets from a held request: {@link #complete()} first finishes the
 * exchange (journal or commit, then the held response is written), then completes the real
 * context. Listeners the app adds see this context in their events, so a listener that completes
 * the request on a timeout goes through here too. Everything else is the container's. Thread-safe
 * as the container's context is.
 */
final class HeldAsyncContext implements AsyncContext {

  private static final Logger log = LoggerFactory.getLogger(HeldAsyncContext.class);

  private final AsyncContext real;
  private final Exchange exchange;

  HeldAsyncContext(AsyncContext real, Exchange exchange) {
    this.real = real;
    this.exchange = exchange;
  }

  @Override
  public void complete() {
    try {
      exchange.finish();
    } catch (IOException | RuntimeException e) {
      // The client went away or the answer could not be written; the container cleans up.
      log.debug("{}: finishing on async completion failed", exchange, e);
    } finally {
      real.complete();
    }
  }

  @Override
  public ServletRequest getRequest() {
    return real.getRequest();
  }

  @Override
  public ServletResponse getResponse() {
    return real.getResponse();
  }

  @Override
  public boolean hasOriginalRequestAndResponse() {
    return real.hasOriginalRequestAndResponse();
  }

  @Override
  public void dispatch() {
    real.dispatch();
  }

  @Override
  public void dispatch(String path) {
    real.dispatch(path);
  }

  @Override
  public void dispatch(ServletContext context, String path) {
    real.dispatch(context, path);
  }

  @Override
  public void start(Runnable run) {
    real.start(run);
  }

  @Override
  public void addListener(AsyncListener listener) {
    real.addListener(new Relay(listener, this));
  }

  @Override
  public void addListener(AsyncListener listener, ServletRequest request,
      ServletResponse response) {
    real.addListener(new Relay(listener, this), request, response);
  }

  @Override
  public <T extends AsyncListener> T createListener(Class<T> type) throws ServletException {
    return real.createListener(type);
  }

  @Override
  public void setTimeout(long timeout) {
    real.setTimeout(timeout);
  }

  @Override
  public long getTimeout() {
    return real.getTimeout();
  }

  /** Passes events on with this context in place of the container's. */
  private record Relay(AsyncListener listener, HeldAsyncContext context) implements AsyncListener {

    private AsyncEvent rewrap(AsyncEvent e) {
      return new AsyncEvent(context, e.getSuppliedRequest(), e.getSuppliedResponse(),
          e.getThrowable());
    }

    @Override
    public void onComplete(AsyncEvent event) throws IOException {
      listener.onComplete(rewrap(event));
    }

    @Override
    public void onTimeout(AsyncEvent event) throws IOException {
      listener.onTimeout(rewrap(event));
    }

    @Override
    public void onError(AsyncEvent event) throws IOException {
      listener.onError(rewrap(event));
    }

    @Override
    public void onStartAsync(AsyncEvent event) throws IOException {
      listener.onStartAsync(rewrap(event));
    }
  }
}
