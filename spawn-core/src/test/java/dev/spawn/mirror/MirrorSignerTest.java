package dev.spawn.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spawn.mirror.MirrorSigner.Verification;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MirrorSignerTest {

  private static final String SECRET = "correct horse battery staple";
  private static final MirrorKey K1 = MirrorKey.of("k1", SECRET);
  private static final MirrorKey K2 = MirrorKey.of("k2", "another secret of some length");

  private static final MirrorRequest REQUEST =
      new MirrorRequest(
          "POST",
          "/orders?x=1&y=%C3%A9",
          List.of(
              new MirrorRequest.Header("Content-Type", "application/json"),
              new MirrorRequest.Header("Content-Encoding", "gzip")),
          new byte[] {1, 2, 3, 4},
          "01890a5d-ac96-774b-bcce-b302099a8057",
          1_700_000_000_123L,
          "Jos\u00e9");

  /** The arguments of one verify call, so a test can change one of them. */
  private record Args(
      String signature, String method, String target, String hostPort, String journalId,
      long seq, String prev, long originTime, String spawnId, String principal,
      String contentType, String contentEncoding, byte[] body) {

    Verification verifyWith(MirrorSigner s) {
      return s.verify(signature, method, target, hostPort, journalId, seq, prev, originTime,
          spawnId, principal, contentType, contentEncoding, body);
    }
  }

  private static Args signedArgs(MirrorSigner signer) {
    String sig = signer.sign(REQUEST, "node2:8080", "J1", 42, "41");
    return new Args(sig, "POST", REQUEST.target(), "node2:8080", "J1", 42, "41",
        REQUEST.originTimeMillis(), REQUEST.spawnId(), "Jos\u00e9", "application/json", "gzip",
        new byte[] {1, 2, 3, 4});
  }

  @Test
  void signatureMatchesAnIndependentlyComputedVector() throws Exception {
    String bodyHash =
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(new byte[] {1, 2, 3,
            4}));
    String canonical =
        "v1\nk1\nPOST\n/orders?x=1&y=%C3%A9\nnode2:8080\nJ1\n42\n41\n1700000000123\n"
            + "01890a5d-ac96-774b-bcce-b302099a8057\nJos\u00e9\napplication/json\ngzip\n" + bodyHash;
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String expected =
        HexFormat.of().formatHex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));

    String header = new MirrorSigner(MirrorKeys.of(K1)).sign(REQUEST, "node2:8080", "J1", 42, "41");

    assertThat(header).isEqualTo("v1 k1 " + expected);
  }

  @Test
  void absentValuesAreSignedAsEmptyLines() throws Exception {
    MirrorRequest bare =
        new MirrorRequest("DELETE", "/a", List.of(), new byte[0], "id", 7, null);
    String canonical =
        "v1\nk1\nDELETE\n/a\nh:1\nJ\n3\nstart\n7\nid\n\n\n\n"
            + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String expected =
        HexFormat.of().formatHex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
    assertThat(new MirrorSigner(MirrorKeys.of(K1)).sign(bare, "h:1", "J", 3, "start"))
        .isEqualTo("v1 k1 " + expected);
  }

  @Test
  void verifiesWhatItSigned() {
    MirrorSigner signer = new MirrorSigner(MirrorKeys.of(K1));
    Verification v = signedArgs(signer).verifyWith(signer);
    assertThat(v.ok()).isTrue();
    assertThat(v.keyId()).isEqualTo("k1");
  }

  @Test
  void tamperingWithAnySignedValueFails() {
    MirrorSigner signer = new MirrorSigner(MirrorKeys.of(K1));
    Args a = signedArgs(signer);
    Map<String, UnaryOperator<Args>> changes = new HashMap<>();
    changes.put("method", x -> with(x, "method", "PUT"));
    changes.put("target", x -> with(x, "target", "/orders?x=2&y=%C3%A9"));
    changes.put("hostPort", x -> with(x, "hostPort", "node3:8080"));
    changes.put("journalId", x -> with(x, "journalId", "J2"));
    changes.put("seq", x -> with(x, "seq", 43L));
    changes.put("prev", x -> with(x, "prev", "start"));
    changes.put("originTime", x -> with(x, "originTime", 1_700_000_000_124L));
    changes.put("spawnId", x -> with(x, "spawnId", "01890a5d-ac96-774b-bcce-b302099a8058"));
    changes.put("principal", x -> with(x, "principal", "Jose"));
    changes.put("principal absent", x -> with(x, "principal", null));
    changes.put("contentType", x -> with(x, "contentType", "text/plain"));
    changes.put("contentEncoding", x -> with(x, "contentEncoding", null));
    changes.put("body", x -> with(x, "body", new byte[] {1, 2, 3, 5}));
    changes.put("signature hex", x -> with(x, "signature", flipLastHex(x.signature())));
    assertThat(changes).hasSize(14);
    changes.forEach(
        (field, change) ->
            assertThat(change.apply(a).verifyWith(signer).status())
                .as("changed %s", field)
                .isEqualTo(Verification.Status.BAD_SIGNATURE));
    assertThat(a.verifyWith(signer).ok()).isTrue();
  }

  @Test
  void previousKeyIsAcceptedDuringRotation() {
    MirrorSigner old = new MirrorSigner(MirrorKeys.of(K1));
    MirrorSigner rotated = new MirrorSigner(MirrorKeys.of(K2, K1));
    Verification v = signedArgs(old).verifyWith(rotated);
    assertThat(v.ok()).isTrue();
    assertThat(v.keyId()).isEqualTo("k1");
    assertThat(rotated.sign(REQUEST, "n:1", "J", 1, "start")).startsWith("v1 k2 ");
  }

  @Test
  void unknownKeyIdIsRefused() {
    MirrorSigner sender = new MirrorSigner(MirrorKeys.of(K2));
    MirrorSigner receiver = new MirrorSigner(MirrorKeys.of(K1));
    Verification v = signedArgs(sender).verifyWith(receiver);
    assertThat(v.status()).isEqualTo(Verification.Status.UNKNOWN_KEY);
    assertThat(v.keyId()).isEqualTo("k2");
    assertThat(v.message()).contains("'k2'", "[k1]");
  }

  @Test
  void sameKeyIdWithAnotherSecretIsABadSignature() {
    MirrorSigner sender = new MirrorSigner(MirrorKeys.of(MirrorKey.of("k1", "not the same secret!")));
    Verification v = signedArgs(sender).verifyWith(new MirrorSigner(MirrorKeys.of(K1)));
    assertThat(v.status()).isEqualTo(Verification.Status.BAD_SIGNATURE);
    assertThat(v.message()).doesNotContain(SECRET).doesNotContain(signedArgs(
        new MirrorSigner(MirrorKeys.of(K1))).signature().substring(6));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", "v1", "v1 k1", "v2 k1 " + "ab", "v1 k1 xyz",
        "v1  k1 0000000000000000000000000000000000000000000000000000000000000000",
        "v1 k1 000000000000000000000000000000000000000000000000000000000000000",
        "v1 k1 00000000000000000000000000000000000000000000000000000000000000zz",
        "v1 k 1 0000000000000000000000000000000000000000000000000000000000000000",
        "V1 k1 0000000000000000000000000000000000000000000000000000000000000000"
      })
  void malformedHeaderIsRefused(String header) {
    MirrorSigner signer = new MirrorSigner(MirrorKeys.of(K1));
    Verification v = with(signedArgs(signer), "signature", header).verifyWith(signer);
    assertThat(v.status()).isEqualTo(Verification.Status.MALFORMED);
    assertThat(v.ok()).isFalse();
  }

  @Test
  void missingHeaderIsMalformed() {
    MirrorSigner signer = new MirrorSigner(MirrorKeys.of(K1));
    Verification v = with(signedArgs(signer), "signature", null).verifyWith(signer);
    assertThat(v.status()).isEqualTo(Verification.Status.MALFORMED);
    assertThat(v.message()).contains("missing");
  }

  @Test
  void lineBreakInAReceivedValueIsMalformedNotForgeable() {
    MirrorSigner signer = new MirrorSigner(MirrorKeys.of(K1));
    Verification v = with(signedArgs(signer), "contentType", "a\nb").verifyWith(signer);
    assertThat(v.status()).isEqualTo(Verification.Status.MALFORMED);
  }

  @Test
  void outboundHeadersCarryTheProtocol() {
    MirrorSigner signer = new MirrorSigner(MirrorKeys.of(K1));
    List<MirrorRequest.Header> out = signer.outboundHeaders(REQUEST, "node2:8080", "J1", 42, "41");
    Map<String, String> byName = new HashMap<>();
    out.forEach(h -> byName.put(h.name(), h.value()));
    assertThat(byName)
        .containsEntry("Spawn-Id", REQUEST.spawnId())
        .containsEntry("Spawn-Origin-Time", "1700000000123")
        .containsEntry("Spawn-Seq", "J1:42")
        .containsEntry("Spawn-Prev", "41")
        .containsEntry("Spawn-Principal", "Jos%C3%A9")
        .containsEntry("Spawn-Signature", signer.sign(REQUEST, "node2:8080", "J1", 42, "41"));
    MirrorRequest anonymous = new MirrorRequest("PUT", "/", List.of(), new byte[0], "i", 1, null);
    assertThat(signer.outboundHeaders(anonymous, "n:1", "J", 1, "start"))
        .extracting(MirrorRequest.Header::name)
        .containsExactly("Spawn-Id", "Spawn-Origin-Time", "Spawn-Seq", "Spawn-Prev",
            "Spawn-Signature");
  }

  @Test
  void outboundHeadersParseAndVerifyOnTheReceiver() {
    MirrorSigner signer = new MirrorSigner(MirrorKeys.of(K2, K1));
    Map<String, String> received = new HashMap<>();
    signer.outboundHeaders(REQUEST, "node2:8080", "J1", 42, "resync")
        .forEach(h -> received.put(h.name(), h.value()));
    InboundMirror in = InboundMirror.parse(received::get);
    assertThat(in.principal()).isEqualTo("Jos\u00e9");
    assertThat(in.prev()).isEqualTo("resync");
    Verification v =
        in.verify(new MirrorSigner(MirrorKeys.of(K2)), "POST", REQUEST.target(), "node2:8080",
            "application/json", "gzip", new byte[] {1, 2, 3, 4});
    assertThat(v.ok()).as(v.message()).isTrue();
    assertThat(in.verify(signer, "POST", REQUEST.target(), "node1:8080", "application/json",
        "gzip", new byte[] {1, 2, 3, 4}).ok()).isFalse();
  }

  @Test
  void signRejectsBadPositionValues() {
    MirrorSigner signer = new MirrorSigner(MirrorKeys.of(K1));
    assertThatThrownBy(() -> signer.sign(REQUEST, "n:1", "J", 0, "start"))
        .hasMessageContaining("seq was 0");
    assertThatThrownBy(() -> signer.sign(REQUEST, "n:1", "J 1", 1, "start"))
        .hasMessageContaining("journal id was 'J 1'");
    assertThatThrownBy(() -> signer.sign(REQUEST, "n:1", "J", 2, "later"))
        .hasMessageContaining("prev was 'later'");
    assertThatThrownBy(() -> signer.sign(REQUEST, "node", "J", 2, "1"))
        .hasMessageContaining("host:port");
  }

  @Test
  void keysAreValidatedAndNeverShown() {
    assertThatThrownBy(() -> MirrorKey.of("k1", "short"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("5 bytes")
        .hasMessageContaining("at least 16")
        .hasMessageNotContaining("short");
    assertThatThrownBy(() -> MirrorKey.of("k 1", SECRET)).hasMessageContaining("key id was 'k 1'");
    assertThatThrownBy(() -> MirrorKey.of("", SECRET)).hasMessageContaining("key id was ''");
    assertThatThrownBy(() -> MirrorKeys.of(K1, MirrorKey.of("k1", "yet another long secret")))
        .hasMessageContaining("same id");
    assertThat(K1.toString()).contains("k1").doesNotContain(SECRET).contains("28 bytes");
    assertThat(MirrorKeys.of(K2, K1).toString()).doesNotContain(SECRET);
    assertThat(new MirrorSigner(MirrorKeys.of(K1)).toString()).doesNotContain(SECRET);
    byte[] copy = K1.secret();
    copy[0] = 'X';
    assertThat(K1.secret()[0]).isEqualTo((byte) 'c');
    assertThat(MirrorKeys.of(K2, K1).find("k1")).contains(K1);
    assertThat(MirrorKeys.of(K2).find("k1")).isEmpty();
  }

  private static String flipLastHex(String header) {
    char last = header.charAt(header.length() - 1);
    return header.substring(0, header.length() - 1) + (last == '0' ? '1' : '0');
  }

  private static Args with(Args a, String field, Object v) {
    return new Args(
        field.equals("signature") ? (String) v : a.signature(),
        field.equals("method") ? (String) v : a.method(),
        field.equals("target") ? (String) v : a.target(),
        field.equals("hostPort") ? (String) v : a.hostPort(),
        field.equals("journalId") ? (String) v : a.journalId(),
        field.equals("seq") ? (Long) v : a.seq(),
        field.equals("prev") ? (String) v : a.prev(),
        field.equals("originTime") ? (Long) v : a.originTime(),
        field.equals("spawnId") ? (String) v : a.spawnId(),
        field.equals("principal") ? (String) v : a.principal(),
        field.equals("contentType") ? (String) v : a.contentType(),
        field.equals("contentEncoding") ? (String) v : a.contentEncoding(),
        field.equals("body") ? (byte[]) v : a.body());
  }
}
