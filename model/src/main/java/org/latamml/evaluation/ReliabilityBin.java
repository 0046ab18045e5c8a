package org.latamml.evaluation;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One bin of a reliability diagram: the rows whose predicted probability fell in {@code [lower,
 * upper)} (the last bin includes 1).
 *
 * @param lower the bin's lowest probability
 * @param upper the bin's highest probability
 * @param meanPredicted the mean predicted probability of its rows, 0 when it has none
 * @param observedRate the share of its rows that were delayed, 0 when it has none
 * @param count how many rows fell in it
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ReliabilityBin(
    double lower, double upper, double meanPredicted, double observedRate, long count) {}
