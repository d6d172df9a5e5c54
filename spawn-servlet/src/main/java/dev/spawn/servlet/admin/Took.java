package dev.spawn.servlet.admin;

import java.math.BigDecimal;

/** Formats elapsed nanoseconds the way the Go service's {@code took} did ("25.982µs"). */
final class Took {

  private Took() {}

  static String format(long nanos) {
    if (nanos < 0) {
      nanos = 0;
    }
    if (nanos < 1_000L) {
      return nanos + "ns";
    }
    if (nanos < 1_000_000L) {
      return scaled(nanos, 3) + "\u00b5s";
    }
    if (nanos < 1_000_000_000L) {
      return scaled(nanos, 6) + "ms";
    }
    return scaled(nanos, 9) + "s";
  }

  private static String scaled(long nanos, int scale) {
    return BigDecimal.valueOf(nanos, scale).stripTrailingZeros().toPlainString();
  }
}
