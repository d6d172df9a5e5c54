package dev.spawn.servlet;

import dev.spawn.mirror.MirrorHeaders;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A test app that records what each write looked like to it and answers by path. */
final class TestApp extends HttpServlet {

  /** What the app saw of one write. */
  record Applied(String method, String target, byte[] body, Map<String, List<String>> parameters,
      Map<String, byte[]> parts, String principal, boolean replicated, Object spawnId,
      Object originTime, String spawnIdHeader, String originTimeHeader) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  final List<Applied> applied = new CopyOnWriteArrayList<>();

  /** Writes the app ran, to paths starting with {@code prefix}. */
  List<Applied> at(String prefix) {
    return applied.stream().filter(a -> a.target().startsWith(prefix)).toList();
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp)
      throws ServletException, IOException {
    String path = req.getRequestURI();
    if (req.getMethod().equals("GET")) {
      resp.getWriter().print("ok");
      return;
    }
    if (req.getDispatcherType() == DispatcherType.ASYNC) {
      resp.setStatus(202);
      resp.getWriter().print("dispatched");
      return;
    }
    record(req, path);
    switch (path.replaceAll("^(/[^/]*).*", "$1")) {
      case "/async" -> {
        AsyncContext ac = req.startAsync();
        ac.start(() -> {
          try {
            ac.getResponse().getWriter().print("async-done");
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
          ac.complete();
        });
      }
      case "/async-dispatch" -> req.startAsync().dispatch();
      case "/async-timeout" -> req.startAsync().setTimeout(100);
      case "/flush" -> {
        resp.setStatus(201);
        resp.getOutputStream().print("part1 ");
        resp.flushBuffer();
        resp.getOutputStream().print("part2");
        resp.getOutputStream().flush();
      }
      case "/error" -> resp.sendError(Integer.parseInt(req.getParameter("code")), "custom message");
      case "/fail" -> throw new ServletException("the app failed");
      case "/redirect" -> resp.sendRedirect("/login");
      case "/see-other" -> {
        resp.setStatus(303);
        resp.setHeader("Location", "/done");
      }
      default -> {
        resp.setStatus(201);
        resp.setContentType("text/plain;charset=UTF-8");
        resp.getWriter().print("created " + path);
      }
    }
  }

  private void record(HttpServletRequest req, String path) throws IOException, ServletException {
    Map<String, byte[]> parts = new LinkedHashMap<>();
    String type = req.getContentType();
    if (type != null && type.startsWith("multipart/form-data")) {
      for (Part p : req.getParts()) {
        parts.put(p.getName() + (p.getSubmittedFileName() == null ? ""
            : ":" + p.getSubmittedFileName()), p.getInputStream().readAllBytes());
      }
    }
    Map<String, List<String>> params = new LinkedHashMap<>();
    req.getParameterMap().forEach((k, v) -> params.put(k, List.of(v)));
    byte[] body = req.getInputStream().readAllBytes();
    Principal user = req.getUserPrincipal();
    String query = req.getQueryString();
    applied.add(new Applied(req.getMethod(), query == null ? path : path + "?" + query, body,
        params, parts, user == null ? null : user.getName(),
        Boolean.TRUE.equals(req.getAttribute(MirrorHeaders.ATTR_REPLICATED)),
        req.getAttribute(MirrorHeaders.ATTR_SPAWN_ID),
        req.getAttribute(MirrorHeaders.ATTR_ORIGIN_TIME),
        req.getHeader(MirrorHeaders.SPAWN_ID), req.getHeader(MirrorHeaders.ORIGIN_TIME)));
  }

  /** Stands in for a security framework: names the user from a (url-encoded) test header. */
  static final class PrincipalFilter implements Filter {
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      String user = ((HttpServletRequest) request).getHeader("X-Test-User");
      if (user != null) {
        request.setAttribute(SpawnFilter.PRINCIPAL_ATTRIBUTE,
            URLDecoder.decode(user, StandardCharsets.UTF_8));
      }
      chain.doFilter(request, response);
    }
  }
}
