package org.latamml.monitoring;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.latamml.evaluation.Evaluation;
import org.latamml.evaluation.Evaluator;
import org.latamml.evaluation.PairedBootstrap;

/**
 * A challenger against its champion on the flights both predicted and that have left (a shadow
 * scores every flight; in a canary, the champion scores the challenger's flights in the shadow):
 * each one's ROC AUC and Brier score, the challenger's difference with its 95 % interval (paired
 * bootstrap over flights), and a verdict.
 *
 * @param champion the champion's version
 * @param challenger the challenger's version
 * @param window the window asked
 * @param from the first scheduled time covered, local
 * @param to the first scheduled time past it, local
 * @param flights flights both predicted that have left: the pairs compared
 * @param delayed how many of them left late
 * @param championRocAuc the champion's ROC AUC on them
 * @param challengerRocAuc the challenger's
 * @param championBrier the champion's Brier score on them
 * @param challengerBrier the challenger's
 * @param rocAucDifference challenger minus champion, with its interval (above 0: better)
 * @param brierDifference challenger minus champion, with its interval (below 0: better)
 * @param verdict {@code better}, {@code worse} or {@code not yet known}
 * @param reason why the verdict is what it is
 * @param unreadPredictions predictions logged that the outcome monitor has yet to read: the pairs
 *     may grow once it has
 * @param unreadSince when the oldest of them was logged, UTC; absent when none waits
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RolloutComparison(
    @JsonInclude(JsonInclude.Include.ALWAYS) String champion,
    @JsonInclude(JsonInclude.Include.ALWAYS) String challenger,
    @JsonInclude(JsonInclude.Include.ALWAYS) String window,
    @JsonInclude(JsonInclude.Include.ALWAYS) LocalDateTime from,
    @JsonInclude(JsonInclude.Include.ALWAYS) LocalDateTime to,
    long flights,
    long delayed,
    Double championRocAuc,
    Double challengerRocAuc,
    Double championBrier,
    Double challengerBrier,
    PairedBootstrap.Difference rocAucDifference,
    PairedBootstrap.Difference brierDifference,
    @JsonInclude(JsonInclude.Include.ALWAYS)
        @Schema(enumeration = {"better", "worse", "not yet known"})
        String verdict,
    @JsonInclude(JsonInclude.Include.ALWAYS) String reason,
    @JsonInclude(JsonInclude.Include.ALWAYS) long unreadPredictions,
    Instant unreadSince) {

  /** Fewest pairs, and fewest of each class among them, before a verdict is given. */
  static final int FEWEST_FLIGHTS = 100;

  static final int FEWEST_OF_A_CLASS = 10;

  /** Resamples of the bootstrap, and its seed: the same flights give the same interval. */
  static final int RESAMPLES = 1_000;

  static final long SEED = 20_171_231L;

  /** The comparison of the two versions' kept predictions in the window. */
  static RolloutComparison of(
      String champion,
      String challenger,
      QualityWindow window,
      List<PredictionOutcomes.Row> championRows,
      List<PredictionOutcomes.Row> challengerRows,
      MonitorBacklog backlog) {
    Map<FlightName, PredictionOutcomes.Row> championsLatest = latestKnown(championRows);
    Map<FlightName, PredictionOutcomes.Row> challengersLatest = latestKnown(challengerRows);
    List<FlightName> both = new ArrayList<>();
    for (FlightName flight : championsLatest.keySet()) {
      if (challengersLatest.containsKey(flight)) {
        both.add(flight);
      }
    }
    // One order whatever the store's: the same flights give the same resamples.
    both.sort(FlightName.ORDER);
    int n = both.size();
    int[] labels = new int[n];
    double[] first = new double[n];
    double[] second = new double[n];
    long delayed = 0;
    for (int i = 0; i < n; i++) {
      PredictionOutcomes.Row a = championsLatest.get(both.get(i));
      labels[i] = Boolean.TRUE.equals(a.delayed()) ? 1 : 0;
      delayed += labels[i];
      first[i] = a.probability();
      second[i] = challengersLatest.get(both.get(i)).probability();
    }
    boolean enough =
        n >= FEWEST_FLIGHTS && delayed >= FEWEST_OF_A_CLASS && n - delayed >= FEWEST_OF_A_CLASS;
    Evaluation byChampion = enough ? Evaluator.evaluate(labels, first, 0.5) : null;
    Evaluation byChallenger = enough ? Evaluator.evaluate(labels, second, 0.5) : null;
    PairedBootstrap bootstrap = enough ? new PairedBootstrap(labels, first, second) : null;
    PairedBootstrap.Difference auc = enough ? bootstrap.rocAuc(RESAMPLES, SEED) : null;
    PairedBootstrap.Difference brier = enough ? bootstrap.brier(RESAMPLES, SEED) : null;
    String[] verdict =
        enough
            ? verdict(auc, brier)
            : new String[] {
              "not yet known",
              "too few flights with an outcome that both predicted: "
                  + n
                  + " ("
                  + delayed
                  + " delayed); a verdict needs "
                  + FEWEST_FLIGHTS
                  + ", at least "
                  + FEWEST_OF_A_CLASS
                  + " delayed and "
                  + FEWEST_OF_A_CLASS
                  + " on time"
                  + backlog.clause()
            };
    return new RolloutComparison(
        champion,
        challenger,
        window.name(),
        window.from(),
        window.to(),
        n,
        delayed,
        enough ? byChampion.rocAuc() : null,
        enough ? byChallenger.rocAuc() : null,
        enough ? byChampion.brier() : null,
        enough ? byChallenger.brier() : null,
        auc,
        brier,
        verdict[0],
        verdict[1],
        backlog.predictions(),
        backlog.since());
  }

  /** The verdict and its reason, from the two differences' intervals. */
  private static String[] verdict(
      PairedBootstrap.Difference auc, PairedBootstrap.Difference brier) {
    // Better: one figure surely better and the other not surely worse; worse, the mirror.
    boolean better =
        (auc.surelyPositive() && !brier.surelyPositive())
            || (brier.surelyNegative() && !auc.surelyNegative());
    boolean worse =
        (auc.surelyNegative() && !brier.surelyNegative())
            || (brier.surelyPositive() && !auc.surelyPositive());
    boolean torn =
        (auc.surelyPositive() && brier.surelyPositive())
            || (auc.surelyNegative() && brier.surelyNegative());
    if (better && !worse) {
      return new String[] {
        "better",
        auc.surelyPositive()
            ? "its ROC AUC is higher, the whole 95 % interval above 0"
            : "its Brier score is lower, the whole 95 % interval below 0, and its ROC AUC no lower"
      };
    }
    if (worse && !better) {
      return new String[] {
        "worse",
        auc.surelyNegative()
            ? "its ROC AUC is lower, the whole 95 % interval below 0"
            : "its Brier score is higher, the whole 95 % interval above 0, and its ROC AUC no"
                + " higher"
      };
    }
    return new String[] {
      "not yet known",
      torn
          ? "one figure is surely better, the other surely worse: which matters more is a choice"
              + " this service does not make"
          : "the 95 % intervals of both differences hold 0: more flights will tell"
    };
  }

  /** Each flight's latest prediction with an outcome, shadow or answered. */
  private static Map<FlightName, PredictionOutcomes.Row> latestKnown(
      List<PredictionOutcomes.Row> rows) {
    Map<FlightName, PredictionOutcomes.Row> latest = new HashMap<>();
    PredictionOutcomes.latestPerFlight(rows.stream().filter(row -> row.delayed() != null).toList())
        .forEach(row -> latest.put(row.flight(), row));
    return latest;
  }
}
