package dev.spawn.health;

/** The outcome of one check: healthy or not, and a short reason for the logs. Immutable. */
record ProbeResult(boolean healthy, String reason) {

  static ProbeResult healthy(String reason) {
    return new ProbeResult(true, reason);
  }

  static ProbeResult failed(String reason) {
    return new ProbeResult(false, reason);
  }
}
