package org.latamml.app;

import com.fasterxml.jackson.databind.ObjectWriter;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.OutputStream;

/**
 * JSON written by Jackson straight into the buffer a route answers with: {@code
 * Buffer.buffer(writer.writeValueAsBytes(value))} makes the bytes three times (Jackson's builder,
 * its copy into an array, the buffer's copy): 2-6 % of what a {@code predict-flight} request
 * allocated (docs/PERFORMANCE.md, "The monitor's statements sent in chunks").
 */
public final class JsonBuffers {
  private JsonBuffers() {}

  /** {@code value} as {@code writer} writes it, in a buffer of about its size. */
  public static Buffer write(ObjectWriter writer, Object value) throws IOException {
    Filling out = new Filling();
    writer.writeValue(out, value);
    return out.buffer == null ? Buffer.buffer(0) : out.buffer;
  }

  /**
   * Appends to a buffer made at the first write, of that write's size: Jackson writes what fits in
   * its recycled 8,000 bytes once, when the value is written.
   */
  private static final class Filling extends OutputStream {
    private Buffer buffer;

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      if (buffer == null) {
        buffer = Buffer.buffer(length);
      }
      buffer.appendBytes(bytes, offset, length);
    }
  }
}
