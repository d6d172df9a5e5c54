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
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;

/** Sends one journaled update to one peer and reads the answer. Thread-safe. */
final class PeerSender {

  /** Largest response body captured for a waiting caller. */
  static final int MAX_CAPTURED_BODY = 16 * 1024 * 1024;

  private static final Set<String> HOP_BY_HOP =
      Set.of(
          "connection", "keep-alive", "te", "trailer", "transfer-encoding", "upgrade",
          "proxy-authenticate", "proxy-authorization", "content-length");

  private final CloseableHttpClient http;
  private final MirrorSigner signer;
  private final String journalId;
  private final Clock clock;

  PeerSender(CloseableHttpClient http, MirrorSigner signer, String journalId, Clock clock) {
    this.http = http;
    this.signer = signer;
    this.journalId = journalId;
    this.clock = clock;
  }

  Attempt send(Node peer, MirrorRequest update, long seq, String prev, boolean capture) {
    ClassicRequestBuilder request =
        ClassicRequestBuilder.create(update.method()).setUri(peer.baseUri() + update.target());
    for (MirrorRequest.Header h : update.headers()) {
      request.addHeader(h.name(), h.value());
    }
    List<MirrorRequest.Header> spawnHeaders =
        signer != null
            ? signer.outboundHeaders(update, peer.id(), journalId, seq, prev)
            : MirrorSigner.unsignedHeaders(update, journalId, seq, prev);
    for (MirrorRequest.Header h : spawnHeaders) {
      request.addHeader(h.name(), h.value());
    }
    if (update.body().length > 0 || !update.method().equals("DELETE")) {
      request.setEntity(new ByteArrayEntity(update.body(), null));
    }
    try {
      return http.execute(request.build(), response -> read(peer, seq, response, capture));
    } catch (ConnectException | SocketTimeoutException | NoRouteToHostException
        | UnknownHostException e) {
      return Attempt.failed(e, true);
    } catch (InterruptedIOException e) {
      return Attempt.failed(e, true);
    } catch (IOException e) {
      return Attempt.failed(e, false);
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
