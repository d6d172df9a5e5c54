package dev.spawn.servlet.admin;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every audit event for a test to inspect. */
final class RecordingAuditLog implements AuditLog {

  final List<AuditEvent> events = new CopyOnWriteArrayList<>();

  @Override
  public void record(AuditEvent event) {
    events.add(event);
  }

  AuditEvent last() {
    return events.get(events.size() - 1);
  }
}
