package dev.spawn.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spawn.Spawn;
import dev.spawn.SpawnConfig;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SpawnFilter declared in a web.xml builds, starts and closes its own Spawn. */
class WebXmlIT {

  @TempDir Path dir;

  @Test
  void filterDeclaredInWebXmlJournalsWritesAndClosesItsSpawnOnUndeploy() throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    connector.open();
    int port = connector.getLocalPort();
    Path config = dir.resolve("spawn.json");
    Files.writeString(config, "{\"self\": \"127.0.0.1:" + port + "\", \"nodes\": [{\"host\":"
        + " \"127.0.0.1\", \"port\": " + port + "}], \"journal\": {\"path\": \""
        + dir.resolve("journal.db").toString().replace("\\", "\\\\") + "\", \"sync\": \"normal\"}}");
    Path webapp = Files.createDirectories(dir.resolve("webapp/WEB-INF"));
    Files.writeString(webapp.resolve("web.xml"), """
        <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
          <filter>
            <filter-name>spawn</filter-name>
            <filter-class>dev.spawn.servlet.SpawnFilter</filter-class>
            <async-supported>true</async-supported>
            <init-param>
              <param-name>spawn.config</param-name>
              <param-value>%s</param-value>
            </init-param>
          </filter>
          <filter-mapping>
            <filter-name>spawn</filter-name>
            <url-pattern>/*</url-pattern>
            <dispatcher>REQUEST</dispatcher>
            <dispatcher>ASYNC</dispatcher>
          </filter-mapping>
          <servlet>
            <servlet-name>app</servlet-name>
            <servlet-class>dev.spawn.servlet.WebXmlServlet</servlet-class>
          </servlet>
          <servlet-mapping>
            <servlet-name>app</servlet-name>
            <url-pattern>/*</url-pattern>
          </servlet-mapping>
        </web-app>
        """.formatted(config));
    WebAppContext context = new WebAppContext(dir.resolve("webapp").toString(), "/");
    context.setParentLoaderPriority(true);
    server.setHandler(context);
    server.start();
    Spawn spawn;
    try {
      HttpResponse<String> r = Http.send("POST", "http://127.0.0.1:" + port + "/notes",
          "text/plain", new byte[] {42});
      assertThat(r.statusCode()).isEqualTo(201);
      SpawnFilter filter = (SpawnFilter) context.getServletHandler().getFilter("spawn").getFilter();
      spawn = filter.spawn();
      assertThat(spawn.journal().stats().lastSeq()).isEqualTo(1);
    } finally {
      server.stop();
    }
    // destroy() closed the journal: another Spawn can open the same file now.
    try (Spawn again = Spawn.builder(SpawnConfig.load(config)).build()) {
      assertThat(again.journal().stats().lastSeq()).isEqualTo(1);
    }
  }

  @Test
  void filterWithoutSpawnOrConfigParamRefusesToStartNamingTheParam() {
    SpawnFilter filter = new SpawnFilter();

    assertThatThrownBy(() -> filter.init(new NoParams()))
        .isInstanceOf(ServletException.class)
        .hasMessageContaining(SpawnFilter.CONFIG_PARAM);
    assertThatThrownBy(filter::spawn).isInstanceOf(IllegalStateException.class);
  }

  /** A filter registration without init-params. */
  private static final class NoParams implements FilterConfig {
    @Override
    public String getFilterName() {
      return "spawn";
    }

    @Override
    public ServletContext getServletContext() {
      return null;
    }

    @Override
    public String getInitParameter(String name) {
      return null;
    }

    @Override
    public Enumeration<String> getInitParameterNames() {
      return Collections.emptyEnumeration();
    }
  }
}
