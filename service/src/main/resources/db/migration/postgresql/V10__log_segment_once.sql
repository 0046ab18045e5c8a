-- A segment is written once. The log's writer tries a commit again when the store cannot be
-- reached; when only the commit's reply was lost, the segment is in the store already, and the
-- second write is refused by this key (the writer then counts it as written). PostgreSQL's unique
-- keys on a partitioned table hold the partition's column, first_logged_at, which a segment's
-- second write repeats. Segments written twice before this keep their first write (written before
-- V6, both copies have number 0: the row kept is then either, by its place in the table; a
-- segment's copies share first_logged_at, so they are in one partition, where ctid tells them apart).
DELETE FROM prediction_log AS later
 USING prediction_log AS first
 WHERE later.instance_id = first.instance_id
   AND later.segment = first.segment
   AND later.first_logged_at = first.first_logged_at
   AND (later.log_seq > first.log_seq
        OR (later.log_seq = first.log_seq AND later.ctid > first.ctid));
CREATE UNIQUE INDEX prediction_log_segment
    ON prediction_log (instance_id, segment, first_logged_at);
