-- What the model read for each kept prediction, so that drift compares live inputs with the
-- training profile in the model's card: the flight fields a model may read besides those of the
-- key, and what it read of other flights (its context, as the floats it read, the counts too; null
-- for a model that reads none). Null too for predictions logged before the log kept inputs.
ALTER TABLE monitored_prediction ADD COLUMN airline_code VARCHAR(64);
ALTER TABLE monitored_prediction ADD COLUMN destination VARCHAR(64);
ALTER TABLE monitored_prediction ADD COLUMN flight_type VARCHAR(1);
ALTER TABLE monitored_prediction ADD COLUMN scheduled_same_hour REAL;
ALTER TABLE monitored_prediction ADD COLUMN departed_1_to_3h_before REAL;
ALTER TABLE monitored_prediction ADD COLUMN delay_rate_1_to_3h_before REAL;
ALTER TABLE monitored_prediction ADD COLUMN mean_delay_1_to_3h_before REAL;
ALTER TABLE monitored_prediction ADD COLUMN delay_rate_today REAL;
ALTER TABLE monitored_prediction ADD COLUMN airline_delay_rate_1_to_3h_before REAL;
ALTER TABLE monitored_prediction ADD COLUMN scheduled_within_1h REAL;
