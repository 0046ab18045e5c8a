package org.latamml.drift;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a model's inputs looked like in the data it learnt from, as its card keeps it: the spread of
 * every input over the training flights and of its probabilities over the held-out ones, the
 * reference a live window's inputs are compared with (population stability).
 *
 * @param flights how many training flights the inputs' spread was measured on
 * @param inputs each input's spread, in the order of the card's flight fields
 * @param score the spread of the model's probabilities over the held-out flights
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InputProfile(long flights, List<InputBins> inputs, InputBins score) {

  /** Checks that every input has a spread and that the score is a number. */
  public InputProfile {
    inputs = List.copyOf(Objects.requireNonNull(inputs, "inputs"));
    Objects.requireNonNull(score, "score");
    if (score.isCategory()) {
      throw new IllegalArgumentException("the score's spread must be a number's bins");
    }
  }

  /** The spread of the input of that name, if the profile has it. */
  public Optional<InputBins> input(String name) {
    return inputs.stream().filter(bins -> bins.input().equals(name)).findFirst();
  }
}
