package org.latamml.predictionlog;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A batch of logged predictions as one value of the store: entries in the order they were made,
 * each about 40 bytes, the texts they repeat (routes, airlines, versions) written once per batch.
 * The log stores a batch as one row rather than each prediction as one: a row costs the store far
 * more than its bytes (docs/PERFORMANCE.md, "The prediction log").
 */
final class LogSegment {
  private static final int FORMAT = 1;
  private static final int DELAYED = 1;
  private static final int SHADOW = 2;
  private static final int FALLBACK = 4;
  private static final int MAX_TEXT = 256;

  private LogSegment() {}

  /** The entries as one segment's bytes. */
  static byte[] encode(List<LoggedPrediction> entries) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(entries.size() * 48 + 64);
    DataOutputStream out = new DataOutputStream(bytes);
    Map<String, Integer> texts = new HashMap<>();
    try {
      out.writeByte(FORMAT);
      writeVarLong(out, entries.size());
      long previous = 0;
      for (LoggedPrediction entry : entries) {
        writeVarLong(out, zigzag(entry.loggedAtMillis() - previous));
        previous = entry.loggedAtMillis();
        writeText(out, entry.requestId(), null);
        writeText(out, entry.route(), texts);
        writeVarLong(out, entry.flightId());
        writeText(out, entry.airlineCode(), texts);
        writeText(out, entry.airline(), texts);
        writeText(out, entry.flightNumber(), texts);
        writeVarLong(out, zigzag(entry.scheduledDeparture().toEpochSecond(ZoneOffset.UTC)));
        writeText(out, entry.modelVersion(), texts);
        out.writeDouble(entry.probability());
        out.writeByte(
            (entry.delayed() ? DELAYED : 0)
                | (entry.shadow() ? SHADOW : 0)
                | (entry.fallback() ? FALLBACK : 0));
        out.writeLong(entry.inputDigest());
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("a byte array never fails to take bytes", e);
    }
    return bytes.toByteArray();
  }

  /**
   * Hands each entry of a segment to {@code each}, in order.
   *
   * @throws IllegalArgumentException when the bytes are not a segment this build writes
   */
  static void decode(byte[] segment, Consumer<LoggedPrediction> each) {
    DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(segment));
    List<String> texts = new ArrayList<>();
    try {
      int format = in.readUnsignedByte();
      if (format != FORMAT) {
        throw new IllegalArgumentException("a prediction log segment of format " + format);
      }
      long count = readVarLong(in);
      long time = 0;
      for (long i = 0; i < count; i++) {
        time += unzigzag(readVarLong(in));
        String requestId = readText(in, null);
        String route = readText(in, texts);
        long flightId = readVarLong(in);
        String airlineCode = readText(in, texts);
        String airline = readText(in, texts);
        String flightNumber = readText(in, texts);
        LocalDateTime scheduled =
            LocalDateTime.ofEpochSecond(unzigzag(readVarLong(in)), 0, ZoneOffset.UTC);
        String version = readText(in, texts);
        double probability = in.readDouble();
        int flags = in.readUnsignedByte();
        long digest = in.readLong();
        each.accept(
            new LoggedPrediction(
                time,
                requestId,
                route,
                flightId,
                airlineCode,
                airline,
                flightNumber,
                scheduled,
                version,
                probability,
                (flags & DELAYED) != 0,
                (flags & SHADOW) != 0,
                (flags & FALLBACK) != 0,
                digest));
      }
    } catch (EOFException e) {
      throw new IllegalArgumentException("a prediction log segment cut short", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A text: 0 for null; {@code 2k + 1} and the text for a text first seen here (kept as number k
   * when {@code texts} keeps them); {@code 2k + 2} for text number k.
   */
  private static void writeText(DataOutputStream out, String text, Map<String, Integer> texts)
      throws IOException {
    if (text == null) {
      writeVarLong(out, 0);
      return;
    }
    Integer known = texts == null ? null : texts.get(text);
    if (known != null) {
      writeVarLong(out, 2L * known + 2);
      return;
    }
    int number = texts == null ? 0 : texts.size();
    writeVarLong(out, 2L * number + 1);
    // The routes bound what they take; a text past this would be no flight's or version's.
    out.writeUTF(text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text);
    if (texts != null) {
      texts.put(text, number);
    }
  }

  private static String readText(DataInputStream in, List<String> texts) throws IOException {
    long code = readVarLong(in);
    if (code == 0) {
      return null;
    }
    if ((code & 1) == 1) {
      String text = in.readUTF();
      if (texts != null) {
        texts.add(text);
      }
      return text;
    }
    int number = (int) (code / 2 - 1);
    if (texts == null || number >= texts.size()) {
      throw new IllegalArgumentException("a prediction log segment names an unknown text");
    }
    return texts.get(number);
  }

  private static void writeVarLong(DataOutputStream out, long value) throws IOException {
    long rest = value;
    while ((rest & ~0x7FL) != 0) {
      out.writeByte((int) ((rest & 0x7F) | 0x80));
      rest >>>= 7;
    }
    out.writeByte((int) rest);
  }

  private static long readVarLong(DataInputStream in) throws IOException {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = in.readUnsignedByte();
      value |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new IllegalArgumentException("a prediction log segment holds an overlong number");
  }

  private static long zigzag(long value) {
    return (value << 1) ^ (value >> 63);
  }

  private static long unzigzag(long value) {
    return (value >>> 1) ^ -(value & 1);
  }
}
