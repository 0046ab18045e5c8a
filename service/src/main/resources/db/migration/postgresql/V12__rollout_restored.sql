-- A rollback's rollout names the one whose models it put back in force: its previous_id is what a
-- further rollback returns to, which is not the rollout it replaced.
ALTER TABLE rollout ADD COLUMN restored_id BIGINT;
