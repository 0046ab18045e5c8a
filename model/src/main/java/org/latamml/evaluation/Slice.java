package org.latamml.evaluation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A model's results on one group of rows (an airline, a month).
 *
 * @param name the group
 * @param rows how many rows it has
 * @param delayRate the share of them delayed
 * @param meanProbability the mean predicted probability: beside the delay rate, whether the model
 *     is calibrated for this group
 * @param rocAuc ROC AUC within the group; null when it has a single class
 * @param brier Brier score within the group
 * @param recall of delayed flights at the model's threshold
 * @param precision of flights labelled delayed at the threshold
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Slice(
    String name,
    int rows,
    double delayRate,
    double meanProbability,
    Double rocAuc,
    double brier,
    double recall,
    double precision) {}
