package org.latamml.features;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.latamml.flight.Flight;

/**
 * The airline names and destination codes some models know, so that a flight's are matched without
 * regard to case: {@code grupo latam} is read as {@code Grupo LATAM}, where an exact match would
 * leave the model with none of the airline's inputs, and the board with none of its departures.
 * Names the models do not know, or know in two spellings that differ only in case, are left as
 * given. Immutable and thread-safe.
 */
public final class Spellings {
  /** No known spellings: every name left as given. */
  public static final Spellings NONE = of(List.of());

  private final Known airlines;
  private final Known destinations;

  private Spellings(Known airlines, Known destinations) {
    this.airlines = airlines;
    this.destinations = destinations;
  }

  /** The spellings the encoders' one-hot inputs name. */
  public static Spellings of(Collection<FeatureEncoder> encoders) {
    Set<String> airlines = new HashSet<>();
    Set<String> destinations = new HashSet<>();
    for (FeatureEncoder encoder : encoders) {
      airlines.addAll(encoder.categoriesOf(FlightField.AIRLINE));
      destinations.addAll(encoder.categoriesOf(FlightField.DESTINATION));
    }
    return new Spellings(Known.of(airlines), Known.of(destinations));
  }

  /** The known spelling of an airline's name, or the name as given. */
  public String airline(String name) {
    return airlines.spelling(name);
  }

  /** The flight with its airline and destination spelled as known; itself when they are. */
  // By identity: a spelling left as given is the same instance, and most flights are spelled so.
  @SuppressWarnings("ReferenceEquality")
  public Flight canonical(Flight flight) {
    String airline = airlines.spelling(flight.airline());
    String destination = destinations.spelling(flight.destination());
    if (airline == flight.airline() && destination == flight.destination()) {
      return flight;
    }
    return new Flight(
        flight.scheduledDeparture(),
        flight.flightNumber(),
        destination,
        flight.airlineCode(),
        airline,
        flight.type(),
        flight.destinationCity(),
        flight.actualDeparture());
  }

  /** The flights spelled as known, in their order; the same list when every one is already. */
  @SuppressWarnings("ReferenceEquality") // as above: an unchanged flight is the same instance
  public List<Flight> canonical(List<Flight> flights) {
    List<Flight> spelled = null;
    for (int i = 0; i < flights.size(); i++) {
      Flight flight = flights.get(i);
      Flight canonical = canonical(flight);
      if (canonical != flight && spelled == null) {
        spelled = new ArrayList<>(flights.subList(0, i));
      }
      if (spelled != null) {
        spelled.add(canonical);
      }
    }
    return spelled == null ? flights : spelled;
  }

  /** One field's known spellings, and each by its lower case where no other shares it. */
  private record Known(Set<String> exact, Map<String, String> byLowerCase) {
    static Known of(Set<String> spellings) {
      Map<String, String> byLowerCase = new HashMap<>();
      Set<String> shared = new HashSet<>();
      for (String spelling : spellings) {
        String lower = spelling.toLowerCase(Locale.ROOT);
        String other = byLowerCase.putIfAbsent(lower, spelling);
        if (other != null) {
          shared.add(lower);
        }
      }
      byLowerCase.keySet().removeAll(shared);
      return new Known(Set.copyOf(spellings), Map.copyOf(byLowerCase));
    }

    /** The known spelling of {@code text}, or {@code text} itself (the same instance). */
    String spelling(String text) {
      if (text.isEmpty() || exact.contains(text)) {
        return text;
      }
      return byLowerCase.getOrDefault(text.toLowerCase(Locale.ROOT), text);
    }
  }
}
