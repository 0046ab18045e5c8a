package org.latamml.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.latamml.fixtures.FlightFixtures;
import org.latamml.flight.Flight;

class DepartureBoardTest {

  @Test
  void aScheduleWhoseFlightsHaveNotLeftCoversNothing() {
    DepartureBoard board =
        DepartureBoard.of(
            List.of(
                FlightFixtures.flight().scheduled("2017-03-01 06:00").notDeparted().build(),
                FlightFixtures.flight().scheduled("2017-03-01 20:00").notDeparted().build()));

    assertThat(board.covers(FlightFixtures.flight().scheduled("2017-03-01 12:00").build()))
        .isFalse();
  }

  @Test
  void coversAFlightOnlyWhenDeparturesSpanTheThreeHoursBeforeIt() {
    DepartureBoard board =
        DepartureBoard.of(
            List.of(
                FlightFixtures.flight().scheduled("2017-03-01 06:00").late(0).build(),
                FlightFixtures.flight().scheduled("2017-03-01 20:00").late(0).build()));

    // 12:00: its window 09:00-11:00 lies inside 06:00-20:00.
    assertThat(board.covers(FlightFixtures.flight().scheduled("2017-03-01 12:00").build()))
        .isTrue();
    // 08:00: its window opens at 05:00, before the board's first flight.
    assertThat(board.covers(FlightFixtures.flight().scheduled("2017-03-01 08:00").build()))
        .isFalse();
    // 21:30: its window closes at 20:30, after the board's last flight.
    assertThat(board.covers(FlightFixtures.flight().scheduled("2017-03-01 21:30").build()))
        .isFalse();
    assertThat(
            DepartureBoard.of(List.of())
                .covers(FlightFixtures.flight().scheduled("2017-03-01 12:00").build()))
        .isFalse();
  }

  @Test
  void contextCountsOnlyDeparturesBetweenThreeHoursAndOneHourBefore() {
    Flight subject = FlightFixtures.flight().scheduled("2017-03-01 12:00").late(40).build();
    List<Flight> flights =
        List.of(
            FlightFixtures.flight()
                .scheduled("2017-03-01 08:30")
                .late(0)
                .build(), // left 08:30: too early
            FlightFixtures.flight()
                .scheduled("2017-03-01 09:00")
                .late(30)
                .build(), // 09:30, delayed
            FlightFixtures.flight().scheduled("2017-03-01 10:30").late(5).build(), // 10:35, on time
            FlightFixtures.flight()
                .scheduled("2017-03-01 10:50")
                .late(20)
                .build(), // 11:10: too late
            FlightFixtures.flight()
                .scheduled("2017-03-01 12:30")
                .build(), // same hour, not left yet
            subject);

    FlightContext context = DepartureBoard.of(flights).contextOf(subject);

    assertThat(context.departedBefore()).isEqualTo(2);
    assertThat(context.delayRateBefore()).isEqualTo(0.5);
    assertThat(context.meanDelayBefore()).isEqualTo(17.5);
    assertThat(context.scheduledSameHour()).isEqualTo(2);
    assertThat(context.delayRateToday()).isEqualTo(1.0 / 3);
  }

  @Test
  void theFlightsOwnDelayNeverEntersItsContext() {
    Flight early = FlightFixtures.flight().scheduled("2017-03-01 12:00").late(-15).build();
    Flight delayedTwin = FlightFixtures.flight().scheduled("2017-03-01 12:00").late(90).build();

    assertThat(DepartureBoard.of(List.of(early)).contextOf(early).departedBefore()).isZero();
    assertThat(DepartureBoard.of(List.of(delayedTwin)).contextOf(delayedTwin))
        .isEqualTo(DepartureBoard.of(List.of(early)).contextOf(early));
  }

  @Test
  void airlineRateCountsOnlyTheSameAirline() {
    Flight subject =
        FlightFixtures.flight().airline("Sky Airline").scheduled("2017-03-01 12:00").build();
    List<Flight> flights =
        List.of(
            FlightFixtures.flight()
                .airline("Sky Airline")
                .scheduled("2017-03-01 10:00")
                .late(30)
                .build(),
            FlightFixtures.flight()
                .airline("Grupo LATAM")
                .scheduled("2017-03-01 10:00")
                .late(0)
                .build(),
            subject);

    FlightContext context = DepartureBoard.of(flights).contextOf(subject);

    assertThat(context.airlineDelayRateBefore()).isEqualTo(1.0);
    assertThat(context.delayRateBefore()).isEqualTo(0.5);
  }
}
