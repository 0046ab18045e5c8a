package org.latamml.predictionlog;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.latamml.features.FlightContext;

/**
 * A batch of logged predictions as one value of the store: entries in the order they were made,
 * each under 50 bytes (under 100 with a rich model's context), the texts they repeat (routes,
 * airlines, versions, destinations) written once per batch, a request's time, id and route once for
 * all its flights, and a prediction made again with all the same fields (the same flight, model,
 * inputs and answer) a reference to an earlier one. The log stores a batch as one row rather than
 * each prediction as one: a row costs the store far more than its bytes (docs/PERFORMANCE.md, "The
 * prediction log").
 */
final class LogSegment {
  // Format 2 adds what the model read: the destination, the type and the context; format 3 the
  // context's records of the last day, week and four weeks; format 4 writes a request's fields once
  // and a prediction made again as a reference.
  private static final int FORMAT = 4;
  private static final int FORMAT_UNGROUPED = 3;
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
  // A format 4 entry begins with 0 when it is of the entry before's request, or with its time's
  // change (zigzagged) times two plus one when a new request's time, id and route follow; then with
  // its flight's id times two when the prediction's fields follow, or k times two plus one for the
  // same bytes as the segment's k-th prediction written whole. ESCAPE, which neither makes, stands
  // for a change or an id too large to double, written after it as it is.
  private static final long NEW_REQUEST = 1;
  private static final long REPEAT = 1;
  private static final long ESCAPE = -1;

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
    private static final int REMEMBERED = 1024;
    private byte[] bytes = new byte[FIRST_CAPACITY];
    private int size;
    private int entries;
    private long firstMillis;
    private long lastMillis;
    private long previousMillis;
    private final Map<String, Integer> texts = new HashMap<>();
    // The request the last entry belonged to: an entry of the same one writes none of it again.
    private String requestId;
    private String route;
    // Predictions written whole: how many, and where the first of them lie (their hashes, offsets
    // and lengths, found by open addressing), so that a prediction encoded to the same bytes is
    // written as a reference. Bytes, not objects: a prediction waiting to be written is still a few
    // bytes the collector never walks. Bounded: a load asking the same flights again (a day's
    // departures, a batch sent again) finds them among the first thousand.
    private int whole;
    private int rememberedCount;
    private final long[] rememberedHashes = new long[REMEMBERED];
    private final int[] rememberedOffsets = new int[REMEMBERED];
    private final int[] rememberedLengths = new int[REMEMBERED];
    private final int[] rememberedNumbers = new int[REMEMBERED];
    // Index + 1 into the remembered arrays, 0 for an empty slot.
    private final int[] slots = new int[2 * REMEMBERED];
    // Whether a text was written out since the last entry began: such bytes are no prediction's
    // bytes the next time, where the text is a reference.
    private boolean wroteText;
    // The entries of this request and of the one before it, each with the number of the prediction
    // written whole that it is or repeats. A batch sent again is mostly the same predictions in the
    // same order: compared field by field with the request before's, still in the caches, they are
    // found without being written whole and compared with remembered bytes long out of the caches
    // (docs/PERFORMANCE.md, "A batch sent again, compared with the request before"). Held only
    // while the segment is open: sealed, it forgets them (forgetRequests), and what waits is bytes.
    private LoggedPrediction[] previous = new LoggedPrediction[16];
    private int[] previousNumbers = new int[16];
    private int previousCount;
    private LoggedPrediction[] current = new LoggedPrediction[16];
    private int[] currentNumbers = new int[16];
    private int currentCount;

    /** Encodes one more entry. */
    void append(LoggedPrediction entry) {
      long millis = entry.loggedAtMillis();
      boolean sameRequest =
          entries > 0
              && millis == previousMillis
              && Objects.equals(entry.requestId(), requestId)
              && Objects.equals(entry.route(), route);
      if (entries == 0) {
        firstMillis = millis;
        lastMillis = millis;
      } else {
        firstMillis = Math.min(firstMillis, millis);
        lastMillis = Math.max(lastMillis, millis);
      }
      if (sameRequest) {
        writeByte(0);
      } else {
        long change = zigzag(millis - previousMillis);
        if (change >>> 62 == 0) {
          writeVarLong(change << 1 | NEW_REQUEST);
        } else {
          writeVarLong(ESCAPE);
          writeVarLong(change);
        }
        previousMillis = millis;
        requestId = entry.requestId();
        route = entry.route();
        writeRequestId(requestId);
        writeText(route, true);
        beginRequest();
      }
      int position = currentCount;
      if (position < previousCount && isSamePrediction(entry, previous[position])) {
        int number = previousNumbers[position];
        writeVarLong((long) number << 1 | REPEAT);
        keepInRequest(entry, number);
        entries++;
        return;
      }
      // Written whole, then taken back if the same bytes were written whole before.
      int start = size;
      wroteText = false;
      writeWhole(entry);
      long hash =
          (entry.inputDigest() * 0x9E3779B97F4A7C15L + entry.flightId())
              ^ Double.doubleToRawLongBits(entry.probability());
      int slot = slotOf(hash, start, size);
      int known = slots[slot];
      int number;
      if (known != 0) {
        size = start;
        number = rememberedNumbers[known - 1];
        writeVarLong((long) number << 1 | REPEAT);
      } else {
        number = whole;
        if (!wroteText && rememberedCount < REMEMBERED) {
          rememberedHashes[rememberedCount] = hash;
          rememberedOffsets[rememberedCount] = start;
          rememberedLengths[rememberedCount] = size - start;
          rememberedNumbers[rememberedCount] = whole;
          slots[slot] = ++rememberedCount;
        }
        whole++;
      }
      keepInRequest(entry, number);
      entries++;
    }

    /** Lets go of the requests' entries: a sealed segment takes no more, and holds bytes alone. */
    void forgetRequests() {
      Arrays.fill(previous, 0, previousCount, null);
      Arrays.fill(current, 0, currentCount, null);
      previousCount = 0;
      currentCount = 0;
    }

    /** This request's entries become the request before's. */
    private void beginRequest() {
      LoggedPrediction[] discarded = previous;
      int[] discardedNumbers = previousNumbers;
      // Not held past the request that replaced them.
      Arrays.fill(discarded, 0, previousCount, null);
      previous = current;
      previousNumbers = currentNumbers;
      previousCount = currentCount;
      current = discarded;
      currentNumbers = discardedNumbers;
      currentCount = 0;
    }

    private void keepInRequest(LoggedPrediction entry, int number) {
      if (currentCount == current.length) {
        current = Arrays.copyOf(current, currentCount * 2);
        currentNumbers = Arrays.copyOf(currentNumbers, currentCount * 2);
      }
      current[currentCount] = entry;
      currentNumbers[currentCount++] = number;
    }

    /**
     * Whether two predictions are written whole with the same bytes: every field {@link
     * #writeWhole} writes is equal (some more strictly than their bytes need).
     */
    private static boolean isSamePrediction(LoggedPrediction one, LoggedPrediction other) {
      return one.flightId() == other.flightId()
          && Double.doubleToRawLongBits(one.probability())
              == Double.doubleToRawLongBits(other.probability())
          && one.inputDigest() == other.inputDigest()
          && one.delayed() == other.delayed()
          && one.shadow() == other.shadow()
          && one.fallback() == other.fallback()
          && Objects.equals(one.modelVersion(), other.modelVersion())
          && Objects.equals(one.flightNumber(), other.flightNumber())
          && Objects.equals(one.airline(), other.airline())
          && Objects.equals(one.airlineCode(), other.airlineCode())
          && Objects.equals(one.scheduledDeparture(), other.scheduledDeparture())
          && Objects.equals(one.destination(), other.destination())
          && Objects.equals(one.flightType(), other.flightType())
          && Objects.equals(one.context(), other.context());
    }

    /**
     * The slot of the remembered prediction whose bytes are those from {@code start} to {@code
     * end}, or of the empty slot where they would be remembered.
     */
    private int slotOf(long hash, int start, int end) {
      int mask = slots.length - 1;
      int slot = (int) ((hash * 0x9E3779B97F4A7C15L) >>> 40) & mask;
      for (int known = slots[slot]; known != 0; known = slots[slot]) {
        int offset = rememberedOffsets[known - 1];
        if (rememberedHashes[known - 1] == hash
            && Arrays.equals(
                bytes, offset, offset + rememberedLengths[known - 1], bytes, start, end)) {
          return slot;
        }
        slot = (slot + 1) & mask;
      }
      return slot;
    }

    /** The prediction's own fields: all but its time and request; its flight's id first. */
    private void writeWhole(LoggedPrediction entry) {
      // The service's ids are never negative: doubled, they lose nothing.
      if (entry.flightId() >= 0) {
        writeVarLong(entry.flightId() << 1);
      } else {
        writeVarLong(ESCAPE);
        writeVarLong(entry.flightId());
      }
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
    }

    /** The bytes its entries take. */
    int size() {
      return size;
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
      requestId = null;
      route = null;
      whole = 0;
      if (rememberedCount > 0) {
        Arrays.fill(slots, 0);
        rememberedCount = 0;
      }
      forgetRequests();
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
      wroteText = true;
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
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
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
    decode(segment, entry -> true, each);
  }

  /**
   * Hands each entry of a segment that {@code wanted} takes to {@code each}, in order; how many
   * entries the segment holds, taken or not. {@code wanted} is asked of a prediction's own fields,
   * never its time or request: it is asked once for a prediction written whole and every entry that
   * repeats it, and those repeats of a refused one are read past without being made (the monitor
   * reads past the predictions that name no flight, which a batch route makes by the million,
   * docs/PERFORMANCE.md, "The monitor's reading").
   *
   * @throws IllegalArgumentException when the bytes are not a segment this build writes
   */
  static long decode(
      byte[] segment, Predicate<LoggedPrediction> wanted, Consumer<LoggedPrediction> each) {
    int format = segment.length == 0 ? -1 : segment[0] & 0xFF;
    if (format != FORMAT
        && format != FORMAT_UNGROUPED
        && format != FORMAT_WITHOUT_RECORDS
        && format != FORMAT_WITHOUT_INPUTS) {
      throw new IllegalArgumentException(
          "a prediction log segment of format " + (segment.length == 0 ? "none" : format));
    }
    List<String> texts = new ArrayList<>();
    try {
      SegmentReader in = new SegmentReader(segment, 1);
      long count = in.readVarLong();
      if (format == FORMAT) {
        decodeGrouped(in, count, texts, wanted, each);
      } else {
        long time = 0;
        for (long i = 0; i < count; i++) {
          time += unzigzag(in.readVarLong());
          String requestId = readRequestId(in);
          String route = readText(in, texts);
          LoggedPrediction entry =
              readWhole(in, texts, format, time, requestId, route, in.readVarLong());
          if (wanted.test(entry)) {
            each.accept(entry);
          }
        }
      }
      if (!in.isAtEnd()) {
        throw new IllegalArgumentException("a prediction log segment with bytes past its entries");
      }
      return count;
    } catch (EOFException e) {
      throw new IllegalArgumentException("a prediction log segment cut short", e);
    } catch (java.io.UTFDataFormatException | java.time.DateTimeException e) {
      throw new IllegalArgumentException("a prediction log segment with a malformed value", e);
    }
  }

  /**
   * Format 4's entries: each a new request's fields or none, then its prediction or a reference.
   */
  private static void decodeGrouped(
      SegmentReader in,
      long count,
      List<String> texts,
      Predicate<LoggedPrediction> wanted,
      Consumer<LoggedPrediction> each)
      throws EOFException, java.io.UTFDataFormatException {
    // The predictions written whole, each null where wanted refused it.
    List<LoggedPrediction> whole = new ArrayList<>();
    long time = 0;
    String requestId = null;
    String route = null;
    for (long i = 0; i < count; i++) {
      long head = in.readVarLong();
      if (head == ESCAPE || (head & NEW_REQUEST) != 0) {
        time += unzigzag(head == ESCAPE ? in.readVarLong() : head >>> 1);
        requestId = readRequestId(in);
        route = readText(in, texts);
      } else if (head != 0 || i == 0) {
        throw new IllegalArgumentException("a prediction log segment with an entry of no request");
      }
      long prediction = in.readVarLong();
      if (prediction == ESCAPE || (prediction & REPEAT) == 0) {
        long flightId = prediction == ESCAPE ? in.readVarLong() : prediction >>> 1;
        LoggedPrediction entry = readWhole(in, texts, FORMAT, time, requestId, route, flightId);
        boolean taken = wanted.test(entry);
        whole.add(taken ? entry : null);
        if (taken) {
          each.accept(entry);
        }
      } else if (prediction >>> 1 < whole.size()) {
        LoggedPrediction first = whole.get((int) (prediction >>> 1));
        if (first != null) {
          each.accept(madeAgain(first, time, requestId, route));
        }
      } else {
        throw new IllegalArgumentException("a prediction log segment repeats an unknown entry");
      }
    }
  }

  /**
   * A prediction's own fields after its flight's id, as {@code format} wrote them, made at {@code
   * time} by a request.
   */
  private static LoggedPrediction readWhole(
      SegmentReader in,
      List<String> texts,
      int format,
      long time,
      String requestId,
      String route,
      long flightId)
      throws EOFException, java.io.UTFDataFormatException {
    boolean withInputs = format != FORMAT_WITHOUT_INPUTS;
    // Format 2's contexts lack the records this build's models read: read as no context known,
    // never as zeros a model did not read (the monitor would count them as inputs).
    boolean withRecords = format >= FORMAT_UNGROUPED;
    String airlineCode = readText(in, texts);
    String airline = readText(in, texts);
    String flightNumber = readText(in, texts);
    LocalDateTime scheduled =
        LocalDateTime.ofEpochSecond(unzigzag(in.readVarLong()), 0, ZoneOffset.UTC);
    String version = readText(in, texts);
    double probability = Double.longBitsToDouble(in.readLong());
    int flags = in.readUnsignedByte();
    long digest = in.readLong();
    String destination = withInputs ? readText(in, texts) : null;
    String type = withInputs ? readText(in, texts) : null;
    FlightContext context = null;
    if ((flags & CONTEXT) != 0) {
      int sameHour = (int) in.readVarLong();
      int departed = (int) in.readVarLong();
      int around = (int) in.readVarLong();
      double[] rates = new double[withRecords ? 10 : 4];
      for (int r = 0; r < rates.length; r++) {
        rates[r] = Float.intBitsToFloat(in.readInt());
      }
      context =
          withRecords
              ? new FlightContext(
                  sameHour, departed, rates[0], rates[1], rates[2], rates[3], around, rates[4],
                  rates[5], rates[6], rates[7], rates[8], rates[9])
              : null;
    }
    return new LoggedPrediction(
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
        context);
  }

  /** {@code first} made again at {@code time} by another request. */
  private static LoggedPrediction madeAgain(
      LoggedPrediction first, long time, String requestId, String route) {
    return new LoggedPrediction(
        time,
        requestId,
        route,
        first.flightId(),
        first.airlineCode(),
        first.airline(),
        first.flightNumber(),
        first.scheduledDeparture(),
        first.modelVersion(),
        first.probability(),
        first.delayed(),
        first.shadow(),
        first.fallback(),
        first.inputDigest(),
        first.destination(),
        first.flightType(),
        first.context());
  }

  private static String readRequestId(SegmentReader in)
      throws EOFException, java.io.UTFDataFormatException {
    long code = in.readVarLong();
    if (code != HEX_ID) {
      return readText(code, in, null);
    }
    return in.readHex(16);
  }

  private static String readText(SegmentReader in, List<String> texts)
      throws EOFException, java.io.UTFDataFormatException {
    return readText(in.readVarLong(), in, texts);
  }

  private static String readText(long code, SegmentReader in, List<String> texts)
      throws EOFException, java.io.UTFDataFormatException {
    if (code == 0) {
      return null;
    }
    if ((code & 1) == 1) {
      String text = in.readUtf();
      if (texts != null) {
        texts.add(text);
      }
      return text;
    }
    long number = code / 2 - 1;
    if (texts == null || number < 0 || number >= texts.size()) {
      throw new IllegalArgumentException("a prediction log segment names an unknown text");
    }
    return texts.get((int) number);
  }

  /**
   * A segment's bytes read in order from an index into them. A {@link DataInputStream} over them
   * read each byte through a lock: the monitor spent most of its time there (docs/PERFORMANCE.md,
   * "The monitor's reading").
   */
  private static final class SegmentReader {
    private static final VarHandle LONGS =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INTS =
        MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private final byte[] bytes;
    private int at;

    SegmentReader(byte[] bytes, int at) {
      this.bytes = bytes;
      this.at = at;
    }

    boolean isAtEnd() {
      return at == bytes.length;
    }

    int readUnsignedByte() throws EOFException {
      need(1);
      return bytes[at++] & 0xFF;
    }

    long readLong() throws EOFException {
      need(8);
      long value = (long) LONGS.get(bytes, at);
      at += 8;
      return value;
    }

    int readInt() throws EOFException {
      need(4);
      int value = (int) INTS.get(bytes, at);
      at += 4;
      return value;
    }

    long readVarLong() throws EOFException {
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int b = readUnsignedByte();
        value |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return value;
        }
      }
      throw new IllegalArgumentException("a prediction log segment holds an overlong number");
    }

    /** {@code count} bytes as lowercase hexadecimal digits. */
    String readHex(int count) throws EOFException {
      need(count);
      String hex = java.util.HexFormat.of().formatHex(bytes, at, at + count);
      at += count;
      return hex;
    }

    /**
     * A text as {@link java.io.DataOutputStream#writeUTF} writes it: characters 1 to 127 as one
     * byte each, read here; any other read by {@link DataInputStream#readUTF}, its counterpart. A
     * caller's own request id is such a text in every request.
     */
    String readUtf() throws EOFException, java.io.UTFDataFormatException {
      need(2);
      int length = ((bytes[at] & 0xFF) << 8) | (bytes[at + 1] & 0xFF);
      need(2 + length);
      if (isPlainAscii(at + 2, length)) {
        String plain = new String(bytes, at + 2, length, StandardCharsets.ISO_8859_1);
        at += 2 + length;
        return plain;
      }
      String text;
      try (DataInputStream in =
          new DataInputStream(new ByteArrayInputStream(bytes, at, 2 + length))) {
        text = in.readUTF();
      } catch (java.io.UTFDataFormatException e) {
        throw e;
      } catch (IOException e) {
        // The bytes are all there: none is read from anywhere that could fail.
        throw new UncheckedIOException(e);
      }
      at += 2 + length;
      return text;
    }

    private boolean isPlainAscii(int from, int length) {
      for (int i = from; i < from + length; i++) {
        if (bytes[i] < 1) {
          return false;
        }
      }
      return true;
    }

    private void need(int count) throws EOFException {
      if (count > bytes.length - at) {
        throw new EOFException();
      }
    }
  }

  private static long zigzag(long value) {
    return (value << 1) ^ (value >> 63);
  }

  private static long unzigzag(long value) {
    return (value >>> 1) ^ -(value & 1);
  }
}
