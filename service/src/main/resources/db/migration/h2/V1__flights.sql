-- The flight store: one row per flight of the imported raw file, its id the 1-based data-row number.
CREATE TABLE flight (
    id                  BIGINT       NOT NULL PRIMARY KEY,
    scheduled_departure TIMESTAMP    NOT NULL,
    flight_number       VARCHAR(16)  NOT NULL,
    destination         VARCHAR(8)   NOT NULL,
    airline_code        VARCHAR(8)   NOT NULL,
    airline             VARCHAR(64)  NOT NULL,
    flight_type         CHAR(1)      NOT NULL,
    destination_city    VARCHAR(64)  NOT NULL,
    actual_departure    TIMESTAMP
);

-- Lookups by (airline, number, date) as operations people name a flight.
CREATE INDEX flight_by_number ON flight (airline_code, flight_number, scheduled_departure);

-- Which file the flights came from: importing the same file again changes nothing.
CREATE TABLE flight_source (
    id          INTEGER      NOT NULL PRIMARY KEY,
    file_name   VARCHAR(255) NOT NULL,
    sha256      CHAR(64)     NOT NULL,
    row_count   BIGINT       NOT NULL,
    imported_at TIMESTAMP    NOT NULL
);
