package dev.spawn.servlet;

import jakarta.servlet.http.Part;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * One part of a multipart body, held in memory. {@link #write} saves it to a file; {@link #delete}
 * has nothing to remove. Immutable apart from the files it writes; thread-safe.
 */
final class CapturedPart implements Part {

  private final String name;
  private final String fileName;
  private final String contentType;
  private final Map<String, List<String>> headers;
  private final byte[] content;
  private final Path writeDir;

  CapturedPart(String name, String fileName, String contentType,
      Map<String, List<String>> headers, byte[] content, Path writeDir) {
    this.name = name;
    this.fileName = fileName;
    this.contentType = contentType;
    this.headers = headers;
    this.content = content;
    this.writeDir = writeDir;
  }

  /** The part's bytes (not copied: do not change them). */
  byte[] bytes() {
    return content;
  }

  @Override
  public InputStream getInputStream() {
    return new ByteArrayInputStream(content);
  }

  @Override
  public String getContentType() {
    return contentType;
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public String getSubmittedFileName() {
    return fileName;
  }

  @Override
  public long getSize() {
    return content.length;
  }

  /** Writes the part to {@code file}; a relative name is taken in the context's temp dir. */
  @Override
  public void write(String file) throws IOException {
    Path target = Path.of(file);
    if (!target.isAbsolute()) {
      target = writeDir.resolve(target);
    }
    Files.write(target, content);
  }

  @Override
  public void delete() {
    // Held in memory: nothing on disk to remove.
  }

  @Override
  public String getHeader(String headerName) {
    List<String> values = find(headerName);
    return values.isEmpty() ? null : values.get(0);
  }

  @Override
  public Collection<String> getHeaders(String headerName) {
    return List.copyOf(find(headerName));
  }

  @Override
  public Collection<String> getHeaderNames() {
    return List.copyOf(headers.keySet());
  }

  private List<String> find(String headerName) {
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(headerName)) {
        return e.getValue();
      }
    }
    return List.of();
  }
}
