package dev.spawn.examples.app;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the launcher wires: filters in front of every servlet, extra servlets beside the app. */
class LauncherIT {

  @TempDir Path dataDir;

  @Test
  void filtersRunInOrderInFrontOfAppAndExtraServletsForRequestsAndAsyncDispatches()
      throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    Filter outer = (request, response, chain) -> {
      seen.add("outer " + request.getDispatcherType() + " "
          + ((HttpServletRequest) request).getRequestURI());
      chain.doFilter(request, response);
    };
    Filter inner = (request, response, chain) -> {
      seen.add("inner " + request.getDispatcherType());
      chain.doFilter(request, response);
    };
    Server server = NotesApp.start(NotesApp.Options.builder()
        .dataDir(dataDir)
        .port(0)
        .filter(outer)
        .filter(inner)
        .servlet("/spawn/*", new AsyncHello())
        .build());
    try {
      AppClient app = new AppClient(server);

      assertThat(app.get("/notes").statusCode()).isEqualTo(200);
      assertThat(seen).containsExactly("outer REQUEST /notes", "inner REQUEST");

      seen.clear();
      HttpResponse<String> admin = app.get("/spawn/info");
      assertThat(admin.statusCode()).isEqualTo(200);
      assertThat(admin.body()).isEqualTo("hello from /info");
      assertThat(seen).containsExactly("outer REQUEST /spawn/info", "inner REQUEST",
          "outer ASYNC /spawn/info", "inner ASYNC");
    } finally {
      server.stop();
    }
  }

  /** Answers on an async re-dispatch, as an async admin servlet might. */
  private static final class AsyncHello extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      if (request.getDispatcherType() == DispatcherType.REQUEST) {
        request.startAsync().dispatch();
        return;
      }
      response.setContentType("text/plain");
      response.getWriter().print("hello from " + request.getPathInfo());
    }
  }
}
