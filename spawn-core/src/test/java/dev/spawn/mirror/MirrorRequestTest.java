package dev.spawn.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MirrorRequestTest {

  private static MirrorRequest sample() {
    return new MirrorRequest(
        "POST",
        "/items/7?x=%20y&z",
        List.of(
            new MirrorRequest.Header("Content-Type", "application/json; charset=utf-8"),
            new MirrorRequest.Header("Authorization", "Bearer abc"),
            new MirrorRequest.Header("X-Note", "first"),
            new MirrorRequest.Header("X-Note", "second")),
        "{\"name\":\"bolt\"}".getBytes(StandardCharsets.UTF_8),
        "01890a5d-ac96-774b-bcce-b302099a8057",
        1_700_000_000_123L,
        "alice");
  }

  @Test
  void roundTripKeepsEveryField() {
    MirrorRequest r = sample();
    MirrorRequest back = MirrorRequest.decode(r.encode());
    assertThat(back).isEqualTo(r);
    assertThat(back.headers()).containsExactlyElementsOf(r.headers());
    assertThat(back.body()).isEqualTo(r.body());
    assertThat(back.principal()).isEqualTo("alice");
  }

  @Test
  void roundTripWithEmptyBodyNoHeadersAndNoPrincipal() {
    MirrorRequest r = new MirrorRequest("DELETE", "/a", List.of(), new byte[0], "id-1", 0, null);
    MirrorRequest back = MirrorRequest.decode(r.encode());
    assertThat(back).isEqualTo(r);
    assertThat(back.body()).isEmpty();
    assertThat(back.principal()).isNull();
  }

  @Test
  void roundTripWithBigBody() {
    byte[] body = new byte[5 * 1024 * 1024 + 3];
    new Random(42).nextBytes(body);
    MirrorRequest r = sample().withHeaders(List.of());
    r = new MirrorRequest(r.method(), r.target(), r.headers(), body, r.spawnId(), 1, null);
    assertThat(MirrorRequest.decode(r.encode()).body()).isEqualTo(body);
  }

  @Test
  void roundTripWithUnicodeHeadersAndPrincipal() {
    MirrorRequest r =
        new MirrorRequest(
            "PATCH",
            "/caf\u00e9",
            List.of(
                new MirrorRequest.Header("X-Title", "Gr\u00fc\u00dfe \u2713 \ud83d\ude80"),
                new MirrorRequest.Header("X-Empty", "")),
            new byte[] {1, 2, 3},
            "id",
            5,
            "Jos\u00e9 \u5f20");
    MirrorRequest back = MirrorRequest.decode(r.encode());
    assertThat(back.header("x-title")).contains("Gr\u00fc\u00dfe \u2713 \ud83d\ude80");
    assertThat(back.header("X-EMPTY")).contains("");
    assertThat(back.principal()).isEqualTo("Jos\u00e9 \u5f20");
    assertThat(back).isEqualTo(r);
  }

  @Test
  void formatVersionOneIsStable() {
    // written by hand from MirrorCodec's Javadoc; a change here breaks journals on disk
    MirrorRequest r =
        new MirrorRequest(
            "PUT", "/a", List.of(new MirrorRequest.Header("X", "y")), new byte[] {9}, "i", 258,
            "p");
    String expected =
        "01"
            + "00000003" + "505554"
            + "00000002" + "2f61"
            + "00000001" + "69"
            + "0000000000000102"
            + "01" + "00000001" + "70"
            + "00000001" + "00000001" + "58" + "00000001" + "79"
            + "00000001" + "09";
    assertThat(HexFormat.of().formatHex(r.encode())).isEqualTo(expected);
    assertThat(MirrorRequest.decode(HexFormat.of().parseHex(expected))).isEqualTo(r);
  }

  @Test
  void everyTruncationIsRejected() {
    byte[] full = sample().encode();
    for (int length = 0; length < full.length; length++) {
      byte[] cut = java.util.Arrays.copyOf(full, length);
      assertThatThrownBy(() -> MirrorRequest.decode(cut))
          .as("prefix of %d bytes", length)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void trailingBytesAreRejected() {
    byte[] full = sample().encode();
    byte[] longer = java.util.Arrays.copyOf(full, full.length + 1);
    assertThatThrownBy(() -> MirrorRequest.decode(longer))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("trailing");
  }

  @Test
  void unknownVersionIsRejected() {
    byte[] payload = sample().encode();
    payload[0] = 2;
    assertThatThrownBy(() -> MirrorRequest.decode(payload))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("version 2");
  }

  @Test
  void hugeLengthIsRejectedWithoutAllocating() {
    byte[] payload = HexFormat.of().parseHex("017fffffff");
    assertThatThrownBy(() -> MirrorRequest.decode(payload))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("method length");
  }

  @Test
  void invalidDecodedValueIsReportedAsCorrupt() {
    byte[] payload = sample().encode();
    payload[5] = ' '; // first byte of the method "POST"
    assertThatThrownBy(() -> MirrorRequest.decode(payload))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("corrupt")
        .hasMessageContaining("method");
  }

  @Test
  void validatesFields() {
    MirrorRequest s = sample();
    assertThatThrownBy(() -> new MirrorRequest("PO ST", "/", List.of(), new byte[0], "i", 0, null))
        .hasMessageContaining("method was 'PO ST'");
    assertThatThrownBy(() -> new MirrorRequest("GET", "a/b", List.of(), new byte[0], "i", 0, null))
        .hasMessageContaining("target was 'a/b'");
    assertThatThrownBy(() -> new MirrorRequest("GET", "/", List.of(), new byte[0], "", 0, null))
        .hasMessageContaining("spawnId");
    assertThatThrownBy(() -> new MirrorRequest("GET", "/", List.of(), new byte[0], "i", -1, null))
        .hasMessageContaining("originTimeMillis was -1");
    assertThatThrownBy(() -> new MirrorRequest.Header("Bad Name", "v"))
        .hasMessageContaining("header name was 'Bad Name'");
    assertThatThrownBy(() -> new MirrorRequest.Header("X", "a\r\nInjected: 1"))
        .hasMessageContaining("line break");
    assertThatThrownBy(() -> s.withHeaders(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void headerLookupIgnoresCaseAndReturnsTheFirstValue() {
    MirrorRequest r = sample();
    assertThat(r.header("x-note")).contains("first");
    assertThat(r.header("X-Missing")).isEmpty();
    assertThat(r.contentType()).isEqualTo("application/json; charset=utf-8");
    assertThat(r.contentEncoding()).isNull();
    MirrorRequest gz =
        r.withHeaders(List.of(new MirrorRequest.Header("content-encoding", "gzip")));
    assertThat(gz.contentEncoding()).isEqualTo("gzip");
    assertThat(gz.contentType()).isNull();
  }

  @Test
  void toStringHidesHeaderValuesAndBody() {
    String shown = sample().toString();
    assertThat(shown).contains("Authorization", "POST", "/items/7").doesNotContain("Bearer abc");
    assertThat(shown).doesNotContain("bolt");
  }

  @Test
  void equalsComparesBodyContent() {
    MirrorRequest a = sample();
    MirrorRequest b = MirrorRequest.decode(a.encode());
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    MirrorRequest c =
        new MirrorRequest(a.method(), a.target(), a.headers(), new byte[] {1}, a.spawnId(),
            a.originTimeMillis(), a.principal());
    assertThat(a).isNotEqualTo(c);
  }
}
