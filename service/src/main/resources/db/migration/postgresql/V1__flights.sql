-- The flight store on PostgreSQL: one row per flight of the imported raw file, its id the 1-based
-- data-row number, partitioned by month of scheduled departure so that a month's flights (the unit
-- of import, retention and most queries) live together.
CREATE TABLE flight (
    id                  BIGINT       NOT NULL,
    scheduled_departure TIMESTAMP    NOT NULL,
    flight_number       VARCHAR(16)  NOT NULL,
    destination         VARCHAR(8)   NOT NULL,
    airline_code        VARCHAR(8)   NOT NULL,
    airline             VARCHAR(64)  NOT NULL,
    flight_type         CHAR(1)      NOT NULL,
    destination_city    VARCHAR(64)  NOT NULL,
    actual_departure    TIMESTAMP,
    -- A partitioned table's key must hold the partition column; ids stay unique by construction.
    PRIMARY KEY (id, scheduled_departure)
) PARTITION BY RANGE (scheduled_departure);

-- The importer creates each month's partition (flight_YYYY_MM) before it writes to it; a row of
-- a month without one would land here.
CREATE TABLE flight_other PARTITION OF flight DEFAULT;

-- Lookups by id (the API's key) and by (airline, number, date) as operations people name a flight.
CREATE INDEX flight_by_id ON flight (id);
CREATE INDEX flight_by_number ON flight (airline_code, flight_number, scheduled_departure);

-- Which file the flights came from: importing the same file again changes nothing.
CREATE TABLE flight_source (
    id          INTEGER      NOT NULL PRIMARY KEY,
    file_name   VARCHAR(255) NOT NULL,
    sha256      CHAR(64)     NOT NULL,
    row_count   BIGINT       NOT NULL,
    imported_at TIMESTAMP    NOT NULL
);
