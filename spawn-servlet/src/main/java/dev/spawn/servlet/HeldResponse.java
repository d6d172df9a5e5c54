package dev.spawn.servlet;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.CharArrayWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.function.IntPredicate;

/**
 * The app's response, held until the filter has journaled (origin) or committed (peer) the
 * update: the status and the body are kept here, flushes are ignored, and {@link #release()}
 * writes them to the real response. Headers go to the real response at once; nothing reaches the
 * client before the body does.
 *
 * <p>Until released, the real response carries status 500, so a request that somehow ends without
 * the filter finishing it (an async dispatch the filter is not mapped for) can never show the
 * client a success for a write that was not journaled.
 *
 * <p>{@code sendError} with a status that {@code holdsError} rejects (errors that are not
 * replicated) goes to the container at once; others are held like any answer. {@code
 * sendRedirect} becomes a held 302 with {@code Location}. The body is held in memory. Not
 * thread-safe, like the response it wraps; an async app must not write after completing.
 */
final class HeldResponse extends HttpServletResponseWrapper {

  private final HttpServletResponse real;
  private final IntPredicate holdsError;
  private int status = SC_OK;
  private ByteArrayOutputStream bytes;
  private CharArrayWriter chars;
  private ServletOutputStream stream;
  private PrintWriter writer;
  private boolean flushed;
  private boolean sealed; // sendError or sendRedirect: the answer is final
  private boolean errorSent;
  private String heldErrorMessage;
  private boolean heldError;
  private volatile boolean released;

  HeldResponse(HttpServletResponse real, IntPredicate holdsError) {
    super(real);
    this.real = real;
    this.holdsError = holdsError;
    real.setStatus(SC_INTERNAL_SERVER_ERROR);
  }

  /** The status the app answered with (200 unless it set one). */
  int status() {
    return status;
  }

  /** Whether an error went to the container at once (it was not held). */
  boolean errorSent() {
    return errorSent;
  }

  /** Writes the held answer to the real response; once. */
  void release() throws IOException {
    if (released) {
      return;
    }
    released = true;
    if (errorSent) {
      return;
    }
    if (heldError) {
      if (heldErrorMessage == null) {
        real.sendError(status);
      } else {
        real.sendError(status, heldErrorMessage);
      }
      return;
    }
    real.setStatus(status);
    if (bytes != null && bytes.size() > 0) {
      bytes.writeTo(real.getOutputStream());
    } else if (chars != null && chars.size() > 0) {
      PrintWriter out = real.getWriter();
      chars.writeTo(out);
      out.flush();
    }
  }

  /** Forgets the held answer (the filter answers instead, on the real response). */
  void discard() {
    released = true;
    bytes = null;
    chars = null;
  }

  @Override
  public void setStatus(int sc) {
    if (!isCommitted()) {
      status = sc;
    }
  }

  @Override
  public int getStatus() {
    return status;
  }

  @Override
  public void sendError(int sc) throws IOException {
    sendError(sc, null);
  }

  @Override
  public void sendError(int sc, String message) throws IOException {
    if (isCommitted()) {
      throw new IllegalStateException("sendError(" + sc + ") after the response was committed");
    }
    clearBody();
    status = sc;
    sealed = true;
    if (holdsError.test(sc)) {
      heldError = true;
      heldErrorMessage = message;
    } else {
      errorSent = true;
      if (message == null) {
        real.sendError(sc);
      } else {
        real.sendError(sc, message);
      }
    }
  }

  @Override
  public void sendRedirect(String location) {
    sendRedirect(location, SC_FOUND, true);
  }

  /** Servlet 6.1's variant, declared so that a 6.1 container's wrapper cannot bypass the hold. */
  public void sendRedirect(String location, int sc) {
    sendRedirect(location, sc, true);
  }

  /** Servlet 6.1's variant, declared so that a 6.1 container's wrapper cannot bypass the hold. */
  public void sendRedirect(String location, boolean clearBuffer) {
    sendRedirect(location, SC_FOUND, clearBuffer);
  }

  /**
   * Servlet 6.1's variant, declared so that a 6.1 container's wrapper cannot bypass the hold. The
   * location is kept as given: HTTP allows a relative {@code Location}, which the client resolves
   * against the request's URL exactly as a container would.
   */
  public void sendRedirect(String location, int sc, boolean clearBuffer) {
    if (location == null) {
      throw new IllegalArgumentException("sendRedirect: location is null");
    }
    if (isCommitted()) {
      throw new IllegalStateException("sendRedirect after the response was committed");
    }
    if (clearBuffer) {
      clearBody();
    }
    status = sc;
    real.setHeader("Location", location);
    sealed = true;
  }

  @Override
  public ServletOutputStream getOutputStream() {
    if (writer != null) {
      throw new IllegalStateException("getWriter() was already called on this response");
    }
    if (stream == null) {
      bytes = new ByteArrayOutputStream();
      stream = new HeldStream();
    }
    return stream;
  }

  @Override
  public PrintWriter getWriter() {
    if (stream != null) {
      throw new IllegalStateException("getOutputStream() was already called on this response");
    }
    if (writer == null) {
      chars = new CharArrayWriter();
      writer = new PrintWriter(chars) {
        @Override
        public void flush() {
          flushed = true;
        }
      };
    }
    return writer;
  }

  /** Ignored until release: the client must not see any of the answer before it is journaled. */
  @Override
  public void flushBuffer() {
    flushed = true;
  }

  /** What the app would see: committed once it flushed, sent an error or a redirect. */
  @Override
  public boolean isCommitted() {
    return flushed || sealed || released;
  }

  @Override
  public void reset() {
    if (isCommitted()) {
      throw new IllegalStateException("reset() after the response was committed");
    }
    real.reset();
    real.setStatus(SC_INTERNAL_SERVER_ERROR);
    status = SC_OK;
    clearBody();
    stream = null;
    writer = null;
  }

  @Override
  public void resetBuffer() {
    if (isCommitted()) {
      throw new IllegalStateException("resetBuffer() after the response was committed");
    }
    clearBody();
  }

  @Override
  public void setBufferSize(int size) {
    // The whole answer is held anyway; the real buffer size does not matter until release.
  }

  private void clearBody() {
    if (bytes != null) {
      bytes.reset();
    }
    if (chars != null) {
      chars.reset();
    }
  }

  /** Writes into the held bytes. */
  private final class HeldStream extends ServletOutputStream {
    @Override
    public void write(int b) {
      if (!sealed) {
        bytes.write(b);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) {
      if (!sealed) {
        bytes.write(b, off, len);
      }
    }

    @Override
    public void flush() {
      flushed = true;
    }

    @Override
    public boolean isReady() {
      return true;
    }

    /** Tells the listener at once that it may write: writes never block here. */
    @Override
    public void setWriteListener(WriteListener listener) {
      try {
        listener.onWritePossible();
      } catch (IOException | RuntimeException e) {
        listener.onError(e);
      }
    }
  }
}
