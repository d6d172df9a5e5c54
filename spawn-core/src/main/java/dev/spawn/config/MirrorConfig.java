package dev.spawn.config;

import dev.spawn.SpawnConfigException;
import dev.spawn.internal.config.Checks;
import dev.spawn.internal.config.Secrets;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which requests are mirrored to peers and how they are signed: the {@code mirror} section.
 * Immutable and thread-safe; made by a {@link Builder} (mutable, not thread-safe) or by the
 * constructor, which validates. {@link #toString()} never shows a secret.
 *
 * @param methods HTTP methods mirrored, upper case ({@code methods}, default POST, PUT, PATCH,
 *     DELETE)
 * @param secret the current HMAC secret, at least 16 characters ({@code secret}, {@code
 *     secret-file} or {@code secret-env}; default none)
 * @param keyId the id sent with signatures made with {@code secret} ({@code key-id}, default k1)
 * @param previousSecret the secret before a rotation, still accepted ({@code previous-secret})
 * @param previousKeyId its id ({@code previous-key-id}); set exactly when previousSecret is
 * @param maxBodyBytes largest body mirrored ({@code max-body-bytes}, default 10 MiB)
 * @param oversize what happens to a larger one ({@code oversize}, default {@code reject})
 * @param headerExcludes header names never mirrored, lower case ({@code header-excludes})
 * @param headerRedactions header names blanked in the journal, lower case ({@code
 *     header-redactions})
 * @param replicatedStatuses origin answers that get a request mirrored: a status ({@code "303"})
 *     or a class ({@code "2xx"}) ({@code replicated-statuses}, default 2xx and 303)
 * @param ordering whether writes to one path are serialised on the origin ({@code ordering},
 *     default {@code path})
 * @param insecure allow a cluster of several nodes without a secret ({@code insecure}, default
 *     false)
 */
public record MirrorConfig(
    Set<String> methods, Optional<String> secret, String keyId, Optional<String> previousSecret,
    Optional<String> previousKeyId, long maxBodyBytes, Oversize oversize,
    Set<String> headerExcludes, Set<String> headerRedactions, Set<String> replicatedStatuses,
    Ordering ordering, boolean insecure) {

  /** Shortest secret accepted, in characters. */
  public static final int MIN_SECRET_LENGTH = 16;

  // Declared before DEFAULT, which needs them while the class initialises.
  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern STATUS = Pattern.compile("[1-5]xx|[1-5][0-9][0-9]");

  /** The defaults (no secret). */
  public static final MirrorConfig DEFAULT = builder().build();

  /** What happens to a request whose body is larger than {@code max-body-bytes}. */
  public enum Oversize {
    /** Answered 413 before the application runs it ({@code reject}). */
    REJECT,
    /** Run locally only, answered with {@code Spawn-Replicated: false} ({@code pass-through}). */
    PASS_THROUGH
  }

  /** Whether mutating requests to one path are serialised on the origin. */
  public enum Ordering {
    /** Serialised per path, so the journal order is the order the app applied them. */
    PATH,
    /** Not serialised: for apps whose writes commute. */
    NONE
  }

  /** Validates every value and that a previous secret comes with its own key id. */
  public MirrorConfig {
    methods = Checks.set("mirror.methods", methods, MirrorConfig::checkMethod);
    if (methods.isEmpty()) {
      throw Checks.invalid("mirror.methods", "a list of at least one HTTP method", List.of());
    }
    Checks.notNull("mirror.secret", secret).ifPresent(s -> checkSecret("mirror.secret", s));
    checkKeyId("mirror.key-id", keyId);
    Checks.notNull("mirror.previous-secret", previousSecret)
        .ifPresent(s -> checkSecret("mirror.previous-secret", s));
    Checks.notNull("mirror.previous-key-id", previousKeyId)
        .ifPresent(id -> checkKeyId("mirror.previous-key-id", id));
    Checks.range("mirror.max-body-bytes", maxBodyBytes, 1, Integer.MAX_VALUE);
    Checks.notNull("mirror.oversize", oversize);
    headerExcludes = Checks.set("mirror.header-excludes", headerExcludes, MirrorConfig::header);
    headerRedactions =
        Checks.set("mirror.header-redactions", headerRedactions, MirrorConfig::header);
    replicatedStatuses = Checks.set(
        "mirror.replicated-statuses", replicatedStatuses, MirrorConfig::checkStatus);
    Checks.notNull("mirror.ordering", ordering);
    if (previousSecret.isPresent() != previousKeyId.isPresent()) {
      throw new SpawnConfigException("mirror.previous-key-id", "'mirror.previous-secret' and"
          + " 'mirror.previous-key-id' go together: set both (for a rotation) or neither");
    }
    if (previousKeyId.isPresent() && previousKeyId.get().equals(keyId)) {
      throw Checks.invalid("mirror.previous-key-id",
          "different from mirror.key-id, so a signature names the secret it was made with",
          previousKeyId.get());
    }
  }

  /** Whether a current secret is set (signing is on). */
  public boolean hasSecret() {
    return secret.isPresent();
  }

  /** Whether requests with this method are mirrored. */
  public boolean mirrors(String method) {
    return methods.contains(method.toUpperCase(Locale.ROOT));
  }

  /** Whether an origin answer with this status gets the request mirrored. */
  public boolean replicates(int status) {
    return replicatedStatuses.contains(Integer.toString(status))
        || replicatedStatuses.contains(status / 100 + "xx");
  }

  @Override
  public String toString() {
    return "MirrorConfig[methods=" + methods + ", secret=" + (secret.isPresent() ? "***" : "none")
        + ", keyId=" + keyId + ", previousSecret=" + (previousSecret.isPresent() ? "***" : "none")
        + ", previousKeyId=" + previousKeyId.orElse("none") + ", maxBodyBytes=" + maxBodyBytes
        + ", oversize=" + Checks.jsonName(oversize) + ", headerExcludes=" + headerExcludes
        + ", headerRedactions=" + headerRedactions + ", replicatedStatuses=" + replicatedStatuses
        + ", ordering=" + Checks.jsonName(ordering) + ", insecure=" + insecure + "]";
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding a copy of {@code config}'s values. */
  public static Builder builder(MirrorConfig c) {
    Builder b = new Builder();
    b.methods = c.methods;
    b.secret = c.secret.orElse(null);
    b.keyId = c.keyId;
    b.previousSecret = c.previousSecret.orElse(null);
    b.previousKeyId = c.previousKeyId.orElse(null);
    b.maxBodyBytes = c.maxBodyBytes;
    b.oversize = c.oversize;
    b.headerExcludes = c.headerExcludes;
    b.headerRedactions = c.headerRedactions;
    b.replicatedStatuses = c.replicatedStatuses;
    b.ordering = c.ordering;
    b.insecure = c.insecure;
    return b;
  }

  static String checkSecret(String key, String secret) {
    if (secret.length() < MIN_SECRET_LENGTH) {
      throw new SpawnConfigException(key, "'" + key + "' must be at least " + MIN_SECRET_LENGTH
          + " characters (make one with: openssl rand -base64 32), was " + secret.length()
          + " characters");
    }
    return secret;
  }

  private static String checkKeyId(String key, String id) {
    Checks.notNull(key, id);
    if (!KEY_ID.matcher(id).matches()) {
      throw Checks.invalid(key, "1 to 64 letters, digits, '.', '_' or '-'", id);
    }
    return id;
  }

  private static String checkMethod(String key, String method) {
    return Checks.token(key, method).toUpperCase(Locale.ROOT);
  }

  private static String header(String key, String name) {
    return Checks.token(key, name).toLowerCase(Locale.ROOT);
  }

  private static String checkStatus(String key, String status) {
    String s = status.toLowerCase(Locale.ROOT);
    if (!STATUS.matcher(s).matches()) {
      throw Checks.invalid(key, "a status such as \"303\" or a class such as \"2xx\"", status);
    }
    return s;
  }

  /** Collects mirror settings; each setter validates at once. Mutable, not thread-safe. */
  public static final class Builder {
    private Set<String> methods = Checks.set(
        "mirror.methods", List.of("POST", "PUT", "PATCH", "DELETE"), MirrorConfig::checkMethod);
    private String secret;
    private String keyId = "k1";
    private String previousSecret;
    private String previousKeyId;
    private long maxBodyBytes = 10L << 20;
    private Oversize oversize = Oversize.REJECT;
    private Set<String> headerExcludes = Set.of();
    private Set<String> headerRedactions = Set.of();
    private Set<String> replicatedStatuses =
        Checks.set("mirror.replicated-statuses", List.of("2xx", "303"), MirrorConfig::checkStatus);
    private Ordering ordering = Ordering.PATH;
    private boolean insecure;

    private Builder() {}

    /** HTTP methods to mirror, at least one ({@code mirror.methods}). */
    public Builder methods(Collection<String> methods) {
      Set<String> checked = Checks.set("mirror.methods", methods, MirrorConfig::checkMethod);
      if (checked.isEmpty()) {
        throw Checks.invalid("mirror.methods", "a list of at least one HTTP method", List.of());
      }
      this.methods = checked;
      return this;
    }

    /** The current secret, {@code null} for none ({@code mirror.secret}). */
    public Builder secret(String secret) {
      this.secret = secret == null ? null : checkSecret("mirror.secret", secret);
      return this;
    }

    /** The current secret, read now from a file ({@code mirror.secret-file}). */
    public Builder secretFile(Path file) {
      String key = "mirror.secret-file";
      return secret(checkSecret(key, Secrets.fromFile(key, file)));
    }

    /** The current secret, read now from an environment variable ({@code mirror.secret-env}). */
    public Builder secretEnv(String variable) {
      return secret(checkSecret("mirror.secret-env",
          Secrets.fromEnv("mirror.secret-env", variable, System::getenv)));
    }

    /** Id of the current secret ({@code mirror.key-id}). */
    public Builder keyId(String keyId) {
      this.keyId = checkKeyId("mirror.key-id", keyId);
      return this;
    }

    /** The secret before a rotation, {@code null} for none ({@code mirror.previous-secret}). */
    public Builder previousSecret(String secret) {
      this.previousSecret = secret == null ? null : checkSecret("mirror.previous-secret", secret);
      return this;
    }

    /** Id of the previous secret, {@code null} for none ({@code mirror.previous-key-id}). */
    public Builder previousKeyId(String keyId) {
      this.previousKeyId = keyId == null ? null : checkKeyId("mirror.previous-key-id", keyId);
      return this;
    }

    /** Largest body mirrored, 1 .. 2^31-1 ({@code mirror.max-body-bytes}). */
    public Builder maxBodyBytes(long bytes) {
      this.maxBodyBytes = Checks.range("mirror.max-body-bytes", bytes, 1, Integer.MAX_VALUE);
      return this;
    }

    /** What happens to a larger body ({@code mirror.oversize}). */
    public Builder oversize(Oversize oversize) {
      this.oversize = Checks.notNull("mirror.oversize", oversize);
      return this;
    }

    /** Header names never mirrored ({@code mirror.header-excludes}). */
    public Builder headerExcludes(Collection<String> names) {
      this.headerExcludes = Checks.set("mirror.header-excludes", names, MirrorConfig::header);
      return this;
    }

    /** Header names blanked in the journal ({@code mirror.header-redactions}). */
    public Builder headerRedactions(Collection<String> names) {
      this.headerRedactions = Checks.set("mirror.header-redactions", names, MirrorConfig::header);
      return this;
    }

    /** Statuses ("303") and classes ("2xx") that get a request mirrored. */
    public Builder replicatedStatuses(Collection<String> statuses) {
      this.replicatedStatuses =
          Checks.set("mirror.replicated-statuses", statuses, MirrorConfig::checkStatus);
      return this;
    }

    /** Whether writes to one path are serialised on the origin ({@code mirror.ordering}). */
    public Builder ordering(Ordering ordering) {
      this.ordering = Checks.notNull("mirror.ordering", ordering);
      return this;
    }

    /** Allow several nodes without a secret ({@code mirror.insecure}). */
    public Builder insecure(boolean insecure) {
      this.insecure = insecure;
      return this;
    }

    /** The settings; a previous secret needs its own key id. */
    public MirrorConfig build() {
      return new MirrorConfig(methods, Optional.ofNullable(secret), keyId,
          Optional.ofNullable(previousSecret), Optional.ofNullable(previousKeyId), maxBodyBytes,
          oversize, headerExcludes, headerRedactions, replicatedStatuses, ordering, insecure);
    }
  }
}
