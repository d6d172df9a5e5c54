package dev.spawn.examples.app;

/** A request the app refuses with 400 (or another 4xx), naming the field that was wrong. */
final class BadInputException extends RuntimeException {

  private final int status;
  private final String field;

  BadInputException(String field, String message) {
    this(400, field, message);
  }

  BadInputException(int status, String field, String message) {
    super(message);
    this.status = status;
    this.field = field;
  }

  int status() {
    return status;
  }

  String field() {
    return field;
  }
}
