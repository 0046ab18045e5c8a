package org.latamml.app;

import com.fasterxml.jackson.databind.ObjectWriter;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.OutputStream;

/**
 * JSON written by Jackson straight into the buffer a route answers with: {@code
 * Buffer.buffer(writer.writeValueAsBytes(value))} makes the bytes three times (Jackson's builder,
 * its copy into an array, the buffer's copy): 1.5-5.5 % of what a {@code predict-flight} request
 * allocated (docs/PERFORMANCE.md, "Answers written once").
 */
public final class JsonBuffers {
  private JsonBuffers() {}

  /**
   * {@code value} as {@code writer} writes it: in a buffer of its size up to Jackson's 8,000 bytes;
   * a longer one (a batch's answer) grows the buffer by doubling as Jackson writes each 8,000.
   */
  public static Buffer write(ObjectWriter writer, Object value) throws IOException {
    Filling out = new Filling();
    writer.writeValue(out, value);
    return out.buffer == null ? Buffer.buffer(0) : out.buffer;
  }

  /**
   * Appends to a buffer made at the first write, of that write's size: Jackson writes its recycled
   * 8,000 bytes each time they fill, and what is left when the value is written.
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
