/**
 * Health checks of the nodes: a {@link dev.spawn.health.HealthChecker} polls every active node
 * with an HTTP GET as its {@link dev.spawn.config.HealthCheckConfig} settings (the config's
 * {@code health-check} section) say, applies rise/fall thresholds, and tells listeners when a
 * node's {@link dev.spawn.health.HealthState} changes. Delivery code reports connection failures
 * to it, so a dead peer is held at once.
 */
package dev.spawn.health;
