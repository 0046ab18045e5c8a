package org.latamml.monitoring;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.latamml.artifact.ModelCard;
import org.latamml.problem.InvalidInputProblem;
import org.latamml.problem.NotFoundProblem;
import org.latamml.problem.ServiceUnavailableProblem;
import org.latamml.registry.ModelRegistry;
import org.latamml.registry.ModelVersions;
import org.latamml.store.StoreException;

/**
 * A version's live quality over a window, from the kept predictions and outcomes (never the log),
 * its threshold and offline figures from its card.
 */
@Singleton
public class QualityReport {
  private final DataSource dataSource;
  private final ModelRegistry registry;

  @Inject
  QualityReport(DataSource dataSource, ModelRegistry registry) {
    this.dataSource = dataSource;
    this.registry = registry;
  }

  /**
   * The card of {@code version}, if the model store has it.
   *
   * @throws IOException when the model store does not answer
   */
  public Optional<ModelCard> card(String version) throws IOException {
    return registry.card(version);
  }

  /**
   * The card of the version a request names in {@code parameter}.
   *
   * @throws InvalidInputProblem when it is no version
   * @throws NotFoundProblem when the model store has no card of it
   * @throws ServiceUnavailableProblem when the model store does not answer
   */
  public ModelCard cardAsked(String parameter, String version) {
    String checked = ModelVersions.checked(parameter, version);
    try {
      return card(checked)
          .orElseThrow(
              () -> new NotFoundProblem("model-not-found", "model " + checked + " has no card"));
    } catch (IOException e) {
      throw ModelRegistry.unreachable(e);
    } catch (InvalidInputProblem unreadable) {
      // Its card cannot be read: said of the parameter that named it.
      throw new InvalidInputProblem(parameter, unreadable.toProblem(null).errors().get(0).detail());
    }
  }

  /** The quality of {@code version}, whose card is {@code card}, over {@code window}. */
  public LiveQuality quality(ModelCard card, QualityWindow window) {
    return measure(card, List.of(window), true).qualities().get(0);
  }

  /**
   * The drift of {@code card}'s version's inputs over {@code window}.
   *
   * @throws NotFoundProblem when its card keeps no profile of its inputs to compare with
   */
  public LiveDrift drift(ModelCard card, QualityWindow window) {
    if (card.profile() == null) {
      throw new NotFoundProblem(
          "model-not-profiled",
          "the card of model "
              + card.version()
              + " keeps no profile of its inputs (it was made before cards did): retrain it with"
              + " './latam train' to compare its live inputs with those it learnt from");
    }
    return measure(card, List.of(window), true).drifts().get(0);
  }

  /**
   * A version's quality and, when its card keeps a profile, its drift, over each window.
   *
   * @param qualities its quality over each window, in their order
   * @param drifts its drift over each window; empty without a profile
   */
  public record Measured(List<LiveQuality> qualities, List<LiveDrift> drifts) {}

  /**
   * The quality and drift of {@code card}'s version over each of {@code windows}, its kept
   * predictions read once, over the span of them all, for the gauges: without the monitor's backlog
   * (they publish none, and every instance reads them every few intervals).
   */
  public Measured measure(ModelCard card, List<QualityWindow> windows) {
    return measure(card, windows, false);
  }

  private Measured measure(ModelCard card, List<QualityWindow> windows, boolean withBacklog) {
    LocalDateTime from =
        windows.stream().map(QualityWindow::from).min(Comparator.naturalOrder()).orElseThrow();
    LocalDateTime to =
        windows.stream().map(QualityWindow::to).max(Comparator.naturalOrder()).orElseThrow();
    List<PredictionOutcomes.Row> rows;
    MonitorBacklog backlog;
    try (Connection connection = dataSource.getConnection()) {
      rows = PredictionOutcomes.window(connection, card.version(), from, to);
      backlog = withBacklog ? MonitorBacklog.read(connection) : MonitorBacklog.NONE;
    } catch (SQLException e) {
      throw new StoreException("cannot read the monitored predictions: " + e.getMessage(), e);
    }
    List<LiveQuality> qualities = new ArrayList<>();
    List<LiveDrift> drifts = new ArrayList<>();
    for (QualityWindow window : windows) {
      List<PredictionOutcomes.Row> held =
          PredictionOutcomes.latestPerFlight(
              rows.stream()
                  .filter(row -> window.holds(row.flight().scheduledDeparture()))
                  .toList());
      qualities.add(
          LiveQuality.of(
              card.version(), window, held, card.threshold(), card.evaluation(), backlog));
      if (card.profile() != null) {
        drifts.add(LiveDrift.of(card, card.profile(), window, held, backlog));
      }
    }
    return new Measured(qualities, drifts);
  }

  /**
   * {@code challenger} against {@code champion} on the flights of {@code window} both predicted.
   */
  public RolloutComparison compare(String champion, String challenger, QualityWindow window) {
    try (Connection connection = dataSource.getConnection()) {
      return RolloutComparison.of(
          champion,
          challenger,
          window,
          PredictionOutcomes.window(connection, champion, window.from(), window.to()),
          PredictionOutcomes.window(connection, challenger, window.from(), window.to()),
          MonitorBacklog.read(connection));
    } catch (SQLException e) {
      throw new StoreException("cannot read the monitored predictions: " + e.getMessage(), e);
    }
  }

  /** The versions with predictions of flights in {@code window}. */
  public List<String> versions(QualityWindow window) {
    try (Connection connection = dataSource.getConnection()) {
      return PredictionOutcomes.versions(connection, window.from(), window.to());
    } catch (SQLException e) {
      throw new StoreException("cannot read the monitored predictions: " + e.getMessage(), e);
    }
  }
}
