package dev.spawn;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One instance of the replicated application: where it listens and how it takes part.
 *
 * <p>A node is identified by {@code host:port} ({@link #id()}). Its JSON form is the Go service's
 * ({@code host}, {@code port}, {@code priority}, {@code active}, {@code maintenance}) plus an
 * optional {@code scheme} ({@code http} or {@code https}, default {@code http}). Unlike the Go
 * service, a node whose JSON omits {@code active} is active: a node that silently receives nothing
 * is the more dangerous surprise.
 *
 * <p>Values are validated when the node is made; an invalid host, port or scheme throws {@link
 * IllegalArgumentException} with a message naming the field. Host and scheme are kept in lower
 * case, so {@code Node-1:80} and {@code node-1:80} are the same node. Instances are immutable and
 * thread-safe.
 *
 * @param host DNS name, IPv4 address or bracketed IPv6 literal
 * @param port TCP port, 1..65535
 * @param priority read priority, see {@link PriorityOrder}
 * @param active whether the node takes part at all
 * @param maintenance whether the node is held out of reads and its updates are queued
 * @param scheme {@code http} or {@code https}
 */
public record Node(
    String host, int port, int priority, boolean active, boolean maintenance, String scheme) {

  /** Longest host name accepted (the DNS limit). */
  public static final int MAX_HOST_LENGTH = 253;

  private static final Pattern NAME_OR_IPV4 =
      Pattern.compile("[A-Za-z0-9_-]{1,63}(\\.[A-Za-z0-9_-]{1,63})*");
  private static final Pattern BRACKETED_IPV6 = Pattern.compile("\\[[0-9A-Fa-f:.]{2,45}]");

  /** Validates and normalises (host and scheme lower case, scheme default {@code http}). */
  @JsonCreator
  public Node(
      @JsonProperty("host") String host,
      @JsonProperty("port") int port,
      @JsonProperty("priority") int priority,
      @JsonProperty(value = "active", defaultValue = "true") Boolean active,
      @JsonProperty("maintenance") boolean maintenance,
      @JsonProperty("scheme") String scheme) {
    this(host, port, priority, active == null || active, maintenance, scheme);
  }

  /** Canonical constructor: validates every field. */
  public Node {
    // DNS names and IPv6 hex digits are case-insensitive: one machine must have one id, or it would
    // be registered (and sent every write) twice.
    host = checkHost(host).toLowerCase(Locale.ROOT);
    checkPort(port);
    scheme = scheme == null ? "http" : scheme.toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException(
          "scheme was '" + scheme + "'; expected 'http' or 'https'");
    }
  }

  /** An active node with priority 0, not in maintenance, over plain HTTP. */
  public static Node of(String host, int port) {
    return new Node(host, port, 0, true, false, "http");
  }

  /**
   * Checks a host the way a node does.
   *
   * @throws IllegalArgumentException naming the host and what was expected
   */
  public static String checkHost(String host) {
    Objects.requireNonNull(host, "host");
    if (host.isEmpty()) {
      throw new IllegalArgumentException("host was empty; expected a DNS name, IPv4 or [IPv6]");
    }
    if (host.length() > MAX_HOST_LENGTH) {
      throw new IllegalArgumentException(
          "host was " + host.length() + " characters long; at most " + MAX_HOST_LENGTH
              + " are allowed");
    }
    if (!NAME_OR_IPV4.matcher(host).matches() && !BRACKETED_IPV6.matcher(host).matches()) {
      throw new IllegalArgumentException(
          "host was '" + host + "'; expected a DNS name or IPv4 address (letters, digits, '.', '-',"
              + " '_', no empty labels) or a bracketed IPv6 literal such as [::1]");
    }
    return host;
  }

  /**
   * Checks a port the way a node does.
   *
   * @throws IllegalArgumentException naming the port and the allowed range
   */
  public static int checkPort(long port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port was " + port + "; expected 1..65535");
    }
    return (int) port;
  }

  /** The identifier {@code host:port}. */
  public String id() {
    return id(host, port);
  }

  /** The identifier of a node at this host (in any case) and port. */
  public static String id(String host, int port) {
    return host.toLowerCase(Locale.ROOT) + ":" + port;
  }

  /** The base URI, {@code scheme://host:port}. */
  public String baseUri() {
    return scheme + "://" + host + ":" + port;
  }

  /** This node with another priority. */
  public Node withPriority(int newPriority) {
    return new Node(host, port, newPriority, active, maintenance, scheme);
  }

  /** This node, active or not. */
  public Node withActive(boolean newActive) {
    return new Node(host, port, priority, newActive, maintenance, scheme);
  }

  /** This node, in maintenance or not. */
  public Node withMaintenance(boolean newMaintenance) {
    return new Node(host, port, priority, active, newMaintenance, scheme);
  }

  /** This node at another address, everything else kept. */
  public Node withAddress(String newHost, int newPort) {
    return new Node(newHost, newPort, priority, active, maintenance, scheme);
  }

  /** This node with another scheme. */
  public Node withScheme(String newScheme) {
    return new Node(host, port, priority, active, maintenance, newScheme);
  }
}
