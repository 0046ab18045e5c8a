package org.latamml.evaluation;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One point of a curve drawn over thresholds: ROC ({@code x} false positive rate, {@code y} true
 * positive rate) or precision–recall ({@code x} recall, {@code y} precision).
 *
 * @param threshold the probability at and above which rows count as predicted delayed
 * @param x the horizontal coordinate
 * @param y the vertical coordinate
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CurvePoint(double threshold, double x, double y) {}
