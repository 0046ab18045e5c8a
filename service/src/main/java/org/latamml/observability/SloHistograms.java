package org.latamml.observability;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * Histogram buckets for request and store latency, with a bucket at each SLO threshold (250 ms and
 * 3 s), so that the share of requests under each is a ratio of two counters.
 */
@Singleton
public class SloHistograms {
  static final double[] BUCKETS_SECONDS = {
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 3, 10, 30
  };

  @Produces
  @Singleton
  MeterFilter sloBuckets() {
    return new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(
          Meter.Id id, DistributionStatisticConfig config) {
        if (!id.getName().equals("http.server.requests")
            && !id.getName().equals("latam.store.query")) {
          return config;
        }
        double[] nanos =
            Stream.of(BUCKETS_SECONDS)
                .flatMapToDouble(java.util.Arrays::stream)
                .map(seconds -> Duration.ofNanos((long) (seconds * 1e9)).toNanos())
                .toArray();
        return DistributionStatisticConfig.builder()
            .serviceLevelObjectives(nanos)
            .build()
            .merge(config);
      }
    };
  }
}
