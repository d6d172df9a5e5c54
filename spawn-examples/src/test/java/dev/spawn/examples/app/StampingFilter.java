package dev.spawn.examples.app;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stands in for the Spawn filter: gives each mutating request the next id ("t000001", ...) and
 * origin time as request attributes. Two apps fed the same writes see the same stamps.
 */
final class StampingFilter implements Filter {

  static final long EPOCH = 1_700_000_000_000L;

  private final AtomicLong counter = new AtomicLong();

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String method = ((HttpServletRequest) request).getMethod();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      long n = counter.incrementAndGet();
      request.setAttribute(WriteStamp.ID_ATTRIBUTE, String.format("t%06d", n));
      request.setAttribute(WriteStamp.TIME_ATTRIBUTE, EPOCH + n);
    }
    chain.doFilter(request, response);
  }
}
