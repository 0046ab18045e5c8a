-- Monitoring: what each model version predicted for each flight, and what happened. The monitor
-- (monitoring/OutcomeMonitor) reads the prediction log once, in bounded batches, and keeps here one
-- row per version and flight: its latest prediction, and once the flight has left, its outcome. Live
-- quality reads these rows (a window's flights), never the log.
CREATE TABLE monitored_prediction (
    model_version       VARCHAR(64)      NOT NULL,
    -- A shadow prediction, logged and never returned, is kept apart from the answers.
    shadow              BOOLEAN          NOT NULL,
    airline             VARCHAR(64)      NOT NULL,
    flight_number       VARCHAR(16)      NOT NULL,
    scheduled_departure TIMESTAMP        NOT NULL,
    probability         DOUBLE PRECISION NOT NULL,
    predicted_delayed   BOOLEAN          NOT NULL,
    -- How many times the version predicted the flight; the latest of them is kept, at this time (UTC).
    predictions         BIGINT           NOT NULL,
    last_logged_at      TIMESTAMP        NOT NULL,
    -- The outcome, once the flight has left: when, and whether more than 15 minutes late.
    actual_departure    TIMESTAMP,
    delayed             BOOLEAN,
    PRIMARY KEY (model_version, shadow, airline, flight_number, scheduled_departure)
);
CREATE INDEX monitored_prediction_by_schedule ON monitored_prediction (scheduled_departure);

-- One row: which instance monitors (one at a time, for a lease it renews), and how far into the
-- prediction log it has read (the last segment, in the order first_logged_at, instance_id, segment),
-- and how far into the store's changes it has looked for departures.
CREATE TABLE monitor_state (
    id                 INTEGER      NOT NULL PRIMARY KEY,
    holder             VARCHAR(36),
    lease_until        TIMESTAMP,
    cursor_logged_at   TIMESTAMP,
    cursor_instance_id VARCHAR(36),
    cursor_segment     BIGINT,
    cursor_change_seq  BIGINT       NOT NULL DEFAULT 0
);
INSERT INTO monitor_state (id) VALUES (1);
