package dev.spawn.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class InboundMirrorTest {

  private static Map<String, String> valid() {
    Map<String, String> h = new HashMap<>();
    h.put("Spawn-Seq", "0f3c9a:12");
    h.put("Spawn-Prev", "11");
    h.put("Spawn-Origin-Time", "1700000000123");
    h.put("Spawn-Id", "01890a5d-ac96-774b-bcce-b302099a8057");
    h.put("Spawn-Principal", "Jos%C3%A9%20Mar%25");
    h.put("Spawn-Signature", "v1 k1 " + "ab".repeat(32));
    return h;
  }

  @Test
  void parsesEveryHeader() {
    InboundMirror m = InboundMirror.parse(valid()::get);
    assertThat(m)
        .isEqualTo(
            new InboundMirror("0f3c9a", 12, "11", 1_700_000_000_123L,
                "01890a5d-ac96-774b-bcce-b302099a8057", "Jos\u00e9 Mar%",
                "v1 k1 " + "ab".repeat(32)));
    assertThat(m.position()).isEqualTo("0f3c9a:12");
    assertThat(InboundMirror.isMirror(valid()::get)).isTrue();
  }

  @Test
  void journalIdMayHoldColonsSinceTheSeqIsAfterTheLastOne() {
    Map<String, String> h = valid();
    h.put("Spawn-Seq", "a:b:12");
    assertThat(InboundMirror.parse(h::get).journalId()).isEqualTo("a:b");
  }

  @Test
  void principalIsOptional() {
    Map<String, String> h = valid();
    h.remove("Spawn-Principal");
    assertThat(InboundMirror.parse(h::get).principal()).isNull();
  }

  @Test
  void requestWithoutSeqIsNotAMirror() {
    assertThat(InboundMirror.isMirror(Map.<String, String>of()::get)).isFalse();
  }

  @Test
  void missingSignatureIsA401() {
    Map<String, String> h = valid();
    h.remove("Spawn-Signature");
    assertThatThrownBy(() -> InboundMirror.parse(h::get))
        .isInstanceOfSatisfying(
            MirrorHeaderException.class,
            e -> {
              assertThat(e.status()).isEqualTo(401);
              assertThat(e.header()).isEqualTo("Spawn-Signature");
            })
        .hasMessageContaining("signed");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Spawn-Seq", "Spawn-Prev", "Spawn-Origin-Time", "Spawn-Id"})
  void missingRequiredHeaderIsA400(String name) {
    Map<String, String> h = valid();
    h.remove(name);
    assertThatThrownBy(() -> InboundMirror.parse(h::get))
        .isInstanceOfSatisfying(
            MirrorHeaderException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.header()).isEqualTo(name);
            })
        .hasMessageContaining(name);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Spawn-Seq|12", "Spawn-Seq|abc:", "Spawn-Seq|:5", "Spawn-Seq|j:0", "Spawn-Seq|j:-1",
        "Spawn-Seq|j:1x", "Spawn-Seq|j:99999999999999999999", "Spawn-Seq|a b:3",
        "Spawn-Prev|later", "Spawn-Prev|12", "Spawn-Prev|13", "Spawn-Prev|-1", "Spawn-Prev|START",
        "Spawn-Origin-Time|yesterday", "Spawn-Origin-Time|-5", "Spawn-Id|a b",
        "Spawn-Principal|%zz", "Spawn-Principal|%C3", "Spawn-Principal|%4"
      })
  void malformedValueIsA400NamingTheHeader(String name, String value) {
    Map<String, String> h = valid();
    h.put(name, value);
    assertThatThrownBy(() -> InboundMirror.parse(h::get))
        .isInstanceOfSatisfying(
            MirrorHeaderException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.header()).isEqualTo(name);
            })
        .hasMessageContaining(name)
        .hasMessageContaining("expected");
  }

  @Test
  void acceptsStartAndResyncPrev() {
    Map<String, String> h = valid();
    h.put("Spawn-Prev", "start");
    assertThat(InboundMirror.parse(h::get).prev()).isEqualTo("start");
    h.put("Spawn-Prev", "resync");
    assertThat(InboundMirror.parse(h::get).prev()).isEqualTo("resync");
    h.put("Spawn-Prev", "0");
    assertThat(InboundMirror.parse(h::get).prev()).isEqualTo("0");
  }

  @Test
  void principalEncodingRoundTrips() {
    for (String name :
        new String[] {"alice", "Jos\u00e9", "a b%c", "\u5f20\u4f1f", "x\ud83d\ude80", "", "%41"}) {
      String encoded = MirrorHeaders.encodePrincipal(name);
      assertThat(encoded).matches("[\\x21-\\x7e]*");
      assertThat(MirrorHeaders.decodePrincipal(encoded)).isEqualTo(name);
    }
    assertThat(MirrorHeaders.encodePrincipal("a b")).isEqualTo("a%20b");
  }
}
