package dev.spawn.servlet.admin;

import dev.spawn.Spawn;
import dev.spawn.metrics.micrometer.SpawnMeterBinder;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.LongSupplier;

/**
 * Serves Prometheus text from a registry of its own with Spawn's meters bound. Loaded only after
 * {@link PrometheusProbe#isAvailable} said Micrometer's Prometheus registry is on the classpath, so that the
 * servlet runs without it.
 */
final class PrometheusSupport implements PrometheusProbe.Scrape {

  private final PrometheusMeterRegistry registry;
  private final SpawnMeterBinder binder;
  private final LongSupplier loginRefusals;

  private PrometheusSupport(Spawn spawn, LongSupplier loginRefusals) {
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    this.binder = new SpawnMeterBinder(spawn);
    binder.bindTo(registry);
    // Micrometer holds a function counter's state weakly, and nothing else keeps this method
    // reference: the field does, or the counter would read 0 after a garbage collection.
    this.loginRefusals = loginRefusals;
    FunctionCounter.builder("spawn.admin.login.refusals", loginRefusals, LongSupplier::getAsLong)
        .description("Admin API logins refused (429) after too many failed logins")
        .register(registry);
  }

  static PrometheusSupport start(Spawn spawn, LongSupplier loginRefusals) {
    return new PrometheusSupport(spawn, loginRefusals);
  }

  @Override
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    binder.close();
    registry.close();
  }
}
