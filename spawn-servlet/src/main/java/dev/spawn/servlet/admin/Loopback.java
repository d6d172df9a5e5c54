package dev.spawn.servlet.admin;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Decides whether a remote address (as {@code getRemoteAddr()} gives it) is a loopback address:
 * 127.0.0.0/8, ::1, or an IPv4-mapped 127.x. Host names are never looked up: only IP literals
 * count. Stateless and thread-safe.
 */
final class Loopback {

  private static final Pattern IPV4 =
      Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

  private Loopback() {}

  static boolean isLoopback(String remoteAddr) {
    if (remoteAddr == null || remoteAddr.isEmpty()) {
      return false;
    }
    String a = remoteAddr;
    if (a.startsWith("[") && a.endsWith("]")) {
      a = a.substring(1, a.length() - 1);
    }
    int zone = a.indexOf('%');
    if (zone >= 0) {
      a = a.substring(0, zone);
    }
    if (IPV4.matcher(a).matches()) {
      return isLoopbackV4(a);
    }
    if (!a.contains(":") || !IPV6_CHARS.matcher(a).matches()) {
      return false;
    }
    try {
      // A literal of hex digits, colons and dots: parsed, never resolved.
      InetAddress addr = InetAddress.getByName(a);
      return addr.isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static boolean isLoopbackV4(String a) {
    String[] octets = a.split("\\.");
    for (String o : octets) {
      if (Integer.parseInt(o) > 255) {
        return false;
      }
    }
    return octets[0].equals("127");
  }
}
