package org.latamml.explanation;

/**
 * One input's share of a prediction's log-odds.
 *
 * @param input the input as a user reads it: {@code airline = Plus Ultra}, {@code hour = 21}
 * @param contribution what it adds to the log-odds (negative: it lowers the probability)
 */
public record Contribution(String input, double contribution) {}
