package dev.spawn.delivery;

import dev.spawn.Node;
import dev.spawn.mirror.MirrorHeaders;
import dev.spawn.mirror.MirrorRequest;
import dev.spawn.mirror.MirrorSigner;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.impl.DefaultConnectionReuseStrategy;
import org.apache.hc.core5.http.impl.io.DefaultBHttpClientConnection;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;

/** Sends one journaled update to one peer and reads the answer. Thread-safe. */
final class PeerSender {

  /** Largest response body captured for a waiting caller. */
  static final int MAX_CAPTURED_BODY = 16 * 1024 * 1024;

  private static final Set<String> HOP_BY_HOP =
      Set.of(
          "connection", "keep-alive", "te", "trailer", "transfer-encoding", "upgrade",
          "proxy-authenticate", "proxy-authorization", "content-length");

  /** Request headers the sender sets itself; an update never carries its own. */
  private static final Set<String> SET_HERE =
      Set.of("host", "content-length", "transfer-encoding", "connection", "keep-alive", "expect");

  private final PeerConnections connections;
  private final MirrorSigner signer;
  private final String journalId;
  private final Clock clock;

  PeerSender(
      PeerConnections connections, MirrorSigner signer, String journalId, Clock clock) {
    this.connections = connections;
    this.signer = signer;
    this.journalId = journalId;
    this.clock = clock;
  }

  Attempt send(Node peer, MirrorRequest update, long seq, String prev, boolean capture) {
    BasicClassicHttpRequest request = new BasicClassicHttpRequest(update.method(), update.target());
    request.addHeader("Host", peer.host() + ":" + peer.port());
    for (MirrorRequest.Header h : update.headers()) {
      if (!SET_HERE.contains(h.name().toLowerCase(Locale.ROOT))) {
        request.addHeader(h.name(), h.value());
      }
    }
    List<MirrorRequest.Header> spawnHeaders =
        signer != null
            ? signer.outboundHeaders(update, peer.id(), journalId, seq, prev)
            : MirrorSigner.unsignedHeaders(update, journalId, seq, prev);
    for (MirrorRequest.Header h : spawnHeaders) {
      request.addHeader(h.name(), h.value());
    }
    if (update.body().length > 0 || !update.method().equals("DELETE")) {
      request.addHeader("Content-Length", Integer.toString(update.body().length));
      request.setEntity(new ByteArrayEntity(update.body(), null));
    }
    DefaultBHttpClientConnection connection = null;
    boolean reusable = false;
    try {
      connection = connections.lease(peer);
      connection.sendRequestHeader(request);
      if (request.getEntity() != null) {
        connection.sendRequestEntity(request);
      }
      connection.flush();
      ClassicHttpResponse response = connection.receiveResponseHeader();
      while (response.getCode() < 200) {
        response = connection.receiveResponseHeader(); // 100 Continue, 102, 103: interim
      }
      int status = response.getCode();
      if (status != 204 && status != 304 && !update.method().equals("HEAD")) {
        connection.receiveResponseEntity(response);
      }
      Attempt attempt = read(peer, seq, response, capture);
      reusable = DefaultConnectionReuseStrategy.INSTANCE.keepAlive(request, response, null);
      return attempt;
    } catch (ConnectException | SocketTimeoutException | NoRouteToHostException
        | UnknownHostException e) {
      return Attempt.failed(e, true);
    } catch (InterruptedIOException e) {
      return Attempt.failed(e, true);
    } catch (IOException e) {
      return Attempt.failed(e, false);
    } catch (HttpException e) {
      return Attempt.failed(new IOException("bad answer from " + peer.id() + ": " + e.getMessage(),
          e), false);
    } finally {
      if (connection != null) {
        if (reusable) {
          connections.release(peer, connection);
        } else {
          PeerConnections.closeQuietly(connection);
        }
      }
    }
  }

  private Attempt read(Node peer, long seq, ClassicHttpResponse response, boolean capture)
      throws IOException {
    int status = response.getCode();
    Header expected = response.getFirstHeader(MirrorHeaders.EXPECTED);
    long retryAfter = retryAfterNanos(response.getFirstHeader("Retry-After"));
    HttpEntity entity = response.getEntity();
    PeerResponse captured = null;
    if (capture) {
      byte[] body = entity == null ? new byte[0] : EntityUtils.toByteArray(entity, MAX_CAPTURED_BODY);
      List<MirrorRequest.Header> headers = new ArrayList<>();
      for (Header h : response.getHeaders()) {
        if (!HOP_BY_HOP.contains(h.getName().toLowerCase(Locale.ROOT))) {
          headers.add(new MirrorRequest.Header(h.getName(), h.getValue()));
        }
      }
      captured = new PeerResponse(peer.id(), seq, status, List.copyOf(headers), body);
    } else {
      EntityUtils.consume(entity);
    }
    return new Attempt(
        status, retryAfter, expected == null ? null : expected.getValue(), null, false, captured);
  }

  private long retryAfterNanos(Header header) {
    if (header == null) {
      return 0;
    }
    String v = header.getValue().trim();
    try {
      return Math.max(0, Long.parseLong(v)) * 1_000_000_000L;
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime when = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
        long millis = when.toInstant().toEpochMilli() - clock.millis();
        return Math.max(0, millis) * 1_000_000L;
      } catch (RuntimeException notADate) {
        return 0;
      }
    }
  }
}
