/**
 * The three-node demo: {@code java -jar spawn-examples/target/spawn-demo.jar} starts three nodes of
 * the example notes app in one JVM, each with the Spawn filter in front, and walks through
 * replication, maintenance and catch-up.
 */
package dev.spawn.examples.demo;
