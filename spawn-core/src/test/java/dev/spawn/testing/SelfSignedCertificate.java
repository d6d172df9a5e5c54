package dev.spawn.testing;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Makes a self-signed certificate for 127.0.0.1 in a PKCS12 key store with the JDK's keytool. */
public final class SelfSignedCertificate {

  private SelfSignedCertificate() {}

  /** Writes the key store and returns its path. */
  public static Path create(Path file, String password) throws Exception {
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "node", "-keyalg", "EC", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1",
                "-storetype", "PKCS12", "-keystore", file.toString(),
                "-storepass", password, "-keypass", password)
            .redirectErrorStream(true)
            .start();
    String output = new String(keytool.getInputStream().readAllBytes());
    if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
      throw new IllegalStateException("keytool failed: " + output);
    }
    return file;
  }
}
