package org.latamml.store;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.latamml.app.ServicePaths;
import org.latamml.flight.FlightDataException;

/**
 * {@code ./latam import-flights <csv> [--replace]}: loads raw-format flights into the store,
 * migrating its schema first, with progress on stderr. Runs without the service, or beside it on
 * the same embedded store.
 */
public final class ImportFlights {
  private ImportFlights() {}

  /** Runs the import and exits: 0 done, 2 bad arguments or data, 1 store failure. */
  public static void main(String[] args) {
    System.exit(
        run(
            args,
            new PrintStream(System.out, true, StandardCharsets.UTF_8),
            new PrintStream(System.err, true, StandardCharsets.UTF_8)));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
      (args.length == 0 ? err : out)
          .println(
              "Usage: latam import-flights <flights.csv> [--replace]\n"
                  + "Loads raw-format flights (the dataset_SCL.csv layout) into the store; flight n"
                  + " is the file's n-th data row.\nImporting the same file again changes nothing;"
                  + " --replace replaces another file's flights.");
      return args.length == 0 ? 2 : 0;
    }
    Path file = Path.of(args[0]);
    boolean replace = args.length > 1 && args[1].equals("--replace");
    if (args.length > 2 || (args.length == 2 && !replace)) {
      err.println("latam import-flights: unknown option " + args[args.length - 1]);
      return 2;
    }
    StoreSettings settings = StoreSettings.fromEnvironment(ServicePaths.fromEnvironment().home());
    try {
      Flyway.configure()
          .dataSource(settings.url(), settings.user(), settings.password())
          .locations(settings.migrations())
          .load()
          .migrate();
      FlightImporter importer =
          new FlightImporter(() ->
              DriverManager.getConnection(settings.url(), settings.user(), settings.password()));
      ImportResult result =
          importer.importFile(file, replace, rows -> err.printf("\rimported %,d flights", rows));
      err.println();
      out.println(
          result.changed()
              ? "imported " + result.rows() + " flights from " + file
              : file + " is already imported (" + result.rows() + " flights): nothing changed");
      return 0;
    } catch (NoSuchFileException e) {
      err.println("latam import-flights: " + file + ": no such file");
      return 2;
    } catch (FlightDataException | ImportConflictException e) {
      err.println("latam import-flights: " + e.getMessage() + "; the store is unchanged");
      return 2;
    } catch (IOException e) {
      err.println("latam import-flights: cannot read " + file + ": " + e.getMessage());
      return 2;
    } catch (SQLException | RuntimeException e) {
      err.println("latam import-flights: the store failed: " + e.getMessage());
      return 1;
    }
  }
}
