import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A backend that keeps no state, for measuring what a proxy costs: GET answers 200 with a fixed
 * 1 KiB JSON body, anything else reads the request body and answers 201 with a short JSON body.
 * Run with the gateway jar on the class path: java -cp spawn-gateway.jar StaticBackend.java PORT
 */
public class StaticBackend {
  public static void main(String[] args) throws Exception {
    byte[] read = ("{\"id\":\"r\",\"title\":\"static\",\"text\":\"" + "x".repeat(1000) + "\"}")
        .getBytes(StandardCharsets.UTF_8);
    byte[] written = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server, 1, 1);
    connector.setHost("127.0.0.1");
    connector.setPort(Integer.parseInt(args[0]));
    server.addConnector(connector);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        boolean get = request.getMethod().equals("GET") || request.getMethod().equals("HEAD");
        response.setStatus(get ? 200 : 201);
        response.getHeaders().put("Content-Type", "application/json");
        if (get) {
          response.write(true, ByteBuffer.wrap(read), callback);
        } else {
          Content.Source.consumeAll(request, Callback.from(
              () -> response.write(true, ByteBuffer.wrap(written), callback), callback::failed));
        }
        return true;
      }
    });
    server.start();
    server.join();
  }
}
