package dev.spawn.servlet.admin;

import dev.spawn.Spawn;
import java.util.function.LongSupplier;

/**
 * Finds out whether Micrometer's Prometheus registry is on the classpath, without naming a
 * Micrometer type: this class must load in an application that has no Micrometer at all, so
 * {@link PrometheusSupport} (which does name them) is linked only once this says it may be.
 */
final class PrometheusProbe {

  static final String REGISTRY_CLASS = "io.micrometer.prometheusmetrics.PrometheusMeterRegistry";

  /** A running Prometheus registry bound to Spawn's meters. */
  interface Scrape extends AutoCloseable {
    /** The Prometheus text exposition. */
    String scrape();

    @Override
    void close();
  }

  private PrometheusProbe() {}

  /** Whether the registry class (and Micrometer's core) can be loaded by this loader. */
  static boolean isAvailable(ClassLoader loader) {
    try {
      Class.forName(REGISTRY_CLASS, false, loader);
      Class.forName("io.micrometer.core.instrument.binder.MeterBinder", false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /**
   * A registry bound to Spawn's meters and the count of refused logins, or null when Micrometer's
   * registry is absent.
   */
  static Scrape startIfAvailable(Spawn spawn, ClassLoader loader, LongSupplier loginRefusals) {
    return isAvailable(loader) ? PrometheusSupport.start(spawn, loginRefusals) : null;
  }
}
