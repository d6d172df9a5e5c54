/**
 * Machinery behind {@link dev.spawn.SpawnConfig}: the JSON reader, value checks, secret sources and
 * the {@code nodes-allow} policy. Not an API: anything here may change without notice.
 */
package dev.spawn.internal.config;
