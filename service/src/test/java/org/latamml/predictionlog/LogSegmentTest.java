package org.latamml.predictionlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

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
        Long.MIN_VALUE + flightId);
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
  void keepsTheServicesRequestIdsAsBytesAndAnyOtherIdAsGiven() {
    String made = "0123456789abcdef0123456789abcdef";
    List<LoggedPrediction> entries =
        List.of(
            entry(1, made, 1, "LAN", "1", 0.1),
            entry(2, "0123456789ABCDEF0123456789ABCDEF", 1, "LAN", "1", 0.1),
            entry(3, "0123456789abcdef0123456789abcde", 1, "LAN", "1", 0.1),
            entry(4, "g123456789abcdef0123456789abcdef", 1, "LAN", "1", 0.1));

    List<LoggedPrediction> decoded = new ArrayList<>();
    LogSegment.decode(LogSegment.encode(entries), decoded::add);

    assertThat(decoded).containsExactlyElementsOf(entries);
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
