package org.latamml.monitoring;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jboss.logging.Logger;
import org.latamml.artifact.ModelCard;
import org.latamml.config.ServiceSettings;
import org.latamml.drift.InputBins;
import org.latamml.drift.InputDrift;
import org.latamml.problem.InvalidInputProblem;
import org.latamml.store.JvmExit;

/**
 * Live quality and drift as Prometheus gauges, labelled {@code model_version} and {@code window}
 * (1h, 24h, 7d up to the airport's now), drift also {@code input}: every instance publishes the
 * same figures, read from the store, so that any instance scraped tells the whole fleet's.
 */
@Singleton
public class QualityGauges {
  private static final Logger LOG = Logger.getLogger(QualityGauges.class);

  private final QualityReport report;
  private final AirportClock clock;
  private final ScheduledExecutorService scheduler;
  private final long intervalMillis;
  private final boolean enabled;
  private final Map<String, MultiGauge> gauges = new LinkedHashMap<>();
  private final Map<String, Function<LiveQuality, Number>> figures = new LinkedHashMap<>();
  private final MultiGauge psi;
  private final MultiGauge psiByChance;
  private final MultiGauge unknown;

  /** The most drifted inputs a version's gauges carry per window, besides its score. */
  static final int TOP_INPUTS = 5;

  @Inject
  QualityGauges(
      QualityReport report,
      AirportClock clock,
      ScheduledExecutorService scheduler,
      ServiceSettings settings,
      MeterRegistry metrics) {
    this.report = report;
    this.clock = clock;
    this.scheduler = scheduler;
    // Every instance reads the same figures from the store: a few times a minute is enough.
    this.intervalMillis = settings.monitoring().interval().multipliedBy(6).toMillis();
    this.enabled = settings.predictionLog().enabled();
    figure(metrics, "latam_model_live_outcomes", "flights with an outcome", q -> q.count());
    figure(metrics, "latam_model_live_predicted", "flights predicted", q -> q.predicted());
    figure(metrics, "latam_model_live_delay_rate", "share delayed", LiveQuality::delayRate);
    figure(metrics, "latam_model_live_roc_auc", "ROC AUC", LiveQuality::rocAuc);
    figure(metrics, "latam_model_live_brier", "Brier score", LiveQuality::brier);
    figure(metrics, "latam_model_live_ece", "expected calibration error", LiveQuality::ece);
    figure(
        metrics,
        "latam_model_live_recall",
        "recall of delayed flights at the card's threshold",
        QualityGauges::recallOfDelayed);
    figure(
        metrics,
        "latam_model_live_precision",
        "precision of delayed flights at the card's threshold",
        QualityGauges::precisionOfDelayed);
    figure(
        metrics,
        "latam_model_expected_precision",
        "precision expected from the probabilities, on the flights with an outcome",
        q -> q.expected() == null ? null : q.expected().precision());
    figure(
        metrics,
        "latam_model_offline_roc_auc",
        "ROC AUC on the card's test data",
        q -> q.offline() == null ? null : q.offline().rocAuc());
    psi =
        MultiGauge.builder("latam_model_input_psi")
            .description(
                "population stability index of an input (the most drifted few, and the score)"
                    + " against the card's training profile, per model version and window")
            .register(metrics);
    psiByChance =
        MultiGauge.builder("latam_model_input_psi_by_chance")
            .description(
                "the index chance alone stays under 999 times in 1000 on as many flights: drift is"
                    + " an index above both 0.2 and this")
            .register(metrics);
    unknown =
        MultiGauge.builder("latam_model_unknown_inputs")
            .description(
                "flights with a value of a category input the model never saw in training, per"
                    + " model version and window")
            .register(metrics);
  }

  /**
   * Recall of the delayed flights, absent from a window where none was delayed: the report's 0
   * (scikit-learn's convention) would read as a model that found none of them.
   */
  static Double recallOfDelayed(LiveQuality quality) {
    return quality.classes() == null || quality.classes().get("1").support() == 0
        ? null
        : quality.classes().get("1").recall();
  }

  /** Precision on the delayed flights, absent from a window where none was predicted delayed. */
  static Double precisionOfDelayed(LiveQuality quality) {
    List<List<Long>> matrix = quality.confusionMatrix();
    return quality.classes() == null
            || matrix == null
            || matrix.get(0).get(1) + matrix.get(1).get(1) == 0
        ? null
        : quality.classes().get("1").precision();
  }

  private void figure(
      MeterRegistry metrics, String name, String what, Function<LiveQuality, Number> figure) {
    gauges.put(
        name,
        MultiGauge.builder(name)
            .description(what + ", per model version and window of scheduled departures")
            .register(metrics));
    figures.put(name, figure);
  }

  void onStart(@Observes StartupEvent event) {
    if (enabled) {
      var unused =
          scheduler.scheduleWithFixedDelay(
              this::publish, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }
  }

  /** Reads every version's quality over each published window and publishes it. */
  void publish() {
    try {
      LocalDateTime now = clock.now();
      List<QualityWindow> windows =
          QualityWindow.PUBLISHED.stream().map(name -> QualityWindow.last(name, now)).toList();
      QualityWindow widest = windows.get(windows.size() - 1);
      Map<String, List<MultiGauge.Row<?>>> rows = new LinkedHashMap<>();
      figures.keySet().forEach(name -> rows.put(name, new ArrayList<>()));
      List<MultiGauge.Row<?>> indices = new ArrayList<>();
      List<MultiGauge.Row<?>> chances = new ArrayList<>();
      List<MultiGauge.Row<?>> unknowns = new ArrayList<>();
      for (String version : report.versions(widest)) {
        ModelCard card;
        try {
          card = report.card(version).orElse(null);
        } catch (InvalidInputProblem unreadable) {
          // Its card cannot be read (the registry says why): the other versions are published.
          card = null;
        }
        if (card == null) {
          continue;
        }
        QualityReport.Measured measured = report.measure(card, windows);
        for (LiveQuality quality : measured.qualities()) {
          Tags tags = Tags.of("model_version", version, "window", quality.window());
          figures.forEach((gauge, figure) -> {
            Number value = figure.apply(quality);
            if (value != null) {
              rows.get(gauge).add(MultiGauge.Row.of(tags, value));
            }
          });
        }
        for (LiveDrift drift : measured.drifts()) {
          Tags tags = Tags.of("model_version", version, "window", drift.window());
          List<InputDrift> shown = new ArrayList<>();
          drift.inputs().stream()
              .filter(i -> i.psi() != null)
              .limit(TOP_INPUTS)
              .forEach(shown::add);
          shown.add(drift.score());
          for (InputDrift input : shown) {
            if (input.psi() != null) {
              Tags named = tags.and("input", input.input());
              indices.add(MultiGauge.Row.of(named, input.psi()));
              chances.add(MultiGauge.Row.of(named, input.psiByChance()));
            }
          }
          for (InputDrift input : drift.inputs()) {
            if (card.profile().input(input.input()).map(InputBins::isCategory).orElse(false)) {
              long flights =
                  input.unknown().stream().mapToLong(InputDrift.UnknownValue::flights).sum();
              unknowns.add(MultiGauge.Row.of(tags.and("input", input.input()), flights));
            }
          }
        }
      }
      rows.forEach((gauge, values) -> gauges.get(gauge).register(values, true));
      psi.register(indices, true);
      psiByChance.register(chances, true);
      unknown.register(unknowns, true);
    } catch (RuntimeException | IOException e) {
      if (!JvmExit.underway()) {
        LOG.warnf("cannot publish the live quality gauges: %s", e.getMessage());
      }
    }
  }
}
