package org.latamml.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.latamml.features.FlightContext;
import org.latamml.fixtures.FlightFixtures;
import org.latamml.flight.Flight;
import org.latamml.flight.FlightType;
import org.latamml.store.StoreFixtures;

/**
 * The monitor's table on H2 and on PostgreSQL (when the tests have one): each version's latest
 * prediction of a flight kept and counted, outcomes given and corrected, a window read by version.
 */
class PredictionOutcomesTest {
  private static final LocalDateTime TEN = LocalDateTime.of(2017, 10, 2, 10, 0);
  private static final FlightName FLIGHT = new FlightName("Sky Airline", "1001", TEN);
  private static final LocalDateTime LOGGED = LocalDateTime.of(2026, 12, 1, 12, 0);

  private static DataSource store(String kind) {
    return kind.equals("h2")
        ? StoreFixtures.h2().dataSource()
        : StoreFixtures.postgres().dataSource();
  }

  /** Each row's flight, kept probability and outcome (null: not known yet). */
  private static List<org.assertj.core.groups.Tuple> flightProbabilityAndOutcome(
      List<PredictionOutcomes.Row> rows) {
    return rows.stream()
        .map(row ->
            org.assertj.core.groups.Tuple.tuple(row.flight(), row.probability(), row.delayed()))
        .toList();
  }

  private static PredictionOutcomes.Key key(String version, FlightName flight) {
    return new PredictionOutcomes.Key(version, false, flight);
  }

  private static PredictionOutcomes.Latest latest(double p, int secondsAfter) {
    return new PredictionOutcomes.Latest(
        p,
        p >= 0.5,
        LOGGED.plusSeconds(secondsAfter),
        new PredictionOutcomes.Inputs(
            "SKU",
            "SCFA",
            "N",
            secondsAfter % 2 == 0
                ? null
                : new FlightContext(
                    4, 6, 0.5, 12.5, 0.25, 0, secondsAfter, 0.5, 7.5, 0.25, 0.5, 0, 1)));
  }

  /** The flight the predictions above describe, departed {@code minutesLate}. */
  private static Flight departed(long minutesLate) {
    return departed(FLIGHT, minutesLate);
  }

  /** The flight named {@code name}, of the predictions' inputs, departed {@code minutesLate}. */
  private static Flight departed(FlightName name, long minutesLate) {
    return FlightFixtures.flight()
        .airline(name.airline())
        .number(name.flightNumber())
        .scheduled(name.scheduledDeparture())
        .destination("SCFA")
        .type(FlightType.NATIONAL)
        .late(minutesLate)
        .build();
  }

  /** {@link #latest} of another flight than the one stored under the same name. */
  private static PredictionOutcomes.Latest latestOf(
      String destination, String type, double p, int secondsAfter) {
    return new PredictionOutcomes.Latest(
        p,
        p >= 0.5,
        LOGGED.plusSeconds(secondsAfter),
        new PredictionOutcomes.Inputs(null, destination, type, null));
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void aPredictionOfTheFlightThatReplacesOneOfOtherInputsGetsTheOutcome(String kind)
      throws Exception {
    DataSource store = store(kind);
    try (Connection connection = store.getConnection()) {
      // Of other inputs, kept before the flight left: no outcome when it does.
      PredictionOutcomes.add(
          connection, Map.of(key("1.1.0", FLIGHT), latestOf("KMIA", "N", 0.9, 10)), Map.of());
      PredictionOutcomes.resolve(connection, List.of(departed(40)));
      // The flight's own, read after it left.
      int outcomes =
          PredictionOutcomes.add(
                  connection,
                  Map.of(key("1.1.0", FLIGHT), latest(0.3, 20)),
                  Map.of(FLIGHT, departed(40)))
              .outcomes();

      assertThat(outcomes).isEqualTo(1);
      assertThat(
              flightProbabilityAndOutcome(
                  PredictionOutcomes.window(connection, "1.1.0", TEN, TEN.plusHours(1))))
          .containsExactly(org.assertj.core.groups.Tuple.tuple(FLIGHT, 0.3, true));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void aPredictionOfOtherInputsUnderAStoredFlightsNameNeverCountsAgainstTheModel(String kind)
      throws Exception {
    DataSource store = store(kind);
    FlightName other = new FlightName("Sky Airline", "1002", TEN.plusMinutes(5));
    Flight otherDeparted = departed(other, 40);
    try (Connection connection = store.getConnection()) {
      // The flight as stored, predicted and departed: its row has its outcome.
      PredictionOutcomes.add(
          connection, Map.of(key("1.1.0", FLIGHT), latest(0.3, 10)), Map.of(FLIGHT, departed(40)));
      // A caller's later prediction under its name, of another destination: it does not replace
      // the row that has the outcome. Another's, of another type, gets no outcome.
      int outcomes =
          PredictionOutcomes.add(
                  connection,
                  Map.of(
                      key("1.1.0", FLIGHT),
                      latestOf("KMIA", "N", 0.95, 20),
                      key("1.1.0", other),
                      latestOf("scfa", "I", 0.9, 20)),
                  Map.of(FLIGHT, departed(40), other, otherDeparted))
              .outcomes();
      int resolved = PredictionOutcomes.resolve(connection, List.of(otherDeparted));
      List<PredictionOutcomes.Row> afterTheirs =
          PredictionOutcomes.window(connection, "1.1.0", TEN, TEN.plusHours(1));
      // The same inputs, in another case, as a caller may spell the destination: counted.
      PredictionOutcomes.add(
          connection, Map.of(key("1.1.0", FLIGHT), latestOf("scfa", "N", 0.6, 30)), Map.of());

      assertThat(outcomes).isZero();
      assertThat(resolved).isZero();
      assertThat(flightProbabilityAndOutcome(afterTheirs))
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple(FLIGHT, 0.3, true),
              org.assertj.core.groups.Tuple.tuple(other, 0.9, null));
      assertThat(
              flightProbabilityAndOutcome(
                  PredictionOutcomes.window(connection, "1.1.0", TEN, TEN.plusHours(1))))
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple(FLIGHT, 0.6, true),
              org.assertj.core.groups.Tuple.tuple(other, 0.9, null));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void keysTheMonitorKnowsAndKeysItDoesNotEndAsTheSameRows(String kind) throws Exception {
    DataSource store = store(kind);
    FlightName other = new FlightName("Sky Airline", "1002", TEN.plusMinutes(5));
    Map<FlightName, Flight> departedFlights = Map.of(FLIGHT, departed(40));
    try (Connection connection = store.getConnection()) {
      // 1.1.0 as if every key had a row (updates first), 2.0.0 as if none had (inserts first).
      for (String version : List.of("1.1.0", "2.0.0")) {
        java.util.function.Predicate<PredictionOutcomes.Key> known = key -> version.equals("1.1.0");
        // New rows: a departed flight's comes with its outcome.
        PredictionOutcomes.Added first =
            PredictionOutcomes.add(
                connection,
                Map.of(key(version, FLIGHT), latest(0.3, 10), key(version, other), latest(0.2, 10)),
                departedFlights,
                known);
        // A different prediction replaces its row; the same one, minutes later, leaves it.
        PredictionOutcomes.Added second =
            PredictionOutcomes.add(
                connection,
                Map.of(key(version, FLIGHT), latest(0.7, 21), key(version, other), latest(0.2, 12)),
                departedFlights,
                known);

        assertThat(first.outcomes()).as(version).isEqualTo(1);
        assertThat(first.kept()).as(version).hasSize(2);
        assertThat(second.outcomes()).as(version).isZero();
        // The replaced row as written, the other read back as it stands.
        assertThat(second.kept())
            .as(version)
            .extracting(kept -> kept.latest().probability())
            .containsExactlyInAnyOrder(0.7, 0.2);
      }
      List<PredictionOutcomes.Row> updatedFirst =
          PredictionOutcomes.window(connection, "1.1.0", TEN, TEN.plusHours(1));
      List<PredictionOutcomes.Row> insertedFirst =
          PredictionOutcomes.window(connection, "2.0.0", TEN, TEN.plusHours(1));

      assertThat(flightProbabilityAndOutcome(updatedFirst))
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple(FLIGHT, 0.7, true),
              org.assertj.core.groups.Tuple.tuple(other, 0.2, null));
      assertThat(insertedFirst).containsExactlyInAnyOrderElementsOf(updatedFirst);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void aRowKeptBeforeAContextColumnExistedReadsBackWithoutAContextRatherThanZeros(String kind)
      throws Exception {
    DataSource store = store(kind);
    FlightName other = new FlightName("Sky Airline", "1002", TEN.plusMinutes(5));
    try (Connection connection = store.getConnection()) {
      PredictionOutcomes.add(
          connection,
          Map.of(key("2.0.0", FLIGHT), latest(0.3, 11), key("2.0.0", other), latest(0.4, 13)),
          Map.of());
      // As V9 left a row kept before it: the longer records NULL, the older context in place.
      try (var statement =
          connection.prepareStatement(
              "UPDATE monitored_prediction SET flight_delay_rate_28d_before = NULL"
                  + " WHERE flight_number = '1001'")) {
        assertThat(statement.executeUpdate()).isEqualTo(1);
      }

      List<PredictionOutcomes.Row> rows =
          PredictionOutcomes.window(connection, "2.0.0", TEN, TEN.plusHours(1));

      assertThat(rows)
          .filteredOn(row -> row.flight().equals(FLIGHT))
          .singleElement()
          .satisfies(row -> assertThat(row.inputs().context()).isNull());
      assertThat(rows)
          .filteredOn(row -> row.flight().equals(other))
          .singleElement()
          .satisfies(row -> assertThat(row.inputs().context().scheduledAround()).isEqualTo(13));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void keepsTheLatestPredictionOfEachVersionAndGivesItTheOutcomeAsCorrected(String kind)
      throws Exception {
    DataSource store = store(kind);
    FlightName other = new FlightName("Sky Airline", "1002", TEN.plusMinutes(5));
    try (Connection connection = store.getConnection()) {
      PredictionOutcomes.add(
          connection,
          Map.of(key("1.1.0", FLIGHT), latest(0.3, 10), key("2.0.0", FLIGHT), latest(0.6, 10)),
          Map.of());
      // A later batch: a newer prediction of one, an older one (read late) of the other.
      PredictionOutcomes.add(
          connection,
          Map.of(
              key("1.1.0", FLIGHT),
              latest(0.7, 21),
              key("2.0.0", FLIGHT),
              latest(0.1, 5),
              key("1.1.0", other),
              latest(0.2, 30)),
          Map.of());

      int given = PredictionOutcomes.resolve(connection, List.of(departed(40)));
      List<PredictionOutcomes.Row> late =
          PredictionOutcomes.window(connection, "1.1.0", TEN, TEN.plusHours(1));
      int corrected = PredictionOutcomes.resolve(connection, List.of(departed(3)));
      int again = PredictionOutcomes.resolve(connection, List.of(departed(3)));
      List<PredictionOutcomes.Row> onTime =
          PredictionOutcomes.window(connection, "2.0.0", TEN, TEN.plusHours(1));

      assertThat(given).isEqualTo(2);
      assertThat(flightProbabilityAndOutcome(late))
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple(FLIGHT, 0.7, true),
              org.assertj.core.groups.Tuple.tuple(other, 0.2, null));
      // What the model read comes with the latest prediction, the context as the floats it read.
      assertThat(late)
          .filteredOn(row -> row.flight().equals(FLIGHT))
          .singleElement()
          .extracting(PredictionOutcomes.Row::inputs)
          .isEqualTo(latest(0.7, 21).inputs());
      assertThat(corrected).isEqualTo(2);
      assertThat(again).isZero();
      assertThat(onTime)
          .singleElement()
          .satisfies(row -> {
            assertThat(row.probability()).isEqualTo(0.6);
            assertThat(row.inputs()).isEqualTo(latest(0.6, 10).inputs());
            assertThat(row.delayed()).isFalse();
            assertThat(row.actualDeparture()).isEqualTo(TEN.plusMinutes(3));
          });
      assertThat(PredictionOutcomes.versions(connection, TEN, TEN.plusHours(1)))
          .containsExactlyInAnyOrder("1.1.0", "2.0.0");
      // Retention: the flight of 10:00 goes, the one of 10:05 stays.
      assertThat(PredictionOutcomes.forgetBefore(connection, TEN.plusMinutes(1))).isEqualTo(2);
      assertThat(PredictionOutcomes.window(connection, "1.1.0", TEN, TEN.plusHours(1)))
          .extracting(PredictionOutcomes.Row::flight)
          .containsExactly(other);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void keepsTheOutcomeOfAFlightThatHadLeftWithItsPrediction(String kind) throws Exception {
    DataSource store = store(kind);
    FlightName other = new FlightName("Sky Airline", "1002", TEN.plusMinutes(5));
    try (Connection connection = store.getConnection()) {
      int first =
          PredictionOutcomes.add(
                  connection,
                  Map.of(
                      key("1.1.0", FLIGHT), latest(0.3, 10), key("1.1.0", other), latest(0.4, 10)),
                  Map.of(FLIGHT, departed(40)))
              .outcomes();
      // Predicted again: a new version's row comes with the outcome, a row that has it is left
      // alone.
      int second =
          PredictionOutcomes.add(
                  connection,
                  Map.of(
                      key("1.1.0", FLIGHT), latest(0.5, 20), key("2.0.0", FLIGHT), latest(0.6, 20)),
                  Map.of(FLIGHT, departed(40)))
              .outcomes();
      int corrected =
          PredictionOutcomes.add(
                  connection,
                  Map.of(key("1.1.0", FLIGHT), latest(0.7, 30)),
                  Map.of(FLIGHT, departed(3)))
              .outcomes();
      List<PredictionOutcomes.Row> rows =
          PredictionOutcomes.window(connection, "1.1.0", TEN, TEN.plusHours(1));

      assertThat(first).isEqualTo(1);
      assertThat(second).isEqualTo(1);
      assertThat(corrected).isEqualTo(1);
      assertThat(rows)
          .extracting(
              PredictionOutcomes.Row::flight,
              PredictionOutcomes.Row::probability,
              PredictionOutcomes.Row::actualDeparture,
              PredictionOutcomes.Row::delayed)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple(FLIGHT, 0.7, TEN.plusMinutes(3), false),
              org.assertj.core.groups.Tuple.tuple(other, 0.4, null, null));
      assertThat(PredictionOutcomes.window(connection, "2.0.0", TEN, TEN.plusHours(1)))
          .singleElement()
          .extracting(PredictionOutcomes.Row::delayed)
          .isEqualTo(true);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void writesARepeatOfTheSamePredictionAtMostOnceAnHour(String kind) throws Exception {
    DataSource store = store(kind);
    try (Connection connection = store.getConnection()) {
      PredictionOutcomes.add(connection, Map.of(key("1.1.0", FLIGHT), latest(0.3, 1)), Map.of());
      PredictionOutcomes.Added repeat =
          PredictionOutcomes.add(
              connection,
              Map.of(key("1.1.0", FLIGHT), sameAt(latest(0.3, 1), 1 + 20 * 60)),
              Map.of());
      LocalDateTime afterRepeat = loggedAt(connection);
      PredictionOutcomes.Added anHourOn =
          PredictionOutcomes.add(
              connection,
              Map.of(key("1.1.0", FLIGHT), sameAt(latest(0.3, 1), 1 + 90 * 60)),
              Map.of());
      LocalDateTime afterAnHour = loggedAt(connection);
      // Another prediction is written however soon it comes.
      PredictionOutcomes.add(
          connection, Map.of(key("1.1.0", FLIGHT), latest(0.4, 3 + 90 * 60)), Map.of());

      // Not written, the row is read back as it stands: the monitor knows it again.
      assertThat(repeat.kept())
          .singleElement()
          .satisfies(row -> {
            assertThat(row.key()).isEqualTo(key("1.1.0", FLIGHT));
            assertThat(row.latest().loggedAt()).isEqualTo(LOGGED.plusSeconds(1));
            assertThat(row.latest().inputs()).isEqualTo(latest(0.3, 1).inputs());
          });
      assertThat(anHourOn.kept())
          .extracting(row -> row.latest().loggedAt())
          .containsExactly(LOGGED.plusSeconds(1 + 90 * 60));
      assertThat(afterRepeat).isEqualTo(LOGGED.plusSeconds(1));
      assertThat(afterAnHour).isEqualTo(LOGGED.plusSeconds(1 + 90 * 60));
      assertThat(PredictionOutcomes.window(connection, "1.1.0", TEN, TEN.plusHours(1)))
          .singleElement()
          .satisfies(row -> {
            assertThat(row.probability()).isEqualTo(0.4);
            assertThat(row.loggedAt()).isEqualTo(LOGGED.plusSeconds(3 + 90 * 60));
          });
    }
  }

  /** The same prediction, made again {@code secondsAfter} the log's first. */
  private static PredictionOutcomes.Latest sameAt(
      PredictionOutcomes.Latest kept, int secondsAfter) {
    return new PredictionOutcomes.Latest(
        kept.probability(), kept.delayed(), LOGGED.plusSeconds(secondsAfter), kept.inputs());
  }

  private static LocalDateTime loggedAt(Connection connection) throws Exception {
    return PredictionOutcomes.window(connection, "1.1.0", TEN, TEN.plusHours(1))
        .getFirst()
        .loggedAt();
  }
}
