-- Airline codes are stored in upper case (ICAO codes are upper-case letters): a flight sent as
-- "lan" is LAN's. A flight stored before in another case takes the upper-case code, unless that
-- would give its key to another stored flight, which then stays as it was.
UPDATE flight SET airline_code = UPPER(airline_code)
WHERE airline_code <> UPPER(airline_code)
  AND NOT EXISTS (
    SELECT 1 FROM flight other
    WHERE other.airline_code = UPPER(flight.airline_code)
      AND other.flight_number = flight.flight_number
      AND other.scheduled_departure = flight.scheduled_departure);
