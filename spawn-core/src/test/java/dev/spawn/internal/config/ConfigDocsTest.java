package dev.spawn.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spawn.SpawnConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/CONFIG.md and the README's settings table document exactly the keys the reader takes, and
 * the example loads.
 */
class ConfigDocsTest {

  private static final Path DOC = Path.of("..", "docs", "CONFIG.md");
  private static final Path README = Path.of("..", "README.md");

  @Test
  void theTableListsEverySettingAndNothingElse() throws Exception {
    assertTableListsEverySetting(DOC);
  }

  @Test
  void theReadmeTableListsEverySettingAndNothingElse() throws Exception {
    assertTableListsEverySetting(README);
  }

  private static void assertTableListsEverySetting(Path file) throws Exception {
    Set<String> documented = new LinkedHashSet<>();
    String text = Files.readString(file);
    int start = file.equals(README) ? text.indexOf("| key | type | default | meaning |") : 0;
    Matcher row = Pattern.compile("(?m)^\\| `([^`]+)` \\|").matcher(text.substring(start));
    while (row.find()) {
      documented.add(row.group(1));
    }
    Set<String> expected = new LinkedHashSet<>(ConfigKeys.settings());
    expected.add("nodes");
    expected.add("auth.users");

    assertThat(documented).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void theExampleIsAValidConfig() throws Exception {
    String doc = Files.readString(DOC);
    Matcher json = Pattern.compile("(?s)```json\\n(.*?)```").matcher(doc);
    assertThat(json.find()).isTrue();

    SpawnConfig.Builder b = SpawnConfig.builder();
    // Secrets named by the example come from a fake environment and files in no real place, so
    // only the keys and types are checked here: drop the file-based secrets.
    String text = json.group(1)
        .replace("\"secret-file\": \"/etc/spawn/secret\"", "\"secret\": \"0123456789abcdef-0\"")
        .replace("\"previous-secret-file\": \"/etc/spawn/secret.old\"",
            "\"previous-secret\": \"0123456789abcdef-1\"");
    new ConfigReader(name -> "from-" + name).merge(ConfigReader.parse(text), b);
    SpawnConfig c = b.build();

    assertThat(c.auth().settings().bindPassword()).contains("from-SPAWN_LDAP_PASSWORD");
    assertThat(c.nodes()).hasSize(2);
  }
}
