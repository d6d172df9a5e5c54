package dev.spawn.servlet;

import dev.spawn.Spawn;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A filter placed in front of SpawnFilter that notes, at the first moment anything of an answer
 * could reach the client (a body write, a flush, an error, a redirect, or the end of the chain),
 * the journal's last seq and the status, for writes clients send to this node (not mirrors). With one request at a time, a 2xx whose seq did not move
 * past the one seen on entry was shown to the client before it was journaled.
 */
final class JournalWitness implements Filter {

  /** One answer as it left: the journal's last seq on entry and when the answer left. */
  record Seen(String method, String path, long before, long atAnswer, int status) {
    boolean journaledFirst() {
      return atAnswer > before;
    }
  }

  private final Spawn spawn;
  final List<Seen> seen = new CopyOnWriteArrayList<>();

  JournalWitness(Spawn spawn) {
    this.spawn = spawn;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest req = (HttpServletRequest) request;
    if (req.getDispatcherType() != DispatcherType.REQUEST || req.getMethod().equals("GET")
        || req.getHeader("Spawn-Seq") != null) {
      chain.doFilter(request, response);
      return;
    }
    Watch watch = new Watch((HttpServletResponse) response, req.getMethod(),
        req.getRequestURI(), spawn.journal().stats().lastSeq());
    chain.doFilter(request, watch);
    if (!req.isAsyncStarted()) {
      watch.note();
    }
  }

  private final class Watch extends HttpServletResponseWrapper {
    private final String method;
    private final String path;
    private final long before;
    private boolean noted;

    Watch(HttpServletResponse response, String method, String path, long before) {
      super(response);
      this.method = method;
      this.path = path;
      this.before = before;
    }

    synchronized void note() {
      if (!noted) {
        noted = true;
        seen.add(new Seen(method, path, before, spawn.journal().stats().lastSeq(), getStatus()));
      }
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
      note();
      return super.getOutputStream();
    }

    @Override
    public PrintWriter getWriter() throws IOException {
      note();
      return super.getWriter();
    }

    @Override
    public void flushBuffer() throws IOException {
      note();
      super.flushBuffer();
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
      setStatus(sc);
      note();
      super.sendError(sc, msg);
    }

    @Override
    public void sendError(int sc) throws IOException {
      setStatus(sc);
      note();
      super.sendError(sc);
    }

    @Override
    public void sendRedirect(String location) throws IOException {
      setStatus(302);
      note();
      super.sendRedirect(location);
    }
  }
}
