package dev.spawn.config;

import dev.spawn.internal.config.Checks;

/**
 * Where the admin REST API listens: the {@code api} section ({@code api.host}, {@code api.port}).
 * Immutable and thread-safe.
 *
 * @param host listen address, default {@code 127.0.0.1} (loopback: expose it on purpose)
 * @param port listen port, default 7118
 */
public record ApiConfig(String host, int port) {

  /** Loopback on 7118. */
  public static final ApiConfig DEFAULT = new ApiConfig("127.0.0.1", 7118);

  /** Validates both values. */
  public ApiConfig {
    Checks.host("api.host", host);
    Checks.port("api.port", port);
  }
}
