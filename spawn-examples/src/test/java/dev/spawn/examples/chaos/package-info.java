/**
 * A chaos and soak test of a real three-node cluster: each node is a child JVM running the example
 * notes app with Spawn, clients write to random nodes while nodes are killed with SIGKILL, stopped
 * with SIGTERM and put in maintenance, and at the end every acknowledged write must be on every
 * node. {@code ChaosRun} is the program ({@code bench/chaos.sh}), {@code ChaosIT} a short run.
 */
package dev.spawn.examples.chaos;
