package dev.spawn.servlet;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** A servlet a web.xml can name: answers every write with 201. */
public class WebXmlServlet extends HttpServlet {

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    request.getInputStream().readAllBytes();
    response.setStatus(request.getMethod().equals("GET") ? 200 : 201);
    response.getWriter().print("ok");
  }
}
