package dev.spawn.servlet.auth;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on 127.0.0.1 that forwards to a target port and records every byte the clients send,
 * so a test can see what crossed the wire in clear.
 */
final class RecordingRelay implements AutoCloseable {

  private final ServerSocket listener;
  private final int target;
  private final ByteArrayOutputStream sent = new ByteArrayOutputStream();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  RecordingRelay(int targetPort) throws IOException {
    this.target = targetPort;
    this.listener = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"));
    Thread acceptor = new Thread(this::acceptLoop, "relay-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  /** Everything clients sent so far, as ISO-8859-1 text (bytes kept one to one). */
  String clientBytes() {
    synchronized (sent) {
      return sent.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
    }
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(InetAddress.getByName("127.0.0.1"), target);
        sockets.add(client);
        sockets.add(server);
        pump(client.getInputStream(), server.getOutputStream(), true);
        pump(server.getInputStream(), client.getOutputStream(), false);
      } catch (IOException e) {
        return;
      }
    }
  }

  private void pump(InputStream in, OutputStream out, boolean record) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[8192];
              try {
                for (int n; (n = in.read(buf)) >= 0; ) {
                  if (record) {
                    synchronized (sent) {
                      sent.write(buf, 0, n);
                    }
                  }
                  out.write(buf, 0, n);
                  out.flush();
                }
              } catch (IOException e) {
                // the other side closed
              } finally {
                try {
                  out.close();
                } catch (IOException e) {
                  // already closed
                }
              }
            },
            "relay-pump");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    listener.close();
    for (Socket s : sockets) {
      s.close();
    }
  }
}
