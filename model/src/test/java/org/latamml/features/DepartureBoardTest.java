package org.latamml.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.latamml.fixtures.FlightFixtures;
import org.latamml.flight.Flight;

class DepartureBoardTest {

  @Test
  void aBoardsStampIsItsOwnAndHoldsNothingOfIt() throws Exception {
    List<Flight> year = FlightFixtures.syntheticYear(2_000, 3);
    DepartureBoard board = DepartureBoard.of(year);
    Object stamp = board.stamp();
    assertThat(board.stamp()).isSameAs(stamp);
    assertThat(DepartureBoard.of(year).stamp()).isNotSameAs(stamp);

    java.lang.ref.WeakReference<DepartureBoard> retired = new java.lang.ref.WeakReference<>(board);
    board = null;

    assertThat(org.latamml.fixtures.Garbage.isCollected(retired)).isTrue();
    assertThat(stamp).isNotNull();
  }

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
  void departuresMoreThanADayFromTheWindowDoNotShowTheFeedWasRunning() {
    DepartureBoard board =
        DepartureBoard.of(
            List.of(
                FlightFixtures.flight().scheduled("2017-02-27 08:00").late(0).build(),
                FlightFixtures.flight().scheduled("2017-03-01 11:30").late(0).build(),
                FlightFixtures.flight().scheduled("2017-03-04 20:00").late(0).build()));

    // 12:00 on 1 March: its window opens at 09:00, and the last departure before that left two
    // days earlier; 11:30 is after it opens.
    assertThat(board.covers(FlightFixtures.flight().scheduled("2017-03-01 12:00").build()))
        .isFalse();
    // 15:00: 11:30 left in the day before its window opened, yet none in the day after it closed.
    assertThat(board.covers(FlightFixtures.flight().scheduled("2017-03-01 15:00").build()))
        .isFalse();
  }

  @Test
  void asOfATimeOnlyDeparturesUpToItCount() {
    Flight subject = FlightFixtures.flight().scheduled("2017-03-01 12:00").build();
    DepartureBoard board =
        DepartureBoard.of(
            List.of(
                FlightFixtures.flight().scheduled("2017-03-01 06:00").late(0).build(),
                FlightFixtures.flight().scheduled("2017-03-01 09:30").late(0).build(),
                FlightFixtures.flight().scheduled("2017-03-01 10:00").late(40).build(),
                FlightFixtures.flight().scheduled("2017-03-01 11:30").late(0).build(),
                subject));

    FlightContext before = board.contextOf(subject, LocalDateTime.parse("2017-03-01T10:00:00"));
    FlightContext during = board.contextOf(subject, LocalDateTime.parse("2017-03-01T10:40:00"));
    FlightContext all = board.contextOf(subject);

    assertThat(before.departedBefore()).isEqualTo(1);
    assertThat(before.delayRateBefore()).isZero();
    // 10:40 is the minute the delayed flight left: known then.
    assertThat(during.departedBefore()).isEqualTo(2);
    assertThat(during.delayRateBefore()).isEqualTo(0.5);
    assertThat(all).isEqualTo(board.contextOf(subject, LocalDateTime.parse("2017-03-02T00:00")));
    // The window closes at 11:00: before a departure after it is known, the context is not whole.
    assertThat(board.covers(subject, LocalDateTime.parse("2017-03-01T11:29:00"))).isFalse();
    assertThat(board.covers(subject, LocalDateTime.parse("2017-03-01T11:30:00"))).isTrue();
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

  @Test
  void theDayAndTheWeekCloseAnHourBeforeTheFlightAndOpenADayAndAWeekEarlier() {
    Flight subject = FlightFixtures.flight().scheduled("2017-03-08 12:00").build();
    List<Flight> flights =
        List.of(
            // Left at 13:00, 6 days 22 h before the window closes (11:00 on the 8th): in the week
            // only.
            FlightFixtures.flight().scheduled("2017-03-01 12:00").late(60).build(),
            // Just over a week before it closes: in neither.
            FlightFixtures.flight().scheduled("2017-03-01 10:50").late(0).build(),
            // 23 h before it closes: in both.
            FlightFixtures.flight().scheduled("2017-03-07 12:00").late(20).build(),
            FlightFixtures.flight().scheduled("2017-03-08 09:00").late(-10).build(),
            // After it closes: in neither.
            FlightFixtures.flight().scheduled("2017-03-08 11:00").late(30).build(),
            subject);

    FlightContext context = DepartureBoard.of(flights).contextOf(subject);

    assertThat(context.delayRateDay()).isEqualTo(0.5);
    assertThat(context.meanDelayDay()).isEqualTo(5.0);
    assertThat(context.delayRateWeek()).isEqualTo(2.0 / 3);
  }

  @Test
  void theWeekOfTheAirlineAndOfTheDestinationCountOnlyTheirOwnDepartures() {
    Flight subject =
        FlightFixtures.flight()
            .airline("Sky Airline")
            .destination("SPJC")
            .scheduled("2017-03-08 12:00")
            .build();
    List<Flight> flights =
        List.of(
            FlightFixtures.flight()
                .airline("Sky Airline")
                .destination("SCIE")
                .scheduled("2017-03-03 08:00")
                .late(30)
                .build(),
            FlightFixtures.flight()
                .airline("Sky Airline")
                .destination("SPJC")
                .scheduled("2017-03-05 08:00")
                .late(0)
                .build(),
            FlightFixtures.flight()
                .airline("Grupo LATAM")
                .destination("SPJC")
                .scheduled("2017-03-06 08:00")
                .late(45)
                .build(),
            FlightFixtures.flight()
                .airline("Grupo LATAM")
                .destination("SPJC")
                .scheduled("2017-03-07 08:00")
                .late(50)
                .build(),
            subject);

    FlightContext context = DepartureBoard.of(flights).contextOf(subject);

    assertThat(context.airlineDelayRateWeek()).isEqualTo(0.5);
    assertThat(context.destinationDelayRateWeek()).isEqualTo(2.0 / 3);
    assertThat(context.delayRateWeek()).isEqualTo(0.75);
  }

  @Test
  void aFlightNumbersRecordIsItsOwnDeparturesOfTheFourWeeksBefore() {
    Flight subject =
        FlightFixtures.flight()
            .airline("Sky Airline")
            .number("101")
            .scheduled("2017-03-29 12:00")
            .build();
    List<Flight> flights =
        List.of(
            // Left 28 days and half an hour before the window closes: too old.
            FlightFixtures.flight()
                .airline("Sky Airline")
                .number("101")
                .scheduled("2017-03-01 09:00")
                .late(90)
                .build(),
            FlightFixtures.flight()
                .airline("Sky Airline")
                .number("101")
                .scheduled("2017-03-02 12:00")
                .late(30)
                .build(),
            FlightFixtures.flight()
                .airline("Sky Airline")
                .number("101")
                .scheduled("2017-03-20 12:00")
                .late(0)
                .build(),
            // The same number of another airline, and another number of the same airline.
            FlightFixtures.flight()
                .airline("Grupo LATAM")
                .number("101")
                .scheduled("2017-03-21 12:00")
                .late(0)
                .build(),
            FlightFixtures.flight()
                .airline("Sky Airline")
                .number("102")
                .scheduled("2017-03-22 12:00")
                .late(40)
                .build(),
            // Left after the window closed: not known an hour before.
            FlightFixtures.flight()
                .airline("Sky Airline")
                .number("101")
                .scheduled("2017-03-29 09:00")
                .late(150)
                .build(),
            subject);

    DepartureBoard board = DepartureBoard.of(flights);

    assertThat(board.contextOf(subject).flightDelayRate4Weeks()).isEqualTo(0.5);
    // As known before the 20th's departure was reported, only the delayed one of the 2nd counts.
    assertThat(
            board
                .contextOf(subject, LocalDateTime.parse("2017-03-19T00:00"))
                .flightDelayRate4Weeks())
        .isEqualTo(1.0);
    Flight unknown = FlightFixtures.flight().number("999").scheduled("2017-03-29 12:00").build();
    assertThat(board.contextOf(unknown).flightDelayRate4Weeks()).isZero();
  }

  @Test
  void aBuilderBuildsOnceHavingLetGoOfWhatItHeld() {
    DepartureBoard.Builder builder =
        new DepartureBoard.Builder(1)
            .add(FlightFixtures.flight().scheduled("2017-03-01 10:00").late(20).build())
            .add(FlightFixtures.flight().scheduled("2017-03-01 10:30").late(0).build());
    Flight subject = FlightFixtures.flight().scheduled("2017-03-01 13:00").build();

    DepartureBoard board = builder.build();

    assertThat(board.contextOf(subject).departedBefore()).isEqualTo(2);
    assertThatThrownBy(() -> builder.add(subject)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aDelayOfThousandsOfYearsIsCountedWhole() {
    // Scheduled in 3000 BC, left at 09:30 on 1 March 2017: late by more minutes than an int holds.
    LocalDateTime schedule = LocalDateTime.of(-3000, 3, 1, 9, 30);
    long minutesLate =
        java.time.Duration.between(schedule, LocalDateTime.of(2017, 3, 1, 9, 30)).toMinutes();
    Flight subject = FlightFixtures.flight().scheduled("2017-03-01 12:00").build();
    List<Flight> flights =
        List.of(
            FlightFixtures.flight().scheduled(schedule).late(minutesLate).build(),
            FlightFixtures.flight().scheduled("2017-03-01 10:00").late(10).build(),
            subject);

    FlightContext context = DepartureBoard.of(flights).contextOf(subject);

    assertThat(minutesLate).isGreaterThan(Integer.MAX_VALUE);
    assertThat(context.departedBefore()).isEqualTo(2);
    assertThat(context.meanDelayBefore()).isEqualTo((minutesLate + 10) / 2.0);
  }

  @Test
  void aDepartureAMillionYearsAwayLeavesTheOthersContextsAsTheyWere() {
    Flight subject = FlightFixtures.flight().scheduled("2017-03-01 12:00").build();
    List<Flight> day =
        List.of(
            FlightFixtures.flight().scheduled("2017-03-01 09:00").late(30).build(),
            FlightFixtures.flight().scheduled("2017-03-01 10:30").late(5).build(),
            FlightFixtures.flight().scheduled("2017-03-01 09:45").late(-10).build(),
            subject);
    List<Flight> withFarFuture = new java.util.ArrayList<>(day);
    // Too far to pack its minute beside its number: the board sorts these departures another way.
    withFarFuture.add(
        FlightFixtures.flight().scheduled(LocalDateTime.of(1_500_000, 1, 1, 8, 0)).late(0).build());

    FlightContext near = DepartureBoard.of(day).contextOf(subject);

    assertThat(near.departedBefore()).isEqualTo(3);
    assertThat(DepartureBoard.of(withFarFuture).contextOf(subject)).isEqualTo(near);
  }

  @Test
  void everyContextOfABusyYearIsItsDeparturesCountedOneByOne() {
    // Tens of thousands of departures, so that every search crosses many of the board's blocks;
    // one flight in ten never left, and half the contexts are asked as known at some earlier time.
    List<Flight> year = new java.util.ArrayList<>();
    java.util.Random random = new java.util.Random(17);
    for (Flight flight : FlightFixtures.syntheticYear(40_000, 17)) {
      year.add(
          random.nextInt(10) == 0
              ? FlightFixtures.flight()
                  .scheduled(flight.scheduledDeparture())
                  .airline(flight.airline())
                  .number(flight.flightNumber())
                  .notDeparted()
                  .build()
              : flight);
    }
    DepartureBoard board = DepartureBoard.of(year);

    for (int i = 0; i < 400; i++) {
      Flight subject = year.get(random.nextInt(year.size()));
      LocalDateTime asOf =
          i % 2 == 0 ? null : subject.scheduledDeparture().minusMinutes(random.nextInt(600));
      assertThat(board.contextOf(subject, asOf))
          .as("flight %s at %s known at %s", subject.flightNumber(), subject, asOf)
          .isEqualTo(countedOneByOne(year, subject, asOf));
    }
  }

  @Test
  void everyContextOfAnUnevenBoardIsItsDeparturesCountedOneByOne() {
    // Bursts of up to 200 flights within three minutes and quiet weeks: buckets of minutes that
    // hold hundreds of departures or none; then the same with flights years away, whose span
    // widens every bucket to weeks. Subjects at every distance from them, on the board or not.
    List<Flight> flights = new java.util.ArrayList<>();
    java.util.Random random = new java.util.Random(29);
    LocalDateTime start = LocalDateTime.of(2017, 3, 1, 0, 0);
    String[] airlines = {"Grupo LATAM", "Sky Airline", "Aerolineas Argentinas"};
    for (int burst = 0; burst < 40; burst++) {
      LocalDateTime minute = start.plusMinutes(random.nextInt(60 * 24 * 60));
      int size = 1 + random.nextInt(200);
      for (int k = 0; k < size; k++) {
        FlightFixtures flight =
            FlightFixtures.flight()
                .scheduled(minute.plusMinutes(random.nextInt(3)))
                .airline(airlines[random.nextInt(airlines.length)])
                .number(Integer.toString(100 + random.nextInt(12)))
                .destination(random.nextBoolean() ? "SAEZ" : "SCFA");
        flights.add(
            random.nextInt(8) == 0
                ? flight.notDeparted().build()
                : flight.late(random.nextInt(90)).build());
      }
    }
    List<Flight> withFarOnes = new java.util.ArrayList<>(flights);
    for (String far : List.of("2003-06-01T08:00", "2017-01-01T00:00", "2041-12-31T23:59")) {
      withFarOnes.add(FlightFixtures.flight().scheduled(LocalDateTime.parse(far)).late(20).build());
    }
    assertContextsCountedOneByOne(flights, random);
    assertContextsCountedOneByOne(withFarOnes, random);
  }

  private static void assertContextsCountedOneByOne(List<Flight> flights, java.util.Random random) {
    DepartureBoard board = DepartureBoard.of(flights);
    for (int i = 0; i < 600; i++) {
      Flight near = flights.get(random.nextInt(flights.size()));
      Flight subject =
          i % 3 == 0
              ? near
              : FlightFixtures.flight()
                  .scheduled(near.scheduledDeparture().plusMinutes(random.nextInt(20_000) - 10_000))
                  .airline(near.airline())
                  .number(near.flightNumber())
                  .destination(near.destination())
                  .notDeparted()
                  .build();
      LocalDateTime asOf =
          i % 2 == 0 ? null : subject.scheduledDeparture().minusMinutes(random.nextInt(3_000));
      assertThat(board.contextOf(subject, asOf))
          .as("flight %s at %s known at %s", subject.flightNumber(), subject, asOf)
          .isEqualTo(countedOneByOne(flights, subject, asOf));
      assertThat(board.covers(subject, asOf))
          .as("covers flight %s at %s known at %s", subject.flightNumber(), subject, asOf)
          .isEqualTo(coveredOneByOne(flights, subject, asOf));
    }
  }

  @Test
  void aBoardSpanningTheLargestIntOfMinutesCountsItsDepartures() {
    // Minutes from the first are kept as ints up to Integer.MAX_VALUE (4,083 years): the schedule
    // here spans exactly that, its departures (five minutes late) a little more.
    LocalDateTime first = LocalDateTime.of(2017, 1, 1, 0, 0);
    List<Flight> flights = new java.util.ArrayList<>();
    for (long minute :
        new long[] {0, Integer.MAX_VALUE - 121L, Integer.MAX_VALUE - 100L, Integer.MAX_VALUE}) {
      flights.add(FlightFixtures.flight().scheduled(first.plusMinutes(minute)).late(5).build());
    }
    Flight subject =
        FlightFixtures.flight()
            .scheduled(first.plusMinutes(Integer.MAX_VALUE))
            .notDeparted()
            .build();

    FlightContext context = DepartureBoard.of(flights).contextOf(subject);

    assertThat(context).isEqualTo(countedOneByOne(flights, subject, null));
    assertThat(context.departedBefore()).isEqualTo(2);
  }

  /**
   * Whether some flight left in the day before the subject's window opens and some in the day after
   * it closes, known at {@code asOf}: each flight looked at in turn.
   */
  private static boolean coveredOneByOne(List<Flight> flights, Flight subject, LocalDateTime asOf) {
    long opens = minuteOf(subject.scheduledDeparture()) - 180;
    long closes = minuteOf(subject.scheduledDeparture()) - 60;
    long known = asOf == null ? Long.MAX_VALUE : minuteOf(asOf) + 1;
    boolean before = false;
    boolean after = false;
    for (Flight flight : flights) {
      if (!flight.hasDeparted() || minuteOf(flight.actualDeparture()) >= known) {
        continue;
      }
      long left = minuteOf(flight.actualDeparture());
      before |= left >= opens - 24 * 60 && left <= opens;
      after |= left >= closes && left <= closes + 24 * 60;
    }
    return before && after;
  }

  /** A flight's context as its definitions read, each figure counted over every flight in turn. */
  private static FlightContext countedOneByOne(
      List<Flight> flights, Flight subject, LocalDateTime asOf) {
    long scheduled = minuteOf(subject.scheduledDeparture());
    long closes = scheduled - 60;
    long to = asOf == null ? closes : Math.min(closes, minuteOf(asOf) + 1);
    long hourStart = minuteOf(subject.scheduledDeparture().truncatedTo(ChronoUnit.HOURS));
    long dayStart = minuteOf(subject.scheduledDeparture().toLocalDate().atStartOfDay());
    String number = subject.airline() + ' ' + subject.flightNumber();
    Tally before = new Tally();
    Tally today = new Tally();
    Tally airlineBefore = new Tally();
    Tally day = new Tally();
    Tally week = new Tally();
    Tally airlineWeek = new Tally();
    Tally destinationWeek = new Tally();
    Tally flightFourWeeks = new Tally();
    int sameHour = 0;
    int around = 0;
    for (Flight flight : flights) {
      long planned = minuteOf(flight.scheduledDeparture());
      sameHour += planned >= hourStart && planned < hourStart + 60 ? 1 : 0;
      around += planned >= scheduled - 60 && planned < scheduled + 61 ? 1 : 0;
      if (!flight.hasDeparted() || minuteOf(flight.actualDeparture()) >= to) {
        continue;
      }
      long left = minuteOf(flight.actualDeparture());
      boolean sameAirline = flight.airline().equals(subject.airline());
      before.count(flight, left >= scheduled - 180);
      today.count(flight, left >= dayStart);
      airlineBefore.count(flight, sameAirline && left >= scheduled - 180);
      day.count(flight, left >= closes - 24 * 60);
      week.count(flight, left >= closes - 7 * 24 * 60);
      airlineWeek.count(flight, sameAirline && left >= closes - 7 * 24 * 60);
      destinationWeek.count(
          flight,
          flight.destination().equals(subject.destination()) && left >= closes - 7 * 24 * 60);
      flightFourWeeks.count(
          flight,
          (flight.airline() + ' ' + flight.flightNumber()).equals(number)
              && left >= closes - 28 * 24 * 60);
    }
    return new FlightContext(
        sameHour,
        before.departures,
        before.rate(),
        before.meanLate(),
        today.rate(),
        airlineBefore.rate(),
        around,
        day.rate(),
        day.meanLate(),
        week.rate(),
        airlineWeek.rate(),
        destinationWeek.rate(),
        flightFourWeeks.rate());
  }

  /** Departures counted in a window: how many, how many delayed, their minutes late. */
  private static final class Tally {
    int departures;
    int delayed;
    long minutesLate;

    void count(Flight flight, boolean inWindow) {
      if (inWindow) {
        departures++;
        delayed += flight.isDelayed() ? 1 : 0;
        minutesLate += minuteOf(flight.actualDeparture()) - minuteOf(flight.scheduledDeparture());
      }
    }

    double rate() {
      return departures == 0 ? 0 : (double) delayed / departures;
    }

    double meanLate() {
      return departures == 0 ? 0 : (double) minutesLate / departures;
    }
  }

  private static long minuteOf(LocalDateTime time) {
    return Math.floorDiv(time.toEpochSecond(ZoneOffset.UTC), 60);
  }
}
