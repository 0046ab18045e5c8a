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

/**
 * Live quality as Prometheus gauges, labelled {@code model_version} and {@code window} (1h, 24h, 7d
 * up to the airport's now): every instance publishes the same figures, read from the store, so that
 * any instance scraped tells the whole fleet's.
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
        q -> q.classes() == null ? null : q.classes().get("1").recall());
    figure(
        metrics,
        "latam_model_live_precision",
        "precision of delayed flights at the card's threshold",
        q -> q.classes() == null ? null : q.classes().get("1").precision());
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
      for (String version : report.versions(widest)) {
        ModelCard card = report.card(version).orElse(null);
        if (card == null) {
          continue;
        }
        for (LiveQuality quality : report.qualities(card, windows)) {
          Tags tags = Tags.of("model_version", version, "window", quality.window());
          figures.forEach((gauge, figure) -> {
            Number value = figure.apply(quality);
            if (value != null) {
              rows.get(gauge).add(MultiGauge.Row.of(tags, value));
            }
          });
        }
      }
      rows.forEach((gauge, values) -> gauges.get(gauge).register(values, true));
    } catch (RuntimeException | IOException e) {
      LOG.warnf("cannot publish the live quality gauges: %s", e.getMessage());
    }
  }
}
