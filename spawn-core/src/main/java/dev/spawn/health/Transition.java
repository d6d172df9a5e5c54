package dev.spawn.health;

/** One change of a node's health and why it happened. Immutable. */
record Transition(String nodeId, HealthState from, HealthState to, String reason) {}
