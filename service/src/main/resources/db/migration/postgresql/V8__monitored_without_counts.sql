-- The monitor no longer writes a kept prediction at every request: a repeat of the same prediction
-- within the hour is not written (last_logged_at is right to within it), so the count of a
-- version's predictions of a flight cannot be kept. Nothing read it; the log holds every one.
ALTER TABLE monitored_prediction DROP COLUMN predictions;
