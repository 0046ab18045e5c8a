-- A segment is written once. The log's writer tries a commit again when the store cannot be
-- reached; when only the commit's reply was lost, the segment is in the store already, and the
-- second write is refused by this key (the writer then counts it as written). The key holds
-- first_logged_at as PostgreSQL's must. Segments written twice before this keep their first write
-- (written before V6, both copies have number 0: the row kept is then either, by its row id).
DELETE FROM prediction_log AS later
 WHERE EXISTS (
     SELECT 1 FROM prediction_log AS first
      WHERE later.instance_id = first.instance_id
        AND later.segment = first.segment
        AND later.first_logged_at = first.first_logged_at
        AND (later.log_seq > first.log_seq
             OR (later.log_seq = first.log_seq AND later._ROWID_ > first._ROWID_)));
CREATE UNIQUE INDEX prediction_log_segment
    ON prediction_log (instance_id, segment, first_logged_at);
