package org.latamml.predictionlog;

import java.io.DataInputStream;
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
import org.latamml.features.FlightContext;

/**
 * A batch of logged predictions as one value of the store: entries in the order they were made,
 * each under 50 bytes (under 100 with a rich model's context), the texts they repeat (routes,
 * airlines, versions, destinations) written once per batch. The log stores a batch as one row
 * rather than each prediction as one: a row costs the store far more than its bytes
 * (docs/PERFORMANCE.md, "The prediction log").
 */
final class LogSegment {
  // Format 2 adds what the model read: the destination, the type and the context; format 3 the
  // context's records of the last day, week and four weeks.
  private static final int FORMAT = 3;
  private static final int FORMAT_WITHOUT_RECORDS = 2;
  private static final int FORMAT_WITHOUT_INPUTS = 1;
  private static final int DELAYED = 1;
  private static final int SHADOW = 2;
  private static final int FALLBACK = 4;
  private static final int CONTEXT = 8;
  private static final int MAX_TEXT = 256;
  // A request id's code for the 16 bytes of an id the service made; a text's codes are odd. Under
  // 128, it is its own one-byte variable-length number.
  private static final long HEX_ID = 2;

  private LogSegment() {}

  /** The entries as one segment's bytes. */
  static byte[] encode(List<LoggedPrediction> entries) {
    Builder builder = new Builder();
    entries.forEach(builder::append);
    return builder.toSegment();
  }

  /**
   * A segment being written: each entry is encoded as it comes, so that a prediction waiting to be
   * logged is a few bytes in one array rather than objects the collector must keep and move
   * (docs/PERFORMANCE.md, "The prediction log"). Not thread-safe.
   */
  static final class Builder {
    private static final int FIRST_CAPACITY = 64 * 1024;
    private byte[] bytes = new byte[FIRST_CAPACITY];
    private int size;
    private int entries;
    private long firstMillis;
    private long lastMillis;
    private long previousMillis;
    private final Map<String, Integer> texts = new HashMap<>();

    /** Encodes one more entry. */
    void append(LoggedPrediction entry) {
      long millis = entry.loggedAtMillis();
      if (entries == 0) {
        firstMillis = millis;
        lastMillis = millis;
      } else {
        firstMillis = Math.min(firstMillis, millis);
        lastMillis = Math.max(lastMillis, millis);
      }
      writeVarLong(zigzag(millis - previousMillis));
      previousMillis = millis;
      writeRequestId(entry.requestId());
      writeText(entry.route(), true);
      writeVarLong(entry.flightId());
      writeText(entry.airlineCode(), true);
      writeText(entry.airline(), true);
      writeText(entry.flightNumber(), true);
      writeVarLong(zigzag(entry.scheduledDeparture().toEpochSecond(ZoneOffset.UTC)));
      writeText(entry.modelVersion(), true);
      writeLong(Double.doubleToLongBits(entry.probability()));
      FlightContext context = entry.context();
      writeByte(
          (entry.delayed() ? DELAYED : 0)
              | (entry.shadow() ? SHADOW : 0)
              | (entry.fallback() ? FALLBACK : 0)
              | (context != null ? CONTEXT : 0));
      writeLong(entry.inputDigest());
      writeText(entry.destination(), true);
      writeText(entry.flightType(), true);
      if (context != null) {
        writeVarLong(context.scheduledSameHour());
        writeVarLong(context.departedBefore());
        writeVarLong(context.scheduledAround());
        // As the model reads them: floats.
        writeInt(Float.floatToIntBits((float) context.delayRateBefore()));
        writeInt(Float.floatToIntBits((float) context.meanDelayBefore()));
        writeInt(Float.floatToIntBits((float) context.delayRateToday()));
        writeInt(Float.floatToIntBits((float) context.airlineDelayRateBefore()));
        writeInt(Float.floatToIntBits((float) context.delayRateDay()));
        writeInt(Float.floatToIntBits((float) context.meanDelayDay()));
        writeInt(Float.floatToIntBits((float) context.delayRateWeek()));
        writeInt(Float.floatToIntBits((float) context.airlineDelayRateWeek()));
        writeInt(Float.floatToIntBits((float) context.destinationDelayRateWeek()));
        writeInt(Float.floatToIntBits((float) context.flightDelayRate4Weeks()));
      }
      entries++;
    }

    /** How many entries it holds. */
    int entries() {
      return entries;
    }

    /** The earliest of its entries' times, in milliseconds; meaningless while it holds none. */
    long firstMillis() {
      return firstMillis;
    }

    /** The latest of its entries' times, in milliseconds; meaningless while it holds none. */
    long lastMillis() {
      return lastMillis;
    }

    /** The segment's bytes: its format, its count, its entries. */
    byte[] toSegment() {
      byte[] count = new byte[10];
      int countSize = putVarLong(count, 0, entries);
      byte[] segment = new byte[1 + countSize + size];
      segment[0] = FORMAT;
      System.arraycopy(count, 0, segment, 1, countSize);
      System.arraycopy(bytes, 0, segment, 1 + countSize, size);
      return segment;
    }

    /** Forgets its entries, keeping its room for the next. */
    void clear() {
      size = 0;
      entries = 0;
      previousMillis = 0;
      texts.clear();
    }

    /**
     * A text: 0 for null; {@code 2k + 1} and the text for a text first seen here (kept as number k
     * when {@code shared}); {@code 2k + 2} for text number k. The text as {@link
     * java.io.DataOutputStream#writeUTF} writes it, which the reader reads back.
     */
    private void writeText(String text, boolean shared) {
      if (text == null) {
        writeVarLong(0);
        return;
      }
      Integer known = shared ? texts.get(text) : null;
      if (known != null) {
        writeVarLong(2L * known + 2);
        return;
      }
      int number = shared ? texts.size() : 0;
      writeVarLong(2L * number + 1);
      // The routes bound what they take; a text past this would be no flight's or version's.
      int length = Math.min(text.length(), MAX_TEXT);
      int utf = 0;
      for (int i = 0; i < length; i++) {
        char c = text.charAt(i);
        utf += c >= 0x0001 && c <= 0x007F ? 1 : c <= 0x07FF ? 2 : 3;
      }
      room(2 + utf);
      bytes[size++] = (byte) (utf >>> 8);
      bytes[size++] = (byte) utf;
      for (int i = 0; i < length; i++) {
        char c = text.charAt(i);
        if (c >= 0x0001 && c <= 0x007F) {
          bytes[size++] = (byte) c;
        } else if (c <= 0x07FF) {
          bytes[size++] = (byte) (0xC0 | ((c >> 6) & 0x1F));
          bytes[size++] = (byte) (0x80 | (c & 0x3F));
        } else {
          bytes[size++] = (byte) (0xE0 | ((c >> 12) & 0x0F));
          bytes[size++] = (byte) (0x80 | ((c >> 6) & 0x3F));
          bytes[size++] = (byte) (0x80 | (c & 0x3F));
        }
      }
      if (shared) {
        texts.put(text, number);
      }
    }

    /**
     * A request id: as a text, unless it is one the service made (32 lowercase hexadecimal digits,
     * {@code observability/RequestLog}), then code 2 and its 16 bytes: half the size. Read and
     * checked in one pass by {@link java.util.HexFormat}'s digits, where a check of every digit and
     * then {@code Character.digit} on each took more than half of an entry's encoding
     * (docs/PERFORMANCE.md, "The logs' costs on the event loops"); at a character that is no such
     * digit, the bytes written are taken back and the id is written as a text.
     */
    private void writeRequestId(String id) {
      if (id != null && id.length() == 32) {
        room(17);
        int start = size;
        bytes[size++] = (byte) HEX_ID;
        int bad = 0;
        for (int i = 0; i < 32; i += 2) {
          int high = nibble(id.charAt(i));
          int low = nibble(id.charAt(i + 1));
          bad |= high | low;
          bytes[size++] = (byte) ((high << 4) | low);
        }
        if (bad >= 0) {
          return;
        }
        size = start;
      }
      writeText(id, false);
    }

    /**
     * A lowercase hexadecimal digit's value; -1 for any other character. An upper-case id is kept
     * as a text: read back from bytes, it would come back in lower case.
     */
    private static int nibble(char c) {
      return java.util.HexFormat.isHexDigit(c) && !(c >= 'A' && c <= 'F')
          ? java.util.HexFormat.fromHexDigit(c)
          : -1;
    }

    private void writeVarLong(long value) {
      room(10);
      size += putVarLong(bytes, size, value);
    }

    private void writeLong(long value) {
      room(8);
      for (int shift = 56; shift >= 0; shift -= 8) {
        bytes[size++] = (byte) (value >>> shift);
      }
    }

    private void writeInt(int value) {
      room(4);
      for (int shift = 24; shift >= 0; shift -= 8) {
        bytes[size++] = (byte) (value >>> shift);
      }
    }

    private void writeByte(int value) {
      room(1);
      bytes[size++] = (byte) value;
    }

    private void room(int more) {
      if (size + more > bytes.length) {
        bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
      }
    }
  }

  /** Writes {@code value} as a variable-length number at {@code at}; returns the bytes written. */
  private static int putVarLong(byte[] into, int at, long value) {
    int i = at;
    long rest = value;
    while ((rest & ~0x7FL) != 0) {
      into[i++] = (byte) ((rest & 0x7F) | 0x80);
      rest >>>= 7;
    }
    into[i++] = (byte) rest;
    return i - at;
  }

  /**
   * Hands each entry of a segment to {@code each}, in order.
   *
   * @throws IllegalArgumentException when the bytes are not a segment this build writes
   */
  static void decode(byte[] segment, Consumer<LoggedPrediction> each) {
    if (segment.length == 0
        || (segment[0] != FORMAT
            && segment[0] != FORMAT_WITHOUT_RECORDS
            && segment[0] != FORMAT_WITHOUT_INPUTS)) {
      throw new IllegalArgumentException(
          "a prediction log segment of format " + (segment.length == 0 ? "none" : segment[0]));
    }
    boolean withInputs = segment[0] != FORMAT_WITHOUT_INPUTS;
    // Format 2's contexts lack the records this build's models read: read as no context known,
    // never as zeros a model did not read (the monitor would count them as inputs).
    boolean withRecords = segment[0] == FORMAT;
    List<String> texts = new ArrayList<>();
    try (DataInputStream in =
        new DataInputStream(new java.io.ByteArrayInputStream(segment, 1, segment.length - 1))) {
      long count = readVarLong(in);
      long time = 0;
      for (long i = 0; i < count; i++) {
        time += unzigzag(readVarLong(in));
        String requestId = readRequestId(in);
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
        String destination = withInputs ? readText(in, texts) : null;
        String type = withInputs ? readText(in, texts) : null;
        FlightContext context = null;
        if ((flags & CONTEXT) != 0) {
          int sameHour = (int) readVarLong(in);
          int departed = (int) readVarLong(in);
          int around = (int) readVarLong(in);
          double[] rates = new double[withRecords ? 10 : 4];
          for (int r = 0; r < rates.length; r++) {
            rates[r] = in.readFloat();
          }
          context =
              withRecords
                  ? new FlightContext(
                      sameHour, departed, rates[0], rates[1], rates[2], rates[3], around, rates[4],
                      rates[5], rates[6], rates[7], rates[8], rates[9])
                  : null;
        }
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
                digest,
                destination,
                type,
                context));
      }
      if (in.read() != -1) {
        throw new IllegalArgumentException("a prediction log segment with bytes past its entries");
      }
    } catch (EOFException e) {
      throw new IllegalArgumentException("a prediction log segment cut short", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String readRequestId(DataInputStream in) throws IOException {
    long code = readVarLong(in);
    if (code != HEX_ID) {
      return readText(code, in, null);
    }
    byte[] id = new byte[16];
    in.readFully(id);
    return java.util.HexFormat.of().formatHex(id);
  }

  private static String readText(DataInputStream in, List<String> texts) throws IOException {
    return readText(readVarLong(in), in, texts);
  }

  private static String readText(long code, DataInputStream in, List<String> texts)
      throws IOException {
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
