-- When the store learnt of a departure (the feeder's report, or the time it was written): a board
-- as of a time counts a departure only once it had left and had been reported by then. Null for
-- imported flights, whose departures count as reported when they left.
ALTER TABLE flight ADD COLUMN departure_reported_at TIMESTAMP;
