/**
 * Spawn's meters for Micrometer (an optional dependency): load this package only when {@code
 * io.micrometer.core.instrument.MeterRegistry} is on the classpath.
 */
package dev.spawn.metrics.micrometer;
