package dev.spawn.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.Part;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Principal;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The request as the app sees it behind the filter. Its body is the one the filter captured:
 * {@code getInputStream()} and {@code getReader()} replay it, {@code getParameter*()} serve form
 * fields from it (merged with the query string), and {@code getParts()} parses a multipart body
 * from it. Headers come from {@link SpawnHeaders}: on the origin a client's {@code Spawn-*}
 * headers are hidden and the filter's own shown. On a peer, {@code getUserPrincipal()} and {@code
 * getRemoteUser()} name the user the origin authenticated. Async processing started through it
 * keeps the response held ({@link HeldAsyncContext}).
 *
 * <p>Not thread-safe, like the request it wraps.
 */
final class CapturedRequest extends HttpServletRequestWrapper {

  private final Body body; // null: the container still serves the body (pass-through, unread)
  private final SpawnHeaders headers;
  private final String principal;
  private Exchange exchange;
  private HeldResponse held;
  private HeldAsyncContext async;
  private Map<String, String[]> parameters;
  private List<Part> parts;

  CapturedRequest(HttpServletRequest request, Body body, SpawnHeaders headers, String principal) {
    super(request);
    this.body = body;
    this.headers = headers;
    this.principal = principal;
  }

  /** Makes async processing started through this request keep {@code response} held. */
  void holdWith(Exchange exchange, HeldResponse response) {
    this.exchange = exchange;
    this.held = response;
  }

  @Override
  public ServletInputStream getInputStream() throws IOException {
    return body == null ? super.getInputStream() : new ReplayInputStream(body.stream());
  }

  @Override
  public BufferedReader getReader() throws IOException {
    if (body == null) {
      return super.getReader();
    }
    Charset charset = FormParameters.charset(getCharacterEncoding(), StandardCharsets.ISO_8859_1);
    return new BufferedReader(new InputStreamReader(body.stream(), charset));
  }

  @Override
  public String getParameter(String name) {
    String[] values = getParameterMap().get(name);
    return values == null || values.length == 0 ? null : values[0];
  }

  @Override
  public Enumeration<String> getParameterNames() {
    return Collections.enumeration(getParameterMap().keySet());
  }

  @Override
  public String[] getParameterValues(String name) {
    String[] values = getParameterMap().get(name);
    return values == null ? null : values.clone();
  }

  @Override
  public Map<String, String[]> getParameterMap() {
    if (body == null) {
      return super.getParameterMap();
    }
    if (parameters == null) {
      parameters = parseParameters();
    }
    return parameters;
  }

  @Override
  public Collection<Part> getParts() throws IOException, ServletException {
    if (body == null) {
      return super.getParts();
    }
    if (parts == null) {
      String type = getContentType();
      if (!FormParameters.isMultipartForm(type)) {
        throw new ServletException("getParts(): the request is not multipart/form-data but "
            + (type == null ? "has no Content-Type" : type));
      }
      parts = MultipartParts.parse(type, body.bytes(), textCharset(), writeDir());
    }
    return parts;
  }

  @Override
  public Part getPart(String name) throws IOException, ServletException {
    for (Part p : getParts()) {
      if (p.getName() != null && p.getName().equals(name)) {
        return p;
      }
    }
    return null;
  }

  @Override
  public String getHeader(String name) {
    return headers.header(name, super::getHeader);
  }

  @Override
  public Enumeration<String> getHeaders(String name) {
    return headers.headers(name, super::getHeaders);
  }

  @Override
  public Enumeration<String> getHeaderNames() {
    return headers.names(super.getHeaderNames());
  }

  @Override
  public long getDateHeader(String name) {
    return headers.shows(name) ? super.getDateHeader(name) : -1;
  }

  @Override
  public int getIntHeader(String name) {
    String value = getHeader(name);
    return value == null ? -1 : Integer.parseInt(value.strip());
  }

  @Override
  public Principal getUserPrincipal() {
    return principal == null ? super.getUserPrincipal() : new SpawnPrincipal(principal);
  }

  @Override
  public String getRemoteUser() {
    return principal == null ? super.getRemoteUser() : principal;
  }

  @Override
  public AsyncContext startAsync() {
    return held == null ? super.startAsync() : startAsync(this, held);
  }

  @Override
  public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
    AsyncContext real = super.startAsync(request, response);
    if (exchange == null) {
      return real;
    }
    exchange.asyncStarted();
    real.addListener(exchange);
    async = new HeldAsyncContext(real, exchange);
    return async;
  }

  @Override
  public AsyncContext getAsyncContext() {
    AsyncContext current = super.getAsyncContext();
    return async != null && current != null ? async : current;
  }

  private Map<String, String[]> parseParameters() {
    Map<String, List<String>> values = new LinkedHashMap<>();
    FormParameters.addUrlEncoded(values, getQueryString(), StandardCharsets.UTF_8);
    String type = getContentType();
    try {
      if (FormParameters.isForm(type)) {
        String text = new String(body.bytes(), textCharset());
        FormParameters.addUrlEncoded(values, text, textCharset());
      } else if (FormParameters.isMultipartForm(type)) {
        MultipartParts.addTextFields(values, getParts(), textCharset());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading the request body for its parameters failed", e);
    } catch (ServletException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
    return FormParameters.freeze(values);
  }

  private Charset textCharset() {
    return FormParameters.charset(getCharacterEncoding(), StandardCharsets.UTF_8);
  }

  private Path writeDir() {
    ServletContext context = getServletContext();
    Object dir = context == null ? null : context.getAttribute(ServletContext.TEMPDIR);
    return dir instanceof File f ? f.toPath() : Path.of(System.getProperty("java.io.tmpdir"));
  }

  /** The user the origin authenticated, as a peer's app sees it. */
  private record SpawnPrincipal(String getName) implements Principal {
    @Override
    public String toString() {
      return getName;
    }
  }
}
