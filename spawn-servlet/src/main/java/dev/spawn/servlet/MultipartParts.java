package dev.spawn.servlet;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.Part;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.fileupload2.core.AbstractFileUpload;
import org.apache.commons.fileupload2.core.DiskFileItem;
import org.apache.commons.fileupload2.core.DiskFileItemFactory;
import org.apache.commons.fileupload2.core.FileItemHeaders;
import org.apache.commons.fileupload2.core.FileItemInput;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.core.FileUploadException;
import org.apache.commons.fileupload2.core.RequestContext;

/**
 * The parts of a {@code multipart/form-data} body, parsed from the captured bytes with Apache
 * Commons FileUpload (a parser with a long record on hostile input; writing one here would not be
 * wiser). Each part is held in memory, which the body limit ({@code mirror.max-body-bytes})
 * bounds. Stateless.
 */
final class MultipartParts {

  private MultipartParts() {}

  /**
   * Parses a multipart body.
   *
   * @param textCharset the charset of text fields that name none (the request's, else UTF-8)
   * @param writeDir where {@link Part#write} puts a relative file name
   * @throws ServletException when the body is not valid multipart
   */
  static List<Part> parse(String contentType, byte[] body, Charset textCharset, Path writeDir)
      throws IOException, ServletException {
    Upload upload = new Upload();
    upload.setHeaderCharset(textCharset);
    List<Part> parts = new ArrayList<>();
    try {
      FileItemInputIterator items = upload.getItemIterator(new Context(contentType, body,
          textCharset));
      while (items.hasNext()) {
        FileItemInput item = items.next();
        byte[] content;
        try (InputStream in = item.getInputStream()) {
          content = in.readAllBytes();
        }
        parts.add(new CapturedPart(item.getFieldName(), item.isFormField() ? null : item.getName(),
            item.getContentType(), headers(item.getHeaders()), content, writeDir));
      }
    } catch (FileUploadException e) {
      throw new ServletException("the multipart body could not be parsed: " + e.getMessage(), e);
    }
    return List.copyOf(parts);
  }

  /** The text fields of parsed parts (those without a file name), decoded, in order. */
  static void addTextFields(Map<String, List<String>> into, Collection<Part> parts,
      Charset fallback)
      throws IOException {
    for (Part p : parts) {
      if (p.getSubmittedFileName() == null && p.getName() != null) {
        Charset cs = FormParameters.charset(
            FormParameters.charsetParameter(p.getContentType()), fallback);
        String value = new String(((CapturedPart) p).bytes(), cs);
        into.computeIfAbsent(p.getName(), k -> new ArrayList<>()).add(value);
      }
    }
  }

  private static Map<String, List<String>> headers(FileItemHeaders h) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (h == null) {
      return out;
    }
    for (Iterator<String> names = h.getHeaderNames(); names.hasNext(); ) {
      String name = names.next();
      List<String> values = out.computeIfAbsent(name, k -> new ArrayList<>());
      h.getHeaders(name).forEachRemaining(values::add);
    }
    return out;
  }

  /** The captured body as FileUpload's request. */
  private static final class Context implements RequestContext {
    private final String contentType;
    private final byte[] body;
    private final Charset charset;

    Context(String contentType, byte[] body, Charset charset) {
      this.contentType = contentType;
      this.body = body;
      this.charset = charset;
    }

    @Override
    public String getCharacterEncoding() {
      return charset.name();
    }

    @Override
    public long getContentLength() {
      return body.length;
    }

    @Override
    public String getContentType() {
      return contentType;
    }

    @Override
    public InputStream getInputStream() {
      return new ByteArrayInputStream(body);
    }

    @Override
    public boolean isMultipartRelated() {
      return false;
    }
  }

  /** FileUpload's parser bound to {@link Context}; only the streaming iterator is used. */
  private static final class Upload
      extends AbstractFileUpload<Context, DiskFileItem, DiskFileItemFactory> {

    @Override
    public FileItemInputIterator getItemIterator(Context request)
        throws FileUploadException, IOException {
      return super.getItemIterator((RequestContext) request);
    }

    @Override
    public Map<String, List<DiskFileItem>> parseParameterMap(Context request)
        throws FileUploadException {
      throw new UnsupportedOperationException("only the streaming iterator is used");
    }

    @Override
    public List<DiskFileItem> parseRequest(Context request) throws FileUploadException {
      throw new UnsupportedOperationException("only the streaming iterator is used");
    }
  }
}
