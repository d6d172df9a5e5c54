package dev.spawn.servlet.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** A wall clock and a nanosecond source that move together, only when a test advances them. */
final class TestTime extends Clock implements LongSupplier {

  private static final Instant START = Instant.parse("2024-05-01T10:00:00Z");
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

  void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  @Override
  public long getAsLong() {
    return nanos.get();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return START.plusNanos(nanos.get());
  }
}
