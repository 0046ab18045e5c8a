package org.latamml.predictionlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.RecordComponent;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.latamml.features.FlightContext;
import org.latamml.prediction.KeptPrediction;
import org.latamml.prediction.Prediction;

/** A segment's bytes give back the entries encoded, whatever they hold. */
class LogSegmentTest {

  private static LoggedPrediction entry(
      long millis, String requestId, long flightId, String code, String number, double p) {
    return new LoggedPrediction(
        millis,
        requestId,
        "/v2/infer",
        flightId,
        code,
        "Aerolíneas Argentinas",
        number,
        LocalDateTime.of(2099, 12, 31, 23, 59, 58),
        "2.0.0-rc1",
        p,
        p > 0.5,
        flightId == 0,
        number == null,
        Long.MIN_VALUE + flightId,
        code == null ? null : "SAEZ",
        flightId % 2 == 0 ? "I" : "N",
        null);
  }

  @Test
  void decodesWhatItEncodedNullsUnicodeAndTimesOutOfOrderIncluded() {
    List<LoggedPrediction> entries =
        List.of(
            entry(1_764_000_000_123L, "caller-chosen.id_1", 68_206, "LAN", "730", 0.999),
            entry(1_764_000_000_100L, null, 0, null, null, 1e-9),
            entry(1_764_000_000_100L, "ñandú-ß", Long.MAX_VALUE, "ARG", "X1", 0.5),
            entry(0, "", 1, "LAN", "730", Double.MIN_VALUE));

    List<LoggedPrediction> decoded = new ArrayList<>();
    LogSegment.decode(LogSegment.encode(entries), decoded::add);

    assertThat(decoded).containsExactlyElementsOf(entries);
  }

  /** The entry as 2.0.0 would log it, having read {@code read} of other flights. */
  private static LoggedPrediction readByTheRichModel(LoggedPrediction plain, FlightContext read) {
    return new LoggedPrediction(
        plain.loggedAtMillis(),
        plain.requestId(),
        plain.route(),
        plain.flightId(),
        plain.airlineCode(),
        plain.airline(),
        plain.flightNumber(),
        plain.scheduledDeparture(),
        "2.0.0",
        plain.probability(),
        plain.delayed(),
        plain.shadow(),
        plain.fallback(),
        plain.inputDigest(),
        "SCFA",
        "N",
        read);
  }

  @Test
  void keepsWhatTheModelReadOfOtherFlightsAsTheFloatsItRead() {
    LoggedPrediction plain = entry(1, "r", 7, "LAN", "730", 0.3);
    FlightContext read =
        new FlightContext(12, 0, 0.1, -12.25, 1.0 / 3, 0, 250, 0.3, 8.5, 0.2, 0.25, 0.125, 0.75);
    LoggedPrediction rich = readByTheRichModel(plain, read);

    List<LoggedPrediction> decoded = new ArrayList<>();
    LogSegment.decode(LogSegment.encode(List.of(rich, plain)), decoded::add);

    FlightContext kept = decoded.get(0).context();
    assertThat(kept.scheduledSameHour()).isEqualTo(12);
    assertThat(kept.scheduledAround()).isEqualTo(250);
    assertThat(kept.delayRateBefore()).isEqualTo((float) 0.1);
    assertThat(kept.meanDelayBefore()).isEqualTo(-12.25);
    assertThat(kept.delayRateToday()).isEqualTo((float) (1.0 / 3));
    assertThat(kept.delayRateDay()).isEqualTo((float) 0.3);
    assertThat(kept.meanDelayDay()).isEqualTo(8.5);
    assertThat(kept.delayRateWeek()).isEqualTo((float) 0.2);
    assertThat(kept.airlineDelayRateWeek()).isEqualTo(0.25);
    assertThat(kept.destinationDelayRateWeek()).isEqualTo(0.125);
    assertThat(kept.flightDelayRate4Weeks()).isEqualTo(0.75);
    assertThat(decoded.get(0).destination()).isEqualTo("SCFA");
    assertThat(decoded.get(1)).isEqualTo(plain);
  }

  @Test
  void logsAKeptPredictionAnsweredAgainWithTheBytesOfItsFirstAnswer() {
    FlightContext read =
        new FlightContext(
            3, 17, 1.0 / 3, -7.0 / 3, 0.1, 2.0 / 7, 41, 0.7, 1e-3, 0.123456789, 0.9, 1.0, 0.0);
    Prediction first = new Prediction(0.1234567891234, false, "2.0.0", null, null, 42L, read);
    Prediction again = KeptPrediction.of(first).prediction();
    LoggedPrediction plain = entry(1_764_000_000_123L, "r", 7, "LAN", "730", first.probability());

    assertThat(again.context()).isNotEqualTo(read);
    assertThat(LogSegment.encode(List.of(readByTheRichModel(plain, again.context()))))
        .isEqualTo(LogSegment.encode(List.of(readByTheRichModel(plain, read))));
  }

  /** {@code entry} with its component {@code name} set to {@code value}. */
  private static LoggedPrediction with(LoggedPrediction entry, String name, Object value) {
    RecordComponent[] components = LoggedPrediction.class.getRecordComponents();
    Object[] values = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    try {
      for (int i = 0; i < components.length; i++) {
        types[i] = components[i].getType();
        values[i] =
            components[i].getName().equals(name)
                ? value
                : components[i].getAccessor().invoke(entry);
      }
      return LoggedPrediction.class.getDeclaredConstructor(types).newInstance(values);
    } catch (ReflectiveOperationException e) {
      throw new LinkageError(e.getMessage(), e);
    }
  }

  /** {@code entry} made again at {@code millis} by request {@code requestId}. */
  private static LoggedPrediction again(LoggedPrediction entry, long millis, String requestId) {
    return with(with(entry, "loggedAtMillis", millis), "requestId", requestId);
  }

  // What the golden segments' rich entry read (0.3 and 0.2 come back as the floats nearest them).
  private static final FlightContext READ =
      new FlightContext(12, 3, 0.5, 4, 0.25, 1, 20, 0.3, 8, 0.2, 0.25, 0.5, 1);
  // What comes back from floats as it went in.
  private static final FlightContext READ_AS_FLOATS =
      new FlightContext(12, 3, 0.5, 4, 0.25, 1, 20, 0.375, 8, 0.125, 0.25, 0.5, 1);

  private static final HexFormat HEX = HexFormat.of();

  // Written by the build before format 4 (LogSegment.encode at ceda9ec): the rich entry of
  // readsSegmentsOfFormatThree, alone, and the whole list; the entry without inputs of
  // readsSegmentsWrittenBeforeTheModelsInputsWereLogged.
  private static final String FORMAT_THREE_RICH =
      "030102010001720100092f76322f696e666572070300034c414e0500164165726f6cc3ad6e65617320417267"
          + "656e74696e6173070003373330fcdbb2c81e090005322e302e303fd33333333333330880000000000000070b"
          + "0004534346410d00014e0c03143f000000408000003e8000003f8000003e99999a410000003e4ccccd3e80000"
          + "03f0000003f800000";
  private static final String FORMAT_THREE_MIXED =
      "0305f6a1bfe9d666020123456789abcdef0123456789abcdef0100092f76322f696e666572ee94040300034c41"
          + "4e0500164165726f6cc3ad6e65617320417267656e74696e6173070003373330fcdbb2c81e090009322e302e"
          + "302d7263313feff7ced916872b018000000000010a6e0b00045341455a0d0001492d000200000600fcdbb2c8"
          + "1e0a3e112e0be826d695068000000000000000000ec5a1bfe9d666010001720207040608fcdbb2c81e0f000532"
          + "2e302e303fd3333333333333088000000000000007110004534346411300014e0c03143f000000408000003e8"
          + "000003f8000003e99999a410000003e4ccccd3e8000003f0000003f800000c6a1bfe9d66601000ac3b1616e64"
          + "c3ba2dc39f02ffffffffffffffff7f150003415247061700025831fcdbb2c81e0a3fe000000000000000ffff"
          + "ffffffffffff0c14c7a1bfe9d6660100000201040608fcdbb2c81e0a00000000000000010080000000000000"
          + "010c14";
  private static final String FORMAT_THREE_WITHOUT_INPUTS =
      "03010a010001720100092f76322f696e666572090300034c414e0500164165726f6cc3ad6e65617320417267"
          + "656e74696e6173070003373330fcdbb2c81e090009322e302e302d7263313fe66666666666660180000000000"
          + "000090000";

  @Test
  void readsSegmentsOfFormatThreeWrittenBeforeRequestsWereWrittenOnce() {
    LoggedPrediction rich = readByTheRichModel(entry(1, "r", 7, "LAN", "730", 0.3), READ);
    List<LoggedPrediction> written =
        List.of(
            entry(
                1_764_000_000_123L,
                "0123456789abcdef0123456789abcdef",
                68_206,
                "LAN",
                "730",
                0.999),
            entry(1_764_000_000_100L, null, 0, null, null, 1e-9),
            rich,
            entry(1_764_000_000_100L, "ñandú-ß", Long.MAX_VALUE, "ARG", "X1", 0.5),
            entry(0, "", 1, "LAN", "730", Double.MIN_VALUE));

    List<LoggedPrediction> decoded = new ArrayList<>();
    LogSegment.decode(HEX.parseHex(FORMAT_THREE_MIXED), decoded::add);

    assertThat(decoded).hasSize(5);
    assertThat(decoded.subList(0, 2)).isEqualTo(written.subList(0, 2));
    assertThat(decoded.subList(3, 5)).isEqualTo(written.subList(3, 5));
    // As the model reads them: floats.
    assertThat(decoded.get(2).context().delayRateWeek()).isEqualTo((float) 0.2);
    assertThat(with(decoded.get(2), "context", READ)).isEqualTo(rich);
  }

  @Test
  void readsSegmentsWrittenBeforeTheLongerRecordsWereLoggedWithoutAContextRatherThanZeros() {
    LoggedPrediction rich = readByTheRichModel(entry(1, "r", 7, "LAN", "730", 0.3), READ);
    byte[] formatThree = HEX.parseHex(FORMAT_THREE_RICH);
    // Format 2 is format 3 without the six trailing floats of each context.
    byte[] formatTwo = Arrays.copyOf(formatThree, formatThree.length - 6 * Float.BYTES);
    formatTwo[0] = 2;

    List<LoggedPrediction> decoded = new ArrayList<>();
    LogSegment.decode(formatTwo, decoded::add);

    assertThat(decoded).containsExactly(with(rich, "context", null));
  }

  @Test
  void readsSegmentsWrittenBeforeTheModelsInputsWereLogged() {
    LoggedPrediction logged = entry(5, "r", 9, "LAN", "730", 0.7);
    LoggedPrediction withoutInputs = with(with(logged, "destination", null), "flightType", null);
    byte[] formatThree = HEX.parseHex(FORMAT_THREE_WITHOUT_INPUTS);
    // Format 1 is format 3 without the two trailing texts (each null: one zero byte), and without
    // a context, format 2's records.
    byte[] formatOne = Arrays.copyOf(formatThree, formatThree.length - 2);
    formatOne[0] = 1;

    List<LoggedPrediction> decoded = new ArrayList<>();
    LogSegment.decode(formatOne, decoded::add);
    List<LoggedPrediction> asThree = new ArrayList<>();
    LogSegment.decode(formatThree, asThree::add);

    assertThat(decoded).containsExactly(withoutInputs);
    assertThat(asThree).containsExactly(withoutInputs);
  }

  @Test
  void writesABatchSentAgainAsItsRequestAndReferencesToItsFirstPredictions() {
    String id = "0123456789abcdef0123456789abcdef";
    List<LoggedPrediction> batch = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      batch.add(
          readByTheRichModel(entry(1_000, id, i + 1, "LAN", "7" + i, i / 100.0), READ_AS_FLOATS));
    }
    List<LoggedPrediction> entries = new ArrayList<>(batch);
    for (int request = 1; request < 100; request++) {
      String next = HEX.toHexDigits((long) request) + HEX.toHexDigits(7L * request);
      for (LoggedPrediction first : batch) {
        entries.add(again(first, 1_000 + request, next));
      }
    }

    byte[] segment = LogSegment.encode(entries);
    List<LoggedPrediction> decoded = new ArrayList<>();
    LogSegment.decode(segment, decoded::add);

    assertThat(decoded).containsExactlyElementsOf(entries);
    // The batch whole once (under 100 bytes a prediction, with its texts); then, for each request
    // sent again, its time, id and route (under 20 bytes) and at most three bytes a prediction,
    // each
    // a reference to the request before's at its place. Compared with remembered bytes alone, the
    // second request was written whole again: its predictions' first bytes had defined the texts.
    assertThat(segment.length).isLessThan(100 * 100 + 99 * (20 + 100 * 3));
  }

  /** Each field of {@code first} but its time and request, changed: the field and its value. */
  private static Object[][] oneFieldChanged(LoggedPrediction first) {
    return new Object[][] {
      {"route", "/v1/predictions"},
      {"flightId", 8L},
      {"airlineCode", "ARG"},
      {"airline", "Sky Airline"},
      {"flightNumber", "731"},
      {"scheduledDeparture", first.scheduledDeparture().plusMinutes(1)},
      {"modelVersion", "2.0.1"},
      {"probability", Math.nextUp(first.probability())},
      {"delayed", !first.delayed()},
      {"shadow", !first.shadow()},
      {"fallback", !first.fallback()},
      {"inputDigest", first.inputDigest() + 1},
      {"destination", "SCIE"},
      {"flightType", "I"},
      {"context", null},
      {"context", new FlightContext(12, 3, 0.5, 4, 0.25, 1, 20, 0.375, 8, 0.125, 0.25, 0.5, 0.75)},
    };
  }

  @Test
  void refersOnlyToAPredictionTheSameInEveryFieldButItsTimeAndRequest() {
    LoggedPrediction first =
        readByTheRichModel(entry(1, "r", 7, "LAN", "730", 0.3), READ_AS_FLOATS);
    List<LoggedPrediction> entries = new ArrayList<>(List.of(first));
    Object[][] changes = oneFieldChanged(first);
    for (int i = 0; i < changes.length; i++) {
      LoggedPrediction changed = with(first, (String) changes[i][0], changes[i][1]);
      entries.add(again(changed, 2 + i, "r" + i));
    }
    entries.add(again(first, 100, "last"));

    List<LoggedPrediction> decoded = new ArrayList<>();
    LogSegment.decode(LogSegment.encode(entries), decoded::add);

    assertThat(decoded).containsExactlyElementsOf(entries);
  }

  @Test
  void refersToTheRequestBeforesPredictionOnlyWhereItIsTheSameInEveryField() {
    LoggedPrediction first =
        readByTheRichModel(entry(1, "r", 7, "LAN", "730", 0.3), READ_AS_FLOATS);
    LoggedPrediction other = readByTheRichModel(entry(1, "r", 9, "ARG", "12", 0.6), READ_AS_FLOATS);
    List<LoggedPrediction> entries = new ArrayList<>(List.of(first, other));
    Object[][] changes = oneFieldChanged(first);
    // Each request, the first and the other prediction again, each the request before's at its
    // place; then a request whose first prediction differs from the one before by one field.
    for (int i = 0; i < changes.length; i++) {
      entries.add(again(first, 10 + 2 * i, "same" + i));
      entries.add(again(other, 10 + 2 * i, "same" + i));
      entries.add(again(with(first, (String) changes[i][0], changes[i][1]), 11 + 2 * i, "one" + i));
      entries.add(again(other, 11 + 2 * i, "one" + i));
    }

    byte[] segment = LogSegment.encode(entries);
    List<LoggedPrediction> decoded = new ArrayList<>();
    LogSegment.decode(segment, decoded::add);

    assertThat(decoded).containsExactlyElementsOf(entries);
  }

  @Test
  void writesANewRequestWhenItsTimeOrRouteChangesAndKeepsAnyIdAndTime() {
    LoggedPrediction first = entry(1, "r", 7, "LAN", "730", 0.3);
    List<LoggedPrediction> entries =
        List.of(
            first,
            again(first, 2, "r"),
            with(again(first, 2, "r"), "route", "/predict"),
            again(first, 2, "s"),
            again(with(first, "flightId", -1L), 1L << 62, "s"),
            again(with(first, "flightId", -1L), Long.MIN_VALUE, "s"),
            again(with(first, "flightId", Long.MIN_VALUE), Long.MAX_VALUE, "t"),
            again(with(first, "flightId", Long.MIN_VALUE), Long.MAX_VALUE, "t"));

    List<LoggedPrediction> decoded = new ArrayList<>();
    LogSegment.decode(LogSegment.encode(entries), decoded::add);

    assertThat(decoded).containsExactlyElementsOf(entries);
  }

  @Test
  void remembersTheFirstThousandPredictionsAndWritesTheRestWhole() {
    List<LoggedPrediction> once = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      once.add(entry(1, "once", i + 1, "LAN", "730", 0.25));
    }
    List<LoggedPrediction> entries = new ArrayList<>(once);
    for (LoggedPrediction each : once.reversed()) {
      entries.add(again(each, 2, "twice"));
    }

    byte[] onceSegment = LogSegment.encode(once);
    byte[] segment = LogSegment.encode(entries);
    List<LoggedPrediction> decoded = new ArrayList<>();
    LogSegment.decode(segment, decoded::add);

    assertThat(decoded).containsExactlyElementsOf(entries);
    // Past the builder's first room (64 KiB); about 1,000 of the second 3,000 as references of a
    // few bytes, the other 2,000 whole.
    assertThat(onceSegment.length).isGreaterThan(64 * 1024);
    int wholeBytes = onceSegment.length / once.size();
    assertThat(segment.length - onceSegment.length)
        .isBetween(2_000 * wholeBytes, 2_000 * wholeBytes + 1_000 * 4);
  }

  @Test
  void aClearedBuilderWritesItsNextSegmentAfresh() {
    LogSegment.Builder builder = new LogSegment.Builder();
    List<LoggedPrediction> first = new ArrayList<>();
    List<LoggedPrediction> second = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      LoggedPrediction made = entry(10, "a", i + 1, "LAN", "730", 0.1 * i);
      first.addAll(List.of(made, again(made, 11, "b"), again(made, 12, "c")));
      LoggedPrediction other = entry(20, "d", i + 100, "ARG", "X1", 0.2 * i);
      second.addAll(List.of(other, again(other, 21, "e"), again(other, 22, "f")));
    }
    first.forEach(builder::append);
    byte[] firstSegment = builder.toSegment();
    builder.clear();
    second.forEach(builder::append);

    List<LoggedPrediction> decoded = new ArrayList<>();
    LogSegment.decode(builder.toSegment(), decoded::add);
    List<LoggedPrediction> decodedFirst = new ArrayList<>();
    LogSegment.decode(firstSegment, decodedFirst::add);

    assertThat(decodedFirst).containsExactlyElementsOf(first);
    assertThat(decoded).containsExactlyElementsOf(second);
    assertThat(builder.toSegment()).isEqualTo(LogSegment.encode(second));
  }

  @Test
  void aClearedBuilderRefersToNoRequestOfItsSegmentBefore() {
    LogSegment.Builder builder = new LogSegment.Builder();
    LoggedPrediction a = entry(10, "a", 1, "LAN", "730", 0.1);
    LoggedPrediction b = entry(10, "a", 2, "LAN", "731", 0.2);
    builder.append(a);
    builder.append(b);
    builder.clear();
    // The same batch again, first in the next segment: written whole, not as references.
    List<LoggedPrediction> next = List.of(again(a, 11, "b"), again(b, 11, "b"));
    next.forEach(builder::append);

    List<LoggedPrediction> decoded = new ArrayList<>();
    LogSegment.decode(builder.toSegment(), decoded::add);

    assertThat(decoded).containsExactlyElementsOf(next);
  }

  @Test
  void handsOnOnlyTheWantedPredictionsAndTheEntriesThatRepeatThem() {
    LoggedPrediction named = entry(1, "r", 7, "LAN", "730", 0.3);
    LoggedPrediction unnamed = entry(1, "r", 0, null, null, 0.6);
    List<LoggedPrediction> entries =
        List.of(
            named,
            unnamed,
            again(named, 2, "s"),
            again(unnamed, 2, "s"),
            again(named, 3, "t"),
            again(unnamed, 3, "t"));
    byte[] segment = LogSegment.encode(entries);
    List<LoggedPrediction> asked = new ArrayList<>();

    List<LoggedPrediction> decoded = new ArrayList<>();
    LogSegment.decode(
        segment,
        entry -> {
          asked.add(entry);
          return entry.namesAFlight();
        },
        decoded::add);

    assertThat(decoded).containsExactly(entries.get(0), entries.get(2), entries.get(4));
    // Asked once for each prediction written whole, not for each entry repeating it.
    assertThat(asked).containsExactly(named, unnamed);
  }

  @Test
  void refusesEverySegmentCutShortWithoutReadingPastItsBytes() {
    FlightContext context = new FlightContext(12, 3, 0.5, 4, 0.25, 1, 20, 0.375, 8, 0.125, 1, 1, 1);
    LoggedPrediction rich = readByTheRichModel(entry(1, "ñandú", 7, "LAN", "730", 0.3), context);
    byte[] segment =
        LogSegment.encode(List.of(rich, again(rich, 2, "0123456789abcdef0123456789abcdef"), rich));

    for (int length = 0; length < segment.length; length++) {
      byte[] cut = Arrays.copyOf(segment, length);

      assertThatThrownBy(() -> LogSegment.decode(cut, e -> {}))
          .as("cut at %d of %d bytes", length, segment.length)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void asksTheFilterOfEachEntryOfASegmentOfFormatThree() {
    List<LoggedPrediction> all = new ArrayList<>();
    LogSegment.decode(HEX.parseHex(FORMAT_THREE_MIXED), all::add);

    List<LoggedPrediction> named = new ArrayList<>();
    long count =
        LogSegment.decode(
            HEX.parseHex(FORMAT_THREE_MIXED), LoggedPrediction::namesAFlight, named::add);

    assertThat(count).isEqualTo(5);
    assertThat(named).isEqualTo(all.stream().filter(LoggedPrediction::namesAFlight).toList());
    assertThat(named).hasSize(4);
  }

  @Test
  void readsBackTextsOfEveryKindOfCharacter() {
    List<LoggedPrediction> entries =
        List.of(
            entry(1, "plain-id.42", 7, "LAN", "730", 0.3),
            entry(2, "nul\u0000inside", 8, "L\u0000N", "7\u00003", 0.3),
            entry(3, "日本-ñandú-€-\uD83D\uDE80", 9, "ÑÑ", "٣٤", 0.3));

    List<LoggedPrediction> decoded = new ArrayList<>();
    LogSegment.decode(LogSegment.encode(entries), decoded::add);

    assertThat(decoded).containsExactlyElementsOf(entries);
  }

  @Test
  void refusesASegmentWithBytesPastItsEntries() {
    byte[] segment = LogSegment.encode(List.of(entry(1, "r", 7, "LAN", "730", 0.3)));
    byte[] longer = Arrays.copyOf(segment, segment.length + 1);

    assertThatThrownBy(() -> LogSegment.decode(longer, e -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bytes past its entries");
  }

  @Test
  void refusesAMalformedTextAndAnOverlongNumber() {
    byte[] segment = LogSegment.encode(List.of(entry(1, "r", 7, "LAN", "730", 0.3)));
    // The route's text, after the format, the count, the head and the request id ("r"): its code,
    // its length in two bytes, then its first character, made a byte no UTF-8 text holds.
    int routeFirstCharacter = 1 + 1 + 1 + 1 + 2 + 1 + 1 + 2;
    assertThat(segment[routeFirstCharacter]).isEqualTo((byte) '/');
    byte[] malformed = segment.clone();
    malformed[routeFirstCharacter] = (byte) 0xFF;
    byte[] overlong = {
      4,
      (byte) 0x80,
      (byte) 0x80,
      (byte) 0x80,
      (byte) 0x80,
      (byte) 0x80,
      (byte) 0x80,
      (byte) 0x80,
      (byte) 0x80,
      (byte) 0x80,
      (byte) 0x80,
      1
    };

    assertThatThrownBy(() -> LogSegment.decode(malformed, e -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("malformed");
    assertThatThrownBy(() -> LogSegment.decode(overlong, e -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("overlong");
  }

  @Test
  void refusesAReferenceToAPredictionNotWrittenBeforeIt() {
    LoggedPrediction first = entry(1, "r", 7, "LAN", "730", 0.3);
    // The first is written with its texts, the second whole with references to them, the third as
    // a reference to the second: prediction 1, written 1 * 2 + 1, its last byte.
    byte[] segment = LogSegment.encode(List.of(first, again(first, 1, "r"), again(first, 1, "r")));
    assertThat(segment[segment.length - 1]).isEqualTo((byte) 3);
    segment[segment.length - 1] = 5;

    assertThatThrownBy(() -> LogSegment.decode(segment, e -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown entry");
  }

  @Test
  void refusesASegmentWhoseFirstEntryNamesNoRequest() {
    byte[] segment = LogSegment.encode(List.of(entry(1, "r", 7, "LAN", "730", 0.3)));
    // After the format and the count (one byte each), the first entry's head.
    for (byte head : new byte[] {0, 2}) {
      segment[2] = head;

      assertThatThrownBy(() -> LogSegment.decode(segment, e -> {}))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no request");
    }
  }

  @Test
  void repeatedTextsAreWrittenOnce() {
    List<LoggedPrediction> many = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      many.add(entry(1_764_000_000_000L + i, "r" + i, i + 1, "LAN", "730", 0.25));
    }

    byte[] segment = LogSegment.encode(many);

    assertThat(segment.length).isLessThan(1_000 * 40);
  }

  @Test
  void anEntryWithTheServicesRequestIdTakesUnderFiftyBytesAndUnderAHundredWithAContext() {
    java.util.HexFormat hex = java.util.HexFormat.of();
    FlightContext context =
        new FlightContext(12, 17, 0.2, 14.5, 0.25, 0.5, 31, 0.3, 9.5, 0.2, 0.25, 0.125, 0.5);
    List<LoggedPrediction> plain = new ArrayList<>();
    List<LoggedPrediction> rich = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      LoggedPrediction e =
          entry(1_764_000_000_000L + i * 3L, hex.formatHex(new byte[16]), i + 1, "LAN", "730", 0.3);
      plain.add(e);
      rich.add(
          new LoggedPrediction(
              e.loggedAtMillis(),
              hex.toHexDigits((long) i) + hex.toHexDigits(7L * i),
              "/predict-flight",
              e.flightId(),
              e.airlineCode(),
              e.airline(),
              Integer.toString(100 + i % 900),
              e.scheduledDeparture(),
              "2.0.0",
              0.1 + i / 10_000.0,
              false,
              false,
              false,
              e.inputDigest(),
              "SCFA",
              "N",
              context));
    }

    assertThat(LogSegment.encode(plain).length).isLessThan(1_000 * 50);
    assertThat(LogSegment.encode(rich).length).isLessThan(1_000 * 100);
  }

  @Test
  void keepsTheServicesRequestIdsAsBytesAndAnyOtherIdAsGiven() {
    String made = "0123456789abcdef0123456789abcdef";
    List<LoggedPrediction> entries =
        List.of(
            entry(1, made, 1, "LAN", "1", 0.1),
            entry(2, "0123456789ABCDEF0123456789ABCDEF", 1, "LAN", "1", 0.1),
            entry(3, "0123456789abcdef0123456789abcde", 1, "LAN", "1", 0.1),
            entry(4, "g123456789abcdef0123456789abcdef", 1, "LAN", "1", 0.1),
            entry(5, "0123456789abcdef0123456789abcde\u00e1", 1, "LAN", "1", 0.1),
            entry(6, "0123456789abcdef01234567\u20ac9abcdef", 1, "LAN", "1", 0.1),
            entry(7, made, 1, "LAN", "1", 0.1));

    List<LoggedPrediction> decoded = new ArrayList<>();
    LogSegment.decode(LogSegment.encode(entries), decoded::add);

    assertThat(decoded).containsExactlyElementsOf(entries);
    // Its 16 bytes and their code against a text's code, length and 32 characters.
    assertThat(
            LogSegment.encode(List.of(entry(1, made.toUpperCase(Locale.ROOT), 1, "LAN", "1", 0.1)))
                    .length
                - LogSegment.encode(List.of(entry(1, made, 1, "LAN", "1", 0.1))).length)
        .isEqualTo(35 - 17);
  }

  @Test
  void cutsATextPastTwoHundredFiftySixCharacters() {
    String longId = "é".repeat(300);

    List<LoggedPrediction> decoded = new ArrayList<>();
    LogSegment.decode(
        LogSegment.encode(List.of(entry(1, longId, 1, "LAN", "1", 0.1))), decoded::add);

    assertThat(decoded.get(0).requestId()).isEqualTo("é".repeat(256));
  }

  @Test
  void refusesBytesThatAreNoSegment() {
    byte[] segment = LogSegment.encode(List.of(entry(1, "r", 1, "LAN", "1", 0.1)));

    assertThatThrownBy(() -> LogSegment.decode(Arrays.copyOf(segment, segment.length - 3), e -> {}))
        .isInstanceOf(IllegalArgumentException.class);
    segment[0] = 9;
    assertThatThrownBy(() -> LogSegment.decode(segment, e -> {}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
