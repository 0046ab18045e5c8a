-- Live flights: schedules and departures arrive as events (POST /v1/flights, /v1/departures,
-- Pub/Sub) besides imported files.

-- Each write of a flight stamps it with the store's change number, so that every instance can
-- follow the store: it reads the flights changed since the last number it applied.
ALTER TABLE flight ADD COLUMN change_seq BIGINT NOT NULL DEFAULT 0;
CREATE INDEX flight_by_change ON flight (change_seq);
-- A day's board reads flights by scheduled time; a batch of events finds its flights by it, a
-- range of times at a time, and by nothing else: the index by airline and number, which nothing
-- reads, goes (each index costs every write; docs/PERFORMANCE.md, "Ingest").
CREATE INDEX flight_by_schedule ON flight (scheduled_departure);
DROP INDEX flight_by_number;
-- The latest departure says which day the airport is living, which the board keeps in memory.
CREATE INDEX flight_by_departure ON flight (actual_departure);

-- One row: the last change number and the next flight id. Every writing transaction updates it
-- first, which serialises writers: change numbers become visible in the order they were given,
-- and ids are handed out without gaps (a rolled-back batch gives its ids back).
CREATE TABLE store_clock (
    id             INTEGER NOT NULL PRIMARY KEY,
    change_seq     BIGINT  NOT NULL,
    next_flight_id BIGINT  NOT NULL
);
INSERT INTO store_clock (id, change_seq, next_flight_id)
    SELECT 1, 0, COALESCE(MAX(id), 0) + 1 FROM flight;

-- Pub/Sub delivers at least once: a message id seen before is acknowledged and changes nothing.
CREATE TABLE event_message (
    message_id  VARCHAR(128) NOT NULL PRIMARY KEY,
    received_at TIMESTAMP    NOT NULL
);
