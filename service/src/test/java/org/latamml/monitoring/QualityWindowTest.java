package org.latamml.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

/** A window named as the quality and drift routes take it: hours or days, up to a year. */
class QualityWindowTest {
  private static final LocalDateTime NOW = LocalDateTime.of(2017, 12, 31, 23, 0);

  @Test
  void aWindowOfAYearInHoursOrDaysIsTaken() {
    assertThat(QualityWindow.last("8784h", NOW).from()).isEqualTo(NOW.minusHours(8_784));
    assertThat(QualityWindow.last("366d", NOW).from()).isEqualTo(NOW.minusDays(366));
  }

  @Test
  void aWindowPastAYearIsRefusedSayingSoHoweverManyItsDigits() {
    for (String name : new String[] {"367d", "8785h", "1000000d", "99999999999999999999999h"}) {
      assertThatThrownBy(() -> QualityWindow.last(name, NOW))
          .as(name)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("must be at most 366d");
    }
  }

  @Test
  void aNameThatIsNoNumberOfHoursOrDaysIsRefusedWithAnExample() {
    for (String name : new String[] {"13x", "0h", "07d", "1.5h", "h", "-1d"}) {
      assertThatThrownBy(() -> QualityWindow.last(name, NOW))
          .as(name)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("such as 1h, 24h or 7d");
    }
  }
}
