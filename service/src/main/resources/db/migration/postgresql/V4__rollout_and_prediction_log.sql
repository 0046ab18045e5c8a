-- The rollout every instance serves: one row per change, the highest id the one in force. A row is
-- never changed: the table is the rollout's history (who set what, when).
CREATE TABLE rollout (
    id               BIGINT           NOT NULL PRIMARY KEY,
    champion         VARCHAR(64)      NOT NULL,
    challenger       VARCHAR(64),
    challenger_share DOUBLE PRECISION NOT NULL,
    mode             VARCHAR(8)       NOT NULL,
    -- The rollout this one replaced: what a rollback returns to.
    previous_id      BIGINT,
    action           VARCHAR(16)      NOT NULL,
    set_by           VARCHAR(256)     NOT NULL,
    set_at           TIMESTAMP        NOT NULL
);

-- Every prediction answered (and every shadow prediction), written in batches off the request path.
-- Partitioned by day. Times are UTC; scheduled_departure is the airport's local time, as in flight.
CREATE TABLE prediction_log (
    logged_at           TIMESTAMP        NOT NULL,
    request_id          VARCHAR(64),
    route               VARCHAR(32)      NOT NULL,
    flight_id           BIGINT,
    -- A stored flight's airline code; null for a flight described by its features.
    airline_code        VARCHAR(8),
    airline             VARCHAR(64)      NOT NULL,
    flight_number       VARCHAR(16),
    scheduled_departure TIMESTAMP        NOT NULL,
    model_version       VARCHAR(64)      NOT NULL,
    probability         DOUBLE PRECISION NOT NULL,
    delayed             BOOLEAN          NOT NULL,
    shadow              BOOLEAN          NOT NULL,
    fallback            BOOLEAN          NOT NULL,
    input_digest        CHAR(16)         NOT NULL
) PARTITION BY RANGE (logged_at);
-- The log writer creates each day's partition (prediction_log_YYYYMMDD) before it writes to it, and
-- retention drops whole days; a row of a day without one would land here.
CREATE TABLE prediction_log_other PARTITION OF prediction_log DEFAULT;
CREATE INDEX prediction_log_by_time ON prediction_log (logged_at);
-- A departure finds the predictions made for its flight by the flight's id or natural key.
CREATE INDEX prediction_log_by_flight ON prediction_log (flight_id);
CREATE INDEX prediction_log_by_number ON prediction_log (airline_code, flight_number, scheduled_departure);
