package org.latamml.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.latamml.fixtures.FlightFixtures;
import org.latamml.flight.Flight;

class SpellingsTest {
  private final Spellings known =
      Spellings.of(
          List.of(
              new FeatureEncoder(FeatureSets.onehot37()),
              new FeatureEncoder(
                  List.of(
                      Feature.oneHot(FlightField.DESTINATION, "SAEZ"),
                      Feature.oneHot(FlightField.AIRLINE, "New Air"),
                      Feature.oneHot(FlightField.AIRLINE, "NEW AIR")))));

  @Test
  void readsAnAirlineInAnotherCaseAsTheModelsSpellIt() {
    Flight flight = known.canonical(FlightFixtures.flight().airline("grupo latam").build());

    assertThat(flight.airline()).isEqualTo("Grupo LATAM");
  }

  @Test
  void readsADestinationInAnotherCaseAsTheModelsSpellIt() {
    Flight flight = known.canonical(FlightFixtures.flight().destination("saez").build());

    assertThat(flight.destination()).isEqualTo("SAEZ");
  }

  @Test
  void encodesAnAirlineInAnotherCaseAsTheKnownOne() {
    FeatureEncoder onehot37 = new FeatureEncoder(FeatureSets.onehot37());
    Flight exact = FlightFixtures.flight().airline("Sky Airline").build();
    Flight shouted = known.canonical(FlightFixtures.flight().airline("SKY AIRLINE").build());

    assertThat(onehot37.encode(shouted, FlightContext.NONE))
        .containsExactly(onehot37.encode(exact, FlightContext.NONE));
  }

  @Test
  void leavesAFlightSpelledAsKnownUntouched() {
    Flight flight = FlightFixtures.flight().build();
    List<Flight> flights = List.of(flight, FlightFixtures.flight().airline("Sky Airline").build());

    assertThat(known.canonical(flight)).isSameAs(flight);
    assertThat(known.canonical(flights)).isSameAs(flights);
  }

  @Test
  void leavesANameTheModelsDoNotKnowAsGiven() {
    Flight flight =
        known.canonical(FlightFixtures.flight().airline("Andes Nuevo").destination("zzzz").build());

    assertThat(flight.airline()).isEqualTo("Andes Nuevo");
    assertThat(flight.destination()).isEqualTo("zzzz");
  }

  @Test
  void leavesANameKnownInTwoCasesAsGiven() {
    Flight flight = known.canonical(FlightFixtures.flight().airline("new air").build());

    assertThat(flight.airline()).isEqualTo("new air");
    assertThat(known.canonical(FlightFixtures.flight().airline("NEW AIR").build()).airline())
        .isEqualTo("NEW AIR");
  }

  @Test
  void spellsEachFlightOfAListInItsOrder() {
    List<Flight> flights =
        known.canonical(
            List.of(
                FlightFixtures.flight().airline("Sky Airline").build(),
                FlightFixtures.flight().airline("sky airline").number("1").build(),
                FlightFixtures.flight().airline("LATIN AMERICAN WINGS").number("2").build()));

    assertThat(flights)
        .extracting(Flight::airline)
        .containsExactly("Sky Airline", "Sky Airline", "Latin American Wings");
    assertThat(flights).extracting(Flight::flightNumber).containsExactly("226", "1", "2");
  }
}
