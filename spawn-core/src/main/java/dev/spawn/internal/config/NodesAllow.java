package dev.spawn.internal.config;

import dev.spawn.Node;
import dev.spawn.NodePolicy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code nodes-allow} policy: a node is allowed when its host equals one of the listed host
 * names (ignoring case) or is an IP literal inside one of the listed addresses or CIDR ranges.
 *
 * <p>Host names are never resolved: a node given by name matches only a name entry, so the
 * policy cannot be fooled by DNS and never blocks on it. Immutable and thread-safe.
 */
public final class NodesAllow implements NodePolicy {

  private static final String EXPECTED =
      "a host name, an IPv4 or IPv6 address, or a CIDR range such as 10.0.0.0/8 or fd00::/8";
  private static final Pattern IPV4 = Pattern.compile(
      "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)"
          + "\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  private final List<String> entries;
  private final List<String> names = new ArrayList<>();
  private final List<Range> ranges = new ArrayList<>();

  /** A policy over checked entries, see {@link #checkEntry}. */
  public NodesAllow(List<String> entries) {
    this.entries = List.copyOf(entries);
    for (int i = 0; i < this.entries.size(); i++) {
      String entry = this.entries.get(i);
      Range range = parse("nodes-allow[" + i + "]", entry);
      if (range == null) {
        names.add(entry.toLowerCase(Locale.ROOT));
      } else {
        ranges.add(range);
      }
    }
  }

  /**
   * Checks one entry: a host name, an IP address ({@code 10.0.0.5}, {@code ::1}, {@code [::1]})
   * or a CIDR range whose host bits are zero.
   */
  public static String checkEntry(String key, String entry) {
    Checks.nonBlank(key, entry);
    if (parse(key, entry) == null) {
      Checks.host(key, entry);
    }
    return entry;
  }

  @Override
  public void check(Node node) {
    String host = node.host();
    if (names.contains(host.toLowerCase(Locale.ROOT))) {
      return;
    }
    byte[] address = literal(host);
    if (address != null) {
      for (Range r : ranges) {
        if (r.contains(address)) {
          return;
        }
      }
    }
    throw new IllegalArgumentException(
        "node " + node.id() + " is not allowed by nodes-allow " + entries
            + "; add its host or a range holding it to nodes-allow");
  }

  @Override
  public String toString() {
    return "nodes-allow " + entries;
  }

  /** The range an entry stands for, or null when it is not an address (so a host name). */
  private static Range parse(String key, String entry) {
    int slash = entry.indexOf('/');
    String addressPart = slash < 0 ? entry : entry.substring(0, slash);
    byte[] address = literal(addressPart);
    if (address == null) {
      if (slash >= 0) {
        throw Checks.invalid(key, EXPECTED, entry);
      }
      return null;
    }
    int bits = address.length * 8;
    int prefix = bits;
    if (slash >= 0) {
      String p = entry.substring(slash + 1);
      if (!p.matches("\\d{1,3}") || Integer.parseInt(p) > bits) {
        throw Checks.invalid(key, EXPECTED + " (prefix 0.." + bits + ")", entry);
      }
      prefix = Integer.parseInt(p);
    }
    Range range = new Range(address, prefix);
    if (!range.hostBitsZero()) {
      throw Checks.invalid(key,
          "a CIDR range whose host bits are zero (did you mean " + range.cleared() + "?)", entry);
    }
    return range;
  }

  /**
   * The bytes of an IPv4 or IPv6 literal (bracketed or not), or null when the text is not one. A
   * name is never looked up: only text that is already a literal reaches InetAddress, and IPv6 text
   * is passed bracketed, which InetAddress never resolves.
   */
  private static byte[] literal(String text) {
    Matcher v4 = IPV4.matcher(text);
    if (v4.matches()) {
      byte[] b = new byte[4];
      for (int i = 0; i < 4; i++) {
        b[i] = (byte) Integer.parseInt(v4.group(i + 1));
      }
      return b;
    }
    String bare = text.startsWith("[") && text.endsWith("]")
        ? text.substring(1, text.length() - 1) : text;
    if (!IPV6.matcher(bare).matches()) {
      return null;
    }
    try {
      return InetAddress.getByName("[" + bare + "]").getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private record Range(byte[] network, int prefix) {

    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      for (int bit = 0; bit < prefix; bit++) {
        int mask = 0x80 >>> (bit % 8);
        if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
          return false;
        }
      }
      return true;
    }

    /** The range with its host bits cleared, as text, such as {@code 10.0.0.0/8}. */
    String cleared() {
      byte[] masked = network.clone();
      for (int bit = prefix; bit < masked.length * 8; bit++) {
        masked[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
      }
      try {
        return InetAddress.getByAddress(masked).getHostAddress() + "/" + prefix;
      } catch (UnknownHostException e) {
        throw new IllegalStateException("a 4 or 16 byte address was refused", e);
      }
    }

    boolean hostBitsZero() {
      for (int bit = prefix; bit < network.length * 8; bit++) {
        if ((network[bit / 8] & (0x80 >>> (bit % 8))) != 0) {
          return false;
        }
      }
      return true;
    }
  }
}
