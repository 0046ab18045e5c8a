package org.latamml.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.api.Test;

/** A period's ends as people give them: a date is its midnight, a time is itself. */
class LocalTimesTest {

  @Test
  void readsADateAsItsMidnightAndALocalTimeAsGiven() {
    assertThat(LocalTimes.parseDateOrTime(" 2017-10-01 "))
        .isEqualTo(LocalDateTime.of(2017, 10, 1, 0, 0));
    assertThat(LocalTimes.parseDateOrTime("2017-10-01T06:30"))
        .isEqualTo(LocalDateTime.of(2017, 10, 1, 6, 30));
  }

  @Test
  void refusesTextThatIsNeither() {
    assertThatThrownBy(() -> LocalTimes.parseDateOrTime("2017-13-01"))
        .isInstanceOf(DateTimeParseException.class);
    assertThatThrownBy(() -> LocalTimes.parseDateOrTime("yesterday"))
        .isInstanceOf(DateTimeParseException.class);
  }

  @Test
  void refusesYearsOutsideThoseTaken() {
    assertThat(LocalTimes.refusal(LocalDateTime.of(2205, 1, 1, 0, 0))).isNotNull();
    assertThat(LocalTimes.refusal(LocalDateTime.of(2017, 1, 1, 0, 0))).isNull();
  }
}
