package dev.spawn.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class HeaderFilterTest {

  private static MirrorRequest.Header h(String name, String value) {
    return new MirrorRequest.Header(name, value);
  }

  private static List<String> names(List<MirrorRequest.Header> headers) {
    List<String> out = new ArrayList<>();
    headers.forEach(x -> out.add(x.name()));
    return out;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Connection", "Keep-Alive", "TE", "Trailer", "Transfer-Encoding", "Upgrade",
        "Proxy-Authorization", "Proxy-Connection", "Proxy-Anything", "Host", "Content-Length",
        "Cookie", "Expect", "Spawn-Id", "Spawn-Seq", "Spawn-Signature", "Spawn-Whatever",
        "HOST", "cookie", "transfer-ENCODING", "SPAWN-PREV", "proxy-authorization"
      })
  void dropsHeader(String name) {
    List<MirrorRequest.Header> in = List.of(h("Accept", "*/*"), h(name, "v"), h("X-Z", "z"));
    assertThat(names(HeaderFilter.defaults().filter(in))).containsExactly("Accept", "X-Z");
    assertThat(HeaderFilter.defaults().forwards(name)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Authorization", "Content-Type", "Content-Encoding", "Accept", "X-Request-Id",
        "If-Match", "X-Forwarded-For", "User-Agent", "Spawnish", "Proxyish"
      })
  void keepsHeader(String name) {
    assertThat(names(HeaderFilter.defaults().filter(List.of(h(name, "v")))))
        .containsExactly(name);
    assertThat(HeaderFilter.defaults().forwards(name)).isTrue();
  }

  @Test
  void dropsHeadersNamedInConnection() {
    List<MirrorRequest.Header> in =
        List.of(
            h("Connection", "keep-alive, X-Hop ,x-other"),
            h("x-hop", "1"),
            h("X-OTHER", "2"),
            h("X-Stay", "3"));
    assertThat(names(HeaderFilter.defaults().filter(in))).containsExactly("X-Stay");
  }

  @Test
  void keepsOrderCaseAndRepeatedValues() {
    List<MirrorRequest.Header> in =
        List.of(h("x-b", "1"), h("Host", "a:1"), h("X-A", "2"), h("x-b", "3"));
    assertThat(HeaderFilter.defaults().filter(in))
        .containsExactly(h("x-b", "1"), h("X-A", "2"), h("x-b", "3"));
  }

  @Test
  void excludesAndRedactionsIgnoreCase() {
    HeaderFilter f = HeaderFilter.of(List.of("x-internal", "AUTHORIZATION"), List.of("X-Secret"));
    List<MirrorRequest.Header> in =
        List.of(
            h("X-Internal", "1"), h("Authorization", "Basic x"), h("x-secret", "s"),
            h("Accept", "a"));
    assertThat(names(f.filter(in))).containsExactly("Accept");
    assertThat(f.excluded()).containsExactlyInAnyOrder("x-internal", "authorization");
    assertThat(f.redacted()).containsExactly("x-secret");
    // the defaults are not changed by building another filter
    assertThat(names(HeaderFilter.defaults().filter(in)))
        .containsExactly("X-Internal", "Authorization", "x-secret", "Accept");
  }

  @Test
  void builderRejectsNamesThatAreNotTokens() {
    assertThatThrownBy(() -> HeaderFilter.builder().exclude("bad name"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mirror.header-excludes")
        .hasMessageContaining("'bad name'");
    assertThatThrownBy(() -> HeaderFilter.builder().redact("x:y"))
        .hasMessageContaining("mirror.header-redactions");
  }

  @Test
  void filtersNamesWithValuesAsAServletOffersThem() {
    Map<String, List<String>> request = new LinkedHashMap<>();
    request.put("Host", List.of("origin:8080"));
    request.put("Accept", List.of("text/html", "application/json"));
    request.put("Cookie", List.of("JSESSIONID=1"));
    request.put("Content-Type", List.of("text/plain"));
    List<MirrorRequest.Header> out =
        HeaderFilter.defaults().filter(request.keySet(), request::get);
    assertThat(out)
        .containsExactly(
            h("Accept", "text/html"), h("Accept", "application/json"),
            h("Content-Type", "text/plain"));
  }

  @Test
  void forwardedForIsAddedWhenAbsent() {
    List<MirrorRequest.Header> out =
        HeaderFilter.withForwardedFor(List.of(h("Accept", "a")), "192.0.2.7");
    assertThat(out).containsExactly(h("Accept", "a"), h("X-Forwarded-For", "192.0.2.7"));
  }

  @Test
  void forwardedForIsAppendedToExistingValuesInPlace() {
    List<MirrorRequest.Header> in =
        List.of(
            h("x-forwarded-for", "203.0.113.1"), h("Accept", "a"),
            h("X-Forwarded-For", "198.51.100.2, 10.0.0.1"));
    List<MirrorRequest.Header> out = HeaderFilter.withForwardedFor(in, "2001:db8::1");
    assertThat(out)
        .containsExactly(
            h("x-forwarded-for", "203.0.113.1, 198.51.100.2, 10.0.0.1, 2001:db8::1"),
            h("Accept", "a"));
    assertThat(in).hasSize(3); // input untouched
  }

  @Test
  void forwardedForRejectsBadAddress() {
    assertThatThrownBy(() -> HeaderFilter.withForwardedFor(List.of(), "a, b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("clientAddress");
    assertThatThrownBy(() -> HeaderFilter.withForwardedFor(List.of(), " "))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
