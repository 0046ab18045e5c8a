-- The prediction log in the order its segments were committed: each write takes its numbers from
-- one clock row, whose lock serialises the writers of every instance, so that numbers become
-- visible in the order they were given and a reader that has read up to n has missed nothing below
-- it (the flight store's change feed works the same way). The monitor reads the log by these
-- numbers; a segment committed late is read late, not skipped. Segments written before this have
-- number 0 and are not monitored.
ALTER TABLE prediction_log ADD COLUMN log_seq BIGINT NOT NULL DEFAULT 0;
CREATE INDEX prediction_log_by_seq ON prediction_log (log_seq);

CREATE TABLE prediction_log_clock (
    id  INTEGER NOT NULL PRIMARY KEY,
    seq BIGINT  NOT NULL
);
INSERT INTO prediction_log_clock (id, seq) VALUES (1, 0);

-- The monitor's place in the log is now the last number it read.
ALTER TABLE monitor_state ADD COLUMN cursor_log_seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE monitor_state DROP COLUMN cursor_logged_at;
ALTER TABLE monitor_state DROP COLUMN cursor_instance_id;
ALTER TABLE monitor_state DROP COLUMN cursor_segment;
