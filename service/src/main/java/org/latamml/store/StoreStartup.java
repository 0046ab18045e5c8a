package org.latamml.store;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** On start, imports the file {@code FLIGHTS_CSV} names when the store is empty. */
@ApplicationScoped
public class StoreStartup {
  private static final Logger LOG = Logger.getLogger(StoreStartup.class);

  private final JdbcFlightStore store;
  private final AirportBoard board;
  private final AgroalDataSource dataSource;
  private final Optional<String> flightsCsv;

  StoreStartup(
      JdbcFlightStore store,
      AirportBoard board,
      AgroalDataSource dataSource,
      @ConfigProperty(name = "latam.flights-csv") Optional<String> flightsCsv) {
    this.store = store;
    this.board = board;
    this.dataSource = dataSource;
    this.flightsCsv = flightsCsv;
  }

  void onStart(@Observes StartupEvent event) throws IOException, SQLException {
    long count = store.count();
    if (count > 0 || flightsCsv.isEmpty() || flightsCsv.get().isBlank()) {
      long start = System.nanoTime();
      store.reload();
      LOG.infof(
          "flight store holds %d flights%s (%d ms)",
          count,
          store.answersFromMemory() ? ", in memory" : "",
          (System.nanoTime() - start) / 1_000_000);
      if (count == 0) {
        LOG.info(
            "the store is empty: predictions by id answer 404 until flights are imported"
                + " (./latam import-flights <csv>, or FLIGHTS_CSV=<csv> on start)");
      }
      return;
    }
    Path file = Path.of(flightsCsv.get());
    LOG.infof("flight store is empty: importing %s", file);
    ImportResult result =
        new FlightImporter(dataSource::getConnection).importFile(file, false, rows -> {});
    store.reload();
    board.invalidate();
    LOG.infof("imported %d flights from %s", result.rows(), file);
  }
}
