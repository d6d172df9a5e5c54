package dev.spawn.servlet;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * The app's view of a body the filter already holds. Everything is available at once, so an app
 * using non-blocking reads ({@link #setReadListener}) is told so immediately. Not thread-safe.
 */
final class ReplayInputStream extends ServletInputStream {

  private final InputStream in;
  private boolean finished;

  ReplayInputStream(InputStream in) {
    this.in = in;
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    finished |= b < 0;
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = in.read(buffer, offset, length);
    finished |= n < 0;
    return n;
  }

  @Override
  public int available() throws IOException {
    return in.available();
  }

  @Override
  public boolean isFinished() {
    return finished;
  }

  @Override
  public boolean isReady() {
    return true;
  }

  /** Calls the listener at once: the whole body is in memory (or, past the limit, in the stream). */
  @Override
  public void setReadListener(ReadListener listener) {
    Objects.requireNonNull(listener, "listener");
    try {
      if (!finished) {
        listener.onDataAvailable();
      }
      listener.onAllDataRead();
    } catch (IOException | RuntimeException e) {
      listener.onError(e);
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
