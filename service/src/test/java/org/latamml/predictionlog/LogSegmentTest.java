package org.latamml.predictionlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
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

  @Test
  void readsSegmentsWrittenBeforeTheLongerRecordsWereLoggedWithoutAContextRatherThanZeros() {
    LoggedPrediction plain = entry(1, "r", 7, "LAN", "730", 0.3);
    FlightContext read = new FlightContext(12, 3, 0.5, 4, 0.25, 1, 20, 0.3, 8, 0.2, 0.25, 0.5, 1);
    LoggedPrediction rich = readByTheRichModel(plain, read);
    byte[] current = LogSegment.encode(List.of(rich));
    // Format 2 is format 3 without the six trailing floats of each context.
    byte[] formatTwo = Arrays.copyOf(current, current.length - 6 * Float.BYTES);
    formatTwo[0] = 2;

    List<LoggedPrediction> decoded = new ArrayList<>();
    LogSegment.decode(formatTwo, decoded::add);

    assertThat(decoded).hasSize(1);
    assertThat(decoded.get(0).context()).isNull();
    assertThat(decoded.get(0).destination()).isEqualTo("SCFA");
    assertThat(decoded.get(0).probability()).isEqualTo(rich.probability());
  }

  @Test
  void readsSegmentsWrittenBeforeTheModelsInputsWereLogged() {
    LoggedPrediction logged = entry(5, "r", 9, "LAN", "730", 0.7);
    LoggedPrediction withoutInputs =
        new LoggedPrediction(
            logged.loggedAtMillis(),
            logged.requestId(),
            logged.route(),
            logged.flightId(),
            logged.airlineCode(),
            logged.airline(),
            logged.flightNumber(),
            logged.scheduledDeparture(),
            logged.modelVersion(),
            logged.probability(),
            logged.delayed(),
            logged.shadow(),
            logged.fallback(),
            logged.inputDigest(),
            null,
            null,
            null);
    byte[] current = LogSegment.encode(List.of(withoutInputs));
    // Format 1 is format 3 without the two trailing texts (each null: one zero byte), and without
    // a context, format 2's records.
    byte[] formatOne = Arrays.copyOf(current, current.length - 2);
    formatOne[0] = 1;

    List<LoggedPrediction> decoded = new ArrayList<>();
    LogSegment.decode(formatOne, decoded::add);

    assertThat(decoded).containsExactly(withoutInputs);
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
