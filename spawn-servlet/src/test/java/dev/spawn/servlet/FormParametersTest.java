package dev.spawn.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormParametersTest {

  @Test
  void decodesPairsInOrderMergingRepeatedNames() {
    Map<String, List<String>> values = new LinkedHashMap<>();
    FormParameters.addUrlEncoded(values, "q=1&a=x+y", StandardCharsets.UTF_8);
    FormParameters.addUrlEncoded(values, "a=%C3%A9&flag&&b=", StandardCharsets.UTF_8);

    assertThat(FormParameters.freeze(values)).containsExactly(
        Map.entry("q", new String[] {"1"}), Map.entry("a", new String[] {"x y", "é"}),
        Map.entry("flag", new String[] {""}), Map.entry("b", new String[] {""}));
  }

  @Test
  void decodesEscapesInTheFormCharsetAndKeepsAStrayPercent() {
    Map<String, List<String>> values = new LinkedHashMap<>();
    FormParameters.addUrlEncoded(values, "n=%E9&p=100%", StandardCharsets.ISO_8859_1);

    assertThat(values).containsEntry("n", List.of("é")).containsEntry("p", List.of("100%"));
  }

  @Test
  void readsMediaTypesAndCharsets() {
    assertThat(FormParameters.isForm("Application/X-WWW-Form-Urlencoded; charset=UTF-8")).isTrue();
    assertThat(FormParameters.isForm("application/json")).isFalse();
    assertThat(FormParameters.isMultipartForm("multipart/form-data; boundary=x")).isTrue();
    assertThat(FormParameters.charsetParameter("text/plain; charset=\"ISO-8859-1\""))
        .isEqualTo("ISO-8859-1");
    assertThat(FormParameters.charset("no-such-charset", StandardCharsets.UTF_8))
        .isEqualTo(StandardCharsets.UTF_8);
  }
}
