package dev.spawn.mirror;

import java.util.Objects;
import java.util.function.Function;

/**
 * The {@code Spawn-*} headers of a mirror request a peer received, parsed and checked.
 *
 * <p>A request is a mirror when it carries {@code Spawn-Seq} ({@link #isMirror}); {@link #parse}
 * then reads the rest and fails with a {@link MirrorHeaderException} naming the header and the
 * status to answer with. Parsing says nothing about authenticity: call {@link #verify} before
 * trusting any of it. Immutable and thread-safe.
 *
 * @param journalId the sender's journal id, from {@code Spawn-Seq}
 * @param seq the update's seq in that journal, from {@code Spawn-Seq}
 * @param prev {@code Spawn-Prev}: a decimal seq below {@code seq}, {@code start} or {@code resync}
 * @param originTime {@code Spawn-Origin-Time}, epoch milliseconds
 * @param spawnId {@code Spawn-Id}
 * @param principal {@code Spawn-Principal}, decoded, or {@code null} when absent
 * @param signature {@code Spawn-Signature} as received
 */
public record InboundMirror(
    String journalId,
    long seq,
    String prev,
    long originTime,
    String spawnId,
    String principal,
    String signature) {

  /** Validates every field as {@link #parse} does. */
  public InboundMirror {
    MirrorFields.checkJournalId(journalId);
    MirrorFields.checkSeq(seq);
    MirrorFields.checkPrev(prev);
    long prevSeq = Syntax.parseDecimal(prev);
    if (prevSeq >= seq) {
      throw new IllegalArgumentException(
          "prev was " + prev + " with seq " + seq + "; expected prev below seq");
    }
    if (originTime < 0) {
      throw new IllegalArgumentException("originTime was " + originTime + "; expected >= 0");
    }
    Objects.requireNonNull(spawnId, "spawnId");
    if (!Syntax.isVisibleAscii(spawnId, MirrorFields.MAX_SPAWN_ID_LENGTH)) {
      throw new IllegalArgumentException(
          "spawnId was " + Syntax.quote(spawnId) + "; expected 1.."
              + MirrorFields.MAX_SPAWN_ID_LENGTH + " visible ASCII characters");
    }
    if (principal != null && Syntax.hasLineBreak(principal)) {
      throw new IllegalArgumentException("principal holds a line break");
    }
    Objects.requireNonNull(signature, "signature");
  }

  /** Whether the request is a mirror request, i.e. it carries {@code Spawn-Seq}. */
  public static boolean isMirror(Function<String, String> header) {
    return header.apply(MirrorHeaders.SEQ) != null;
  }

  /**
   * Reads the {@code Spawn-*} headers through a lookup such as {@code request::getHeader}.
   *
   * @throws MirrorHeaderException with status 401 when {@code Spawn-Signature} is missing, 400
   *     when any other header is missing or malformed; its message names the header, the value
   *     and what was expected
   */
  public static InboundMirror parse(Function<String, String> header) {
    Objects.requireNonNull(header, "header");
    String seqValue = required(header, MirrorHeaders.SEQ);
    int colon = seqValue.lastIndexOf(':');
    String journalId = colon > 0 ? seqValue.substring(0, colon) : "";
    long seq = colon > 0 ? Syntax.parseDecimal(seqValue.substring(colon + 1)) : -1;
    if (seq < 1 || !Syntax.isVisibleAscii(journalId, MirrorFields.MAX_JOURNAL_ID_LENGTH)) {
      throw malformed(MirrorHeaders.SEQ, seqValue, "'<journal-id>:<seq>' with seq >= 1");
    }
    String prev = required(header, MirrorHeaders.PREV);
    long prevSeq = Syntax.parseDecimal(prev);
    if (!MirrorFields.isPrev(prev) || prevSeq >= seq) {
      throw malformed(MirrorHeaders.PREV, prev,
          "a decimal seq below " + seq + ", '" + MirrorHeaders.PREV_START + "' or '"
              + MirrorHeaders.PREV_RESYNC + "'");
    }
    String timeValue = required(header, MirrorHeaders.ORIGIN_TIME);
    long originTime = Syntax.parseDecimal(timeValue);
    if (originTime < 0) {
      throw malformed(MirrorHeaders.ORIGIN_TIME, timeValue, "epoch milliseconds");
    }
    String spawnId = required(header, MirrorHeaders.SPAWN_ID);
    if (!Syntax.isVisibleAscii(spawnId, MirrorFields.MAX_SPAWN_ID_LENGTH)) {
      throw malformed(MirrorHeaders.SPAWN_ID, spawnId, "an id such as SpawnIds makes");
    }
    String encodedPrincipal = header.apply(MirrorHeaders.PRINCIPAL);
    String principal = null;
    if (encodedPrincipal != null) {
      try {
        principal = MirrorHeaders.decodePrincipal(encodedPrincipal);
      } catch (IllegalArgumentException e) {
        throw malformed(MirrorHeaders.PRINCIPAL, encodedPrincipal,
            "percent-encoded UTF-8 (" + e.getMessage() + ")");
      }
    }
    String signature = header.apply(MirrorHeaders.SIGNATURE);
    if (signature == null || signature.isBlank()) {
      throw new MirrorHeaderException(MirrorHeaders.SIGNATURE, 401,
          "mirror request for " + seqValue + " carries no " + MirrorHeaders.SIGNATURE
              + "; every mirror request must be signed (are the nodes' secrets configured?)");
    }
    return new InboundMirror(journalId, seq, prev, originTime, spawnId, principal, signature);
  }

  /**
   * Verifies the signature against the rest of the request.
   *
   * @param method the request's method
   * @param target the raw path and query as received ({@code getRequestURI()} plus {@code ?} and
   *     {@code getQueryString()} when there is one)
   * @param selfHostPort this node's id, as its peers address it
   * @param contentType the {@code Content-Type} header as received, {@code null} when absent
   * @param contentEncoding the {@code Content-Encoding} header as received, {@code null} when
   *     absent
   * @param body the body bytes as received (not decoded)
   */
  public MirrorSigner.Verification verify(
      MirrorSigner signer, String method, String target, String selfHostPort,
      String contentType, String contentEncoding, byte[] body) {
    Objects.requireNonNull(signer, "signer");
    return signer.verify(signature, method, target, selfHostPort, journalId, seq, prev,
        originTime, spawnId, principal, contentType, contentEncoding, body);
  }

  /** {@code <journalId>:<seq>}, as in {@code Spawn-Seq}, for log lines. */
  public String position() {
    return journalId + ":" + seq;
  }

  private static String required(Function<String, String> header, String name) {
    String value = header.apply(name);
    if (value == null || value.isBlank()) {
      throw new MirrorHeaderException(name, 400,
          "mirror request lacks " + name + "; a Spawn origin always sends it (is the sender a"
              + " Spawn node of a compatible version?)");
    }
    return value.strip();
  }

  private static MirrorHeaderException malformed(String name, String value, String expected) {
    return new MirrorHeaderException(name, 400,
        name + " was " + Syntax.quote(value) + "; expected " + expected);
  }
}
