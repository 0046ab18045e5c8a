-- The rich model's longer records of other flights (the airport's last day and week, the airline's
-- and the destination's week, the flight number's four weeks), kept as V7's context columns are:
-- the floats the model read; null for rows kept before these inputs existed.
ALTER TABLE monitored_prediction ADD COLUMN delay_rate_24h_before REAL;
ALTER TABLE monitored_prediction ADD COLUMN mean_delay_24h_before REAL;
ALTER TABLE monitored_prediction ADD COLUMN delay_rate_7d_before REAL;
ALTER TABLE monitored_prediction ADD COLUMN airline_delay_rate_7d_before REAL;
ALTER TABLE monitored_prediction ADD COLUMN destination_delay_rate_7d_before REAL;
ALTER TABLE monitored_prediction ADD COLUMN flight_delay_rate_28d_before REAL;
