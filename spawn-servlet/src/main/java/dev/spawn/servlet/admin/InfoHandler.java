package dev.spawn.servlet.admin;

import dev.spawn.Spawn;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.Manifest;

/**
 * {@code GET /info}: the service, its host, the Java runtime, and the release (from the jar
 * manifest's {@code Implementation-Version} and {@code Spawn-Release-Date}; {@code dev} when run
 * from classes). Thread-safe.
 */
final class InfoHandler {

  private static final String[] RELEASE = release();

  private final Spawn spawn;
  private final AdminSettings settings;

  InfoHandler(Spawn spawn, AdminSettings settings) {
    this.spawn = spawn;
    this.settings = settings;
  }

  Reply info(Exchange x) {
    Runtime rt = Runtime.getRuntime();
    long used = rt.totalMemory() - rt.freeMemory();
    Map<String, Object> memory = new LinkedHashMap<>();
    memory.put("used", mb(used));
    memory.put("committed", mb(rt.totalMemory()));
    memory.put("max", mb(rt.maxMemory()));
    Map<String, Object> runtime = new LinkedHashMap<>();
    runtime.put("java", System.getProperty("java.version"));
    runtime.put("vendor", System.getProperty("java.vendor"));
    runtime.put("cpus", rt.availableProcessors());
    runtime.put("memory", memory);
    runtime.put("threads", ManagementFactory.getThreadMXBean().getThreadCount());
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("service", settings.serviceName());
    info.put("host", settings.serviceHost());
    info.put("runtime", runtime);
    info.put("release", Map.of("number", RELEASE[0], "date", RELEASE[1]));
    info.put("auth", settings.authenticator().name());
    info.put("nodes", spawn.nodes().size());
    return Reply.results(200, List.of(info));
  }

  private static String mb(long bytes) {
    return String.format("%.2fMB", bytes / (1024.0 * 1024.0));
  }

  /** {version, date} from the manifest of the jar that holds this class. */
  private static String[] release() {
    String[] fallback = {"dev", "unknown"};
    try {
      URL self = InfoHandler.class.getResource("InfoHandler.class");
      if (self == null || !self.toString().startsWith("jar:")) {
        return fallback;
      }
      String jar = self.toString();
      URL manifestUrl = new URL(jar.substring(0, jar.indexOf("!/") + 2) + "META-INF/MANIFEST.MF");
      try (InputStream in = manifestUrl.openStream()) {
        Attributes a = new Manifest(in).getMainAttributes();
        String version = a.getValue(Attributes.Name.IMPLEMENTATION_VERSION);
        String date = a.getValue("Spawn-Release-Date");
        return new String[] {version == null ? "dev" : version, date == null ? "unknown" : date};
      }
    } catch (Exception e) {
      return fallback;
    }
  }
}
