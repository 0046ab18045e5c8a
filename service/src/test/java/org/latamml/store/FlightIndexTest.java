package org.latamml.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.latamml.fixtures.FlightFixtures;
import org.latamml.flight.Flight;
import org.latamml.flight.FlightType;

class FlightIndexTest {

  /** Ten thousand flights over three pages, of every shape a store holds. */
  private static List<StoredFlight> stored() {
    List<StoredFlight> flights = new ArrayList<>();
    List<Flight> year = FlightFixtures.syntheticYear(10_000, 7);
    for (int i = 0; i < year.size(); i++) {
      Flight flight = year.get(i);
      LocalDateTime reported = null;
      if (i % 3 == 0) {
        flight = flight.withActualDeparture(null);
      } else if (i % 7 == 0) {
        reported = flight.actualDeparture().plusSeconds(97).plusNanos(123_456_789);
      }
      if (i % 11 == 0) {
        flight =
            new Flight(
                flight.scheduledDeparture().plusNanos(1),
                flight.flightNumber(),
                flight.destination(),
                flight.airlineCode(),
                flight.airline(),
                FlightType.INTERNATIONAL,
                null,
                flight.actualDeparture());
      }
      flights.add(new StoredFlight(i + 1, flight, reported));
    }
    // Centuries from its page's first flight, beyond what an int of seconds reaches: kept whole.
    flights.add(
        new StoredFlight(
            flights.size() + 1,
            FlightFixtures.flight().scheduled(LocalDateTime.of(2400, 1, 1, 10, 0)).build()));
    // Left 70 years after it was scheduled, and in the year 999,999,999: kept whole.
    Flight late = FlightFixtures.flight().build();
    flights.add(
        new StoredFlight(
            flights.size() + 1, late.withActualDeparture(late.scheduledDeparture().plusYears(70))));
    flights.add(
        new StoredFlight(
            flights.size() + 1,
            FlightFixtures.flight()
                .scheduled(LocalDateTime.MAX.withNano(0))
                .notDeparted()
                .build()));
    return flights;
  }

  /** The index the store builds as it reads these flights. */
  private static FlightIndex index(List<StoredFlight> flights) {
    FlightIndex.Builder builder = new FlightIndex.Builder();
    flights.forEach(builder::add);
    return builder.build();
  }

  /** Flight 2 as an event reports it: left at 9:30, reported a minute later. */
  private static StoredFlight departureOfFlightTwo(List<StoredFlight> flights) {
    return new StoredFlight(
        2,
        flights.get(1).flight().withActualDeparture(LocalDateTime.of(2017, 3, 1, 9, 30)),
        LocalDateTime.of(2017, 3, 1, 9, 31));
  }

  @Test
  void givesBackEveryFlightAsItWasKept() {
    List<StoredFlight> flights = stored();

    FlightIndex index = index(flights);

    assertThat(index.size()).isEqualTo(flights.size());
    for (StoredFlight flight : flights) {
      assertThat(index.get(flight.id())).isEqualTo(flight);
    }
  }

  @Test
  void aPageOfManyDifferentTextsGivesEachBack() {
    // Every text of a page different: 5 x 4,096 texts, the most a page numbers.
    List<StoredFlight> flights = new ArrayList<>();
    Flight base = FlightFixtures.flight().build();
    for (int i = 1; i <= 4_096; i++) {
      flights.add(
          new StoredFlight(
              i,
              new Flight(
                  base.scheduledDeparture().plusMinutes(i),
                  "n" + i,
                  "d" + i,
                  "c" + i,
                  "a" + i,
                  i % 2 == 0 ? FlightType.NATIONAL : FlightType.INTERNATIONAL,
                  i % 5 == 0 ? null : "city " + i,
                  i % 3 == 0 ? null : base.scheduledDeparture().minusMinutes(i))));
    }

    FlightIndex index = index(flights);

    for (StoredFlight flight : flights) {
      assertThat(index.get(flight.id())).isEqualTo(flight);
    }
  }

  @Test
  void aFlightsStampStaysUntilItChanges() {
    List<StoredFlight> flights = stored();
    FlightIndex index = index(flights);
    Object before = index.stamp(2);

    assertThat(index.stamp(2)).isSameAs(before).isNotNull();
    index.put(new StoredFlight(2, flights.get(1).flight().withActualDeparture(null)));

    assertThat(index.stamp(2)).isNotNull().isNotSameAs(before);
    assertThat(index.stamp(3)).isSameAs(before); // its neighbours did not change
    assertThat(index(flights).stamp(3)).isNotSameAs(before); // read again: all anew
    assertThat(index.stamp(index.size() + 1)).isNull();
  }

  @Test
  void aFlightsStampHoldsNothingOfItsPage() throws Exception {
    List<StoredFlight> flights = stored();
    Flight third = flights.get(2).flight();
    // A text of flight 3 alone, held by its page's texts once the index is built.
    String city = new String("Ciudad de una sola vez".toCharArray());
    flights.set(
        2,
        new StoredFlight(
            3,
            new Flight(
                third.scheduledDeparture(),
                third.flightNumber(),
                third.destination(),
                third.airlineCode(),
                third.airline(),
                third.type(),
                city,
                third.actualDeparture())));
    FlightIndex index = index(flights);
    Object stamp = index.stamp(3);
    assertThat(index.get(3).flight().destinationCity()).isSameAs(city);
    java.lang.ref.WeakReference<String> pageText = new java.lang.ref.WeakReference<>(city);
    city = null;
    flights = null;
    index = null;

    assertThat(org.latamml.fixtures.Garbage.isCollected(pageText)).isTrue();
    assertThat(stamp).isNotNull();
  }

  @Test
  void knowsNoIdOutsideItsFlights() {
    FlightIndex index = index(stored());

    assertThat(index.get(0)).isNull();
    assertThat(index.get(-5)).isNull();
    assertThat(index.get(index.size() + 1)).isNull();
  }

  @Test
  void aFlightPutInLaterReplacesTheKeptOneAndNewIdsGrowIt() {
    List<StoredFlight> flights = stored();
    FlightIndex index = index(flights);
    StoredFlight left = departureOfFlightTwo(flights);
    StoredFlight added =
        new StoredFlight(flights.size() + 5_000, FlightFixtures.flight().notDeparted().build());

    index.put(left);
    index.put(added);

    assertThat(index.get(2)).isEqualTo(left);
    assertThat(index.get(3)).isEqualTo(flights.get(2));
    assertThat(index.get(added.id())).isEqualTo(added);
    assertThat(index.size()).isEqualTo(added.id());
    assertThat(index.get(added.id() - 1)).isNull();
  }

  @Test
  void compactingKeepsEveryFlightAsPutSharesTheirTextsAndCountsPutsAnew() {
    List<StoredFlight> flights = stored();
    FlightIndex index = index(flights);
    StoredFlight left = departureOfFlightTwo(flights);
    Flight sent = FlightFixtures.flight().notDeparted().build();
    // The same flight's texts as another message would carry them: equal, not the same strings.
    Flight again =
        new Flight(
            sent.scheduledDeparture().plusMinutes(5),
            new String(sent.flightNumber()),
            new String(sent.destination()),
            new String(sent.airlineCode()),
            new String(sent.airline()),
            sent.type(),
            new String(sent.destinationCity()),
            null);
    long first = flights.size() + 1L;
    index.put(left);
    index.put(new StoredFlight(first, sent));
    index.put(new StoredFlight(first + 1, again));

    FlightIndex compacted = index.compacted();

    assertThat(index.putSinceBuilt()).isEqualTo(3);
    assertThat(compacted.putSinceBuilt()).isZero();
    assertThat(compacted.size()).isEqualTo(first + 1);
    for (long id = 1; id <= compacted.size(); id++) {
      assertThat(compacted.get(id)).isEqualTo(index.get(id));
    }
    // Held in columns now: its stamp is its page's, shared with its neighbours.
    assertThat(compacted.stamp(2)).isSameAs(compacted.stamp(3));
    assertThat(compacted.get(first + 1).flight().airline())
        .isSameAs(compacted.get(first).flight().airline());
    compacted.put(left);
    assertThat(compacted.putSinceBuilt()).isOne();
  }
}
