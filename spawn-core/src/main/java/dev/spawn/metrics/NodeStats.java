package dev.spawn.metrics;

/**
 * The counters of one node, as the Go service showed them (success / failure / queued, each for
 * get, set and delete) plus delivery latency. Immutable snapshot.
 *
 * @param nodeId the node's id
 * @param success requests the node answered successfully
 * @param failure requests that failed on it
 * @param queued updates queued for it
 * @param deliveries updates delivered to it
 * @param meanDeliveryMillis mean time from first attempt to acknowledgement
 * @param maxDeliveryMillis longest such time
 */
public record NodeStats(
    String nodeId,
    Counts success,
    Counts failure,
    Counts queued,
    long deliveries,
    double meanDeliveryMillis,
    double maxDeliveryMillis) {

  /**
   * Counts by kind of request: {@code get} (GET/HEAD), {@code set} (POST, PUT, PATCH) and {@code
   * delete}.
   */
  public record Counts(long get, long set, long delete) {

    /** All zero. */
    public static final Counts ZERO = new Counts(0, 0, 0);
  }
}
