package dev.spawn.servlet.auth;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.OperationType;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.util.ssl.KeyStoreKeyManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustAllTrustManager;
import com.unboundid.util.ssl.cert.ManageCertificates;
import java.io.File;
import java.io.OutputStream;
import java.net.InetAddress;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import javax.net.ssl.SSLSocketFactory;

/**
 * An in-process LDAP server (UnboundID) on 127.0.0.1 with StartTLS, one person (alice), one with a
 * '*' in her uid, a service account, and an access log a test can read.
 */
public final class TestDirectory implements AutoCloseable {

  public static final String BASE = "dc=example,dc=org";
  static final String SERVICE_DN = "cn=service," + BASE;
  static final String SERVICE_PASSWORD = "service-pw";

  public final InMemoryDirectoryServer server;
  final List<String> accessLog = new CopyOnWriteArrayList<>();
  private static File keyStore;

  /**
   * @param searchNeedsBind whether anonymous searches are refused
   */
  public TestDirectory(boolean searchNeedsBind) throws Exception {
    SSLUtil serverSsl =
        new SSLUtil(
            new KeyStoreKeyManager(keyStore(), "changeit".toCharArray(), "PKCS12", null),
            new TrustAllTrustManager());
    InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
    config.setListenerConfigs(
        InMemoryListenerConfig.createLDAPConfig(
            "default", InetAddress.getByName("127.0.0.1"), 0, serverSsl.createSSLSocketFactory()));
    config.addAdditionalBindCredentials(SERVICE_DN, SERVICE_PASSWORD);
    if (searchNeedsBind) {
      config.setAuthenticationRequiredOperationTypes(EnumSet.of(OperationType.SEARCH));
    }
    config.setAccessLogHandler(
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            accessLog.add(r.getMessage());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        });
    server = new InMemoryDirectoryServer(config);
    server.add("dn: " + BASE, "objectClass: top", "objectClass: domain", "dc: example");
    server.add("dn: ou=people," + BASE, "objectClass: organizationalUnit", "ou: people");
    person("alice", "alice-pw");
    person("we*rd", "weird-pw");
    server.startListening();
  }

  /** A certificate for 127.0.0.1 (so StartTLS passes JNDI's host name check), made once. */
  private static synchronized File keyStore() throws Exception {
    if (keyStore == null) {
      File file = File.createTempFile("spawn-ldap", ".p12");
      file.delete();
      file.deleteOnExit();
      ResultCode made =
          ManageCertificates.main(
              null,
              OutputStream.nullOutputStream(),
              OutputStream.nullOutputStream(),
              "generate-self-signed-certificate",
              "--keystore",
              file.getPath(),
              "--keystore-password",
              "changeit",
              "--keystore-type",
              "PKCS12",
              "--alias",
              "server",
              "--subject-dn",
              "CN=127.0.0.1",
              "--subject-alternative-name-ip-address",
              "127.0.0.1",
              "--days-valid",
              "2");
      if (made != ResultCode.SUCCESS) {
        throw new IllegalStateException("could not make a test certificate: " + made);
      }
      keyStore = file;
    }
    return keyStore;
  }

  private void person(String uid, String password) throws Exception {
    server.add(
        "dn: uid=" + uid + ",ou=people," + BASE,
        "objectClass: inetOrgPerson",
        "uid: " + uid,
        "cn: " + uid,
        "sn: Test",
        "userPassword: " + password);
  }

  public String url() {
    return "ldap://127.0.0.1:" + server.getListenPort();
  }

  /** A client socket factory that trusts the test certificate. */
  static SSLSocketFactory trustingClient() throws Exception {
    return new SSLUtil(new TrustAllTrustManager()).createSSLSocketFactory();
  }

  @Override
  public void close() {
    server.shutDown(true);
  }
}
