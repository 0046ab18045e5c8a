package org.latamml.artifact;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * What a model was trained and evaluated on.
 *
 * @param format {@code raw} or {@code onehot}
 * @param files the names of the files read (data, then labels)
 * @param sha256 SHA-256 of those files' bytes, in that order
 * @param rows how many rows the model was trained on
 * @param heldOutRows how many rows it was evaluated on
 * @param split how the evaluation rows were chosen: {@code test files}, {@code random 33% seed 42},
 *     {@code time: last three months}
 * @param trainingRows which rows of those files it was fitted on; absent from cards made before it
 *     was recorded
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
// training_rows absent, not null, from cards made before it was recorded: its schema is an object.
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingData(
    String format,
    List<String> files,
    String sha256,
    long rows,
    long heldOutRows,
    String split,
    TrainingRows trainingRows) {}
