package org.latamml.rollout;

import java.time.LocalDateTime;
import org.latamml.flight.Flight;

/**
 * Where a flight falls in [0, 1), by its operating airline, number and scheduled departure alone
 * (what every route knows of a flight; not always its airline's code): the same flight always falls
 * at the same place, whichever route asks and whatever else it says, so a canary answers it with
 * the same version every time; and raising a share keeps the flights it had.
 */
public final class FlightHash {
  private FlightHash() {}

  /** The flight's place in [0, 1). */
  public static double placeOf(Flight flight) {
    return placeOf(flight.airline(), flight.flightNumber(), flight.scheduledDeparture());
  }

  /** The place of the flight named by its natural key. */
  public static double placeOf(String airline, String flightNumber, LocalDateTime scheduled) {
    long h = 0xcbf29ce484222325L;
    h = mixIn(h, airline);
    h = mixIn(h, flightNumber);
    // The minute of departure, as the store keys flights.
    h = (h ^ scheduled.toLocalDate().toEpochDay()) * 0x100000001b3L;
    h = (h ^ (scheduled.getHour() * 60L + scheduled.getMinute())) * 0x100000001b3L;
    return (finish(h) >>> 11) * 0x1.0p-53;
  }

  /** FNV-1a over the text's characters, then a separator so that "AB"+"C" differs from "A"+"BC". */
  private static long mixIn(long hash, String text) {
    long h = hash;
    for (int i = 0; i < text.length(); i++) {
      h = (h ^ text.charAt(i)) * 0x100000001b3L;
    }
    return (h ^ 0xff) * 0x100000001b3L;
  }

  /** MurmurHash3's 64-bit finaliser: FNV's low bits alone are poorly spread. */
  private static long finish(long value) {
    long h = value;
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
