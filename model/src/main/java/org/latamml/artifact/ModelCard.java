package org.latamml.artifact;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.latamml.drift.InputProfile;
import org.latamml.evaluation.Evaluation;
import org.latamml.evaluation.Slices;
import org.latamml.explanation.LinearTerms;
import org.latamml.explanation.TreeTerms;
import org.latamml.features.Feature;

/**
 * Everything needed to serve and trust a model file: the JSON beside each {@code
 * Latam_flight_model.{version}.onnx}.
 *
 * @param formatVersion the card format; this build reads {@value #FORMAT_VERSION} only
 * @param version the model's version, as in its file name and {@code version.txt}
 * @param algorithm how it was trained ({@code logreg}, {@code xgboost}, or any name for a model
 *     exported elsewhere)
 * @param settings the trainer's settings, by name
 * @param featureSet the name of its feature set ({@code onehot37}, {@code rich}, or another)
 * @param features its inputs, in the order of the ONNX input vector
 * @param onnx where the ONNX graph takes its input and gives its probabilities
 * @param threshold probability of delay at and above which a flight is labelled delayed
 * @param calibration how the probabilities were calibrated and the threshold chosen; absent from
 *     cards of models trained before calibration
 * @param linearTerms a linear model's intercept and weights, which explain its predictions exactly;
 *     absent for other models
 * @param treeTerms a boosted-tree model's trees with their covers, which explain its predictions
 *     exactly (TreeSHAP); absent for other models and for trees made before they were kept
 * @param trainingData what it was trained on
 * @param evaluation its results on the held-out rows at {@code threshold}
 * @param slices the same by airline and by month; absent from cards made before slices
 * @param profile the spread of its inputs over the training flights and of its probabilities over
 *     the held-out ones, which live inputs are compared with; absent from cards made before
 *     profiles
 * @param probes a few input rows with the probabilities its maker computed, which a service
 *     reproduces before it accepts the model; absent from cards made before probes
 * @param createdAt when it was made, ISO-8601 UTC
 * @param libraries the versions of the libraries that made it
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "format_version",
  "version",
  "algorithm",
  "settings",
  "feature_set",
  "features",
  "onnx",
  "threshold",
  "calibration",
  "linear_terms",
  "tree_terms",
  "training_data",
  "evaluation",
  "slices",
  "profile",
  "probes",
  "created_at",
  "libraries"
})
public record ModelCard(
    int formatVersion,
    String version,
    String algorithm,
    Map<String, Object> settings,
    String featureSet,
    List<Feature> features,
    OnnxSignature onnx,
    double threshold,
    Calibration calibration,
    LinearTerms linearTerms,
    TreeTerms treeTerms,
    TrainingData trainingData,
    Evaluation evaluation,
    Slices slices,
    InputProfile profile,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Probe> probes,
    String createdAt,
    Map<String, String> libraries) {

  /** The same card with {@code rows} as its probes. */
  public ModelCard withProbes(List<Probe> rows) {
    return with(treeTerms, rows);
  }

  /**
   * The same card without its trees: what a reader of the card needs, without the megabytes of
   * nodes that only explanations read.
   */
  public ModelCard withoutTreeTerms() {
    return with(null, probes);
  }

  private ModelCard with(TreeTerms trees, List<Probe> rows) {
    return new ModelCard(
        formatVersion,
        version,
        algorithm,
        settings,
        featureSet,
        features,
        onnx,
        threshold,
        calibration,
        linearTerms,
        trees,
        trainingData,
        evaluation,
        slices,
        profile,
        rows,
        createdAt,
        libraries);
  }

  /** The card format this build writes and reads. */
  public static final int FORMAT_VERSION = 1;

  /** Checks what serving needs. */
  public ModelCard {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(features, "features");
    Objects.requireNonNull(onnx, "onnx");
    if (!(threshold > 0 && threshold < 1)) {
      throw new IllegalArgumentException(
          "threshold must be between 0 and 1 exclusive, got " + threshold);
    }
    settings = settings == null ? Map.of() : settings;
    probes = probes == null ? List.of() : List.copyOf(probes);
    libraries = libraries == null ? Map.of() : libraries;
  }
}
