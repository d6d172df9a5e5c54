package dev.spawn.examples.app;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notes REST API, mounted at {@code /notes/*}: list and create on {@code /notes}; read,
 * create-or-replace and delete on {@code /notes/{id}}. A plain servlet with no knowledge of Spawn
 * beyond {@link WriteStamp}. Thread-safe.
 */
final class NotesServlet extends HttpServlet {

  private static final Logger log = LoggerFactory.getLogger(NotesServlet.class);
  static final String PATH = "/notes";
  static final int MAX_BODY_BYTES = 64 * 1024;
  /** A body over the limit but at most this long is read (and dropped) before the 413. */
  private static final int DRAIN_BYTES = 1024 * 1024;

  private final transient NoteStore store;
  private final transient JsonReplies json;
  private final transient Clock clock;

  NotesServlet(NoteStore store, JsonReplies json, Clock clock) {
    this.store = store;
    this.json = json;
    this.clock = clock;
  }

  /** Turns refusals into JSON errors, so every handler below can simply throw. */
  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws ServletException, IOException {
    try {
      super.service(request, response);
    } catch (BadInputException e) {
      json.error(response, e.status(), e.field(), e.getMessage());
    } catch (UncheckedIOException e) {
      log.error("Storage failed for {} {}", request.getMethod(), request.getRequestURI(), e);
      json.error(response, 500, null, e.getMessage() + ": " + e.getCause().getMessage());
    }
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String id = idOf(request);
    if (id == null) {
      json.send(response, 200, store.list());
      return;
    }
    Note note = store.get(id).orElseThrow(() -> notFound(id));
    json.send(response, 200, note);
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (idOf(request) != null) {
      throw methodNotAllowed(response, "GET, PUT, DELETE");
    }
    NoteInput input = readInput(request, true);
    WriteStamp stamp = WriteStamp.of(request, clock);
    NoteStore.Saved saved = store.create(stamp.id(), input, stamp.time());
    response.setHeader("Location", request.getContextPath() + PATH + "/" + saved.note().id());
    json.send(response, saved.created() ? 201 : 200, saved.note());
  }

  @Override
  protected void doPut(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String id = idOf(request);
    if (id == null) {
      throw methodNotAllowed(response, "GET, POST");
    }
    NoteInput input = readInput(request, false);
    NoteStore.Saved saved = store.put(id, input, WriteStamp.of(request, clock).time());
    if (saved.created()) {
      response.setHeader("Location", request.getContextPath() + PATH + "/" + id);
    }
    json.send(response, saved.created() ? 201 : 200, saved.note());
  }

  @Override
  protected void doDelete(HttpServletRequest request, HttpServletResponse response) {
    String id = idOf(request);
    if (id == null) {
      throw methodNotAllowed(response, "GET, POST");
    }
    if (!store.delete(id)) {
      throw notFound(id);
    }
    response.setStatus(204);
  }

  /** The id in {@code /notes/{id}}, or null for {@code /notes} itself. */
  private static String idOf(HttpServletRequest request) {
    String path = request.getPathInfo();
    if (path == null || path.equals("/")) {
      return null;
    }
    String id = path.substring(1);
    if (!Note.isValidId(id)) {
      if (id.contains("/")) {
        throw new BadInputException(404, null, "no such resource: " + request.getRequestURI());
      }
      throw new BadInputException("id", "id must match " + Note.idPattern() + ", was '" + id + "'");
    }
    return id;
  }

  /** JSON from any JSON-ish or missing content type; a form only where servlets parse one. */
  private NoteInput readInput(HttpServletRequest request, boolean formAllowed) throws IOException {
    String type = request.getContentType() == null
        ? "application/json" : request.getContentType().toLowerCase(Locale.ROOT);
    if (formAllowed && type.startsWith("application/x-www-form-urlencoded")) {
      if (request.getCharacterEncoding() == null) {
        request.setCharacterEncoding("UTF-8");
      }
      return NoteInput.of(request.getParameter("title"), request.getParameter("text"));
    }
    if (!type.startsWith("application/json") && !type.matches("^[^;]*\\+json\\b.*")) {
      throw new BadInputException(415, "Content-Type", "Content-Type must be application/json"
          + (formAllowed ? " or application/x-www-form-urlencoded" : "") + ", was '" + type + "'");
    }
    long declared = request.getContentLengthLong();
    if (declared > MAX_BODY_BYTES) {
      throw tooLarge(request.getInputStream(), declared);
    }
    byte[] body = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
    if (body.length > MAX_BODY_BYTES) {
      throw tooLarge(request.getInputStream(), -1);
    }
    return NoteInput.fromJson(json.mapper(), body);
  }

  /**
   * The 413 for a body over the limit. A body of up to {@link #DRAIN_BYTES} is read and dropped
   * first: answering while the client still sends makes the server close a connection with unread
   * bytes, and the client may then see a reset instead of the answer. Larger bodies are not read.
   */
  private static BadInputException tooLarge(InputStream in, long declared) throws IOException {
    if (declared <= DRAIN_BYTES) {
      byte[] sink = new byte[8192];
      long left = DRAIN_BYTES;
      int n;
      while (left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) >= 0) {
        left -= n;
      }
    }
    return tooLarge();
  }

  private static BadInputException tooLarge() {
    return new BadInputException(413, "body", "body must be at most " + MAX_BODY_BYTES + " bytes");
  }

  private static BadInputException notFound(String id) {
    return new BadInputException(404, "id", "no note with id '" + id + "'");
  }

  private static BadInputException methodNotAllowed(HttpServletResponse response, String allow) {
    response.setHeader("Allow", allow);
    return new BadInputException(405, null, "method not allowed here; allowed: " + allow);
  }
}
