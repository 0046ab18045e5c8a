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

-- Every prediction answered (and every shadow prediction), written in batches off the request path:
-- a row per batch (a segment), its predictions encoded in it in the order they were made
-- (predictionlog/LogSegment), because a row per prediction costs the store more than the
-- predictions do (docs/PERFORMANCE.md, "The prediction log"). Times are UTC.
CREATE TABLE prediction_log (
    -- Which instance wrote it, and its number there: segments of one instance never overlap.
    instance_id     VARCHAR(36)  NOT NULL,
    segment         BIGINT       NOT NULL,
    first_logged_at TIMESTAMP    NOT NULL,
    -- At most a minute after first_logged_at: the writer starts a new segment after that.
    last_logged_at  TIMESTAMP    NOT NULL,
    entries         INTEGER      NOT NULL,
    body            VARBINARY    NOT NULL
);
CREATE INDEX prediction_log_by_time ON prediction_log (first_logged_at);
