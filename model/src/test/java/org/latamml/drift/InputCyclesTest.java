package org.latamml.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class InputCyclesTest {

  @Test
  void aFlightsOwnFieldsFollowTheDayTheWeekdayTheWeekAndTheMonthTheYear() {
    assertEquals(Duration.ofDays(1), InputCycles.of("airline"));
    assertEquals(Duration.ofDays(1), InputCycles.of("hour"));
    assertEquals(Duration.ofDays(7), InputCycles.of("weekday"));
    assertEquals(InputCycles.YEAR, InputCycles.of("month"));
  }

  @Test
  void whatAFlightReadsOfOtherFlightsFollowsTheYear() {
    assertEquals(InputCycles.YEAR, InputCycles.of("delay_rate_today"));
    assertEquals(InputCycles.YEAR, InputCycles.of("scheduled_same_hour"));
  }

  @Test
  void anInputThisBuildDoesNotKnowFollowsTheDay() {
    assertEquals(InputCycles.DAY, InputCycles.of("runway"));
    assertEquals("a week", InputCycles.describe(Duration.ofDays(7)));
  }
}
