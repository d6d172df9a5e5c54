/**
 * A minimal webapp for the embedded filter's load benchmark ({@code bench/filter.sh}): an
 * in-memory key-value store whose own work is so cheap that, run with and without {@link
 * dev.spawn.servlet.SpawnFilter}, the filter's overhead shows instead of the app's disk. Never
 * run by {@code mvn verify}.
 */
package dev.spawn.examples.bench;
