package dev.spawn.servlet.admin;

import dev.spawn.Spawn;
import dev.spawn.metrics.micrometer.SpawnMeterBinder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.Supplier;

/**
 * Serves Prometheus text from a registry of its own with Spawn's meters bound. Loaded only after
 * {@link #isAvailable} said Micrometer's Prometheus registry is on the classpath, so that the
 * servlet runs without it.
 */
final class PrometheusSupport implements AutoCloseable {

  static final String REGISTRY_CLASS = "io.micrometer.prometheusmetrics.PrometheusMeterRegistry";

  private final PrometheusMeterRegistry registry;
  private final SpawnMeterBinder binder;

  private PrometheusSupport(Spawn spawn) {
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    this.binder = new SpawnMeterBinder(spawn);
    binder.bindTo(registry);
  }

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

  static PrometheusSupport start(Spawn spawn) {
    return new PrometheusSupport(spawn);
  }

  Supplier<String> scraper() {
    return registry::scrape;
  }

  @Override
  public void close() {
    binder.close();
    registry.close();
  }
}
