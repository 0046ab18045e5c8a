package org.latamml.store;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.flywaydb.core.Flyway;
import org.latamml.config.ServicePaths;
import org.latamml.flight.FlightDataException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./latam import-flights <csv> [--replace]}: loads raw-format flights into the store,
 * migrating its schema first, with progress on stderr. Runs without the service, or beside it on
 * the same embedded store.
 */
@Command(
    name = "latam import-flights",
    mixinStandardHelpOptions = false,
    description = {
      "Loads raw-format flights (the dataset_SCL.csv layout) into the store; flight n is the"
          + " file's n-th data row.",
      "Importing the same file again changes nothing; --replace replaces another file's flights.",
      "The store: QUARKUS_DATASOURCE_JDBC_URL, _USERNAME, _PASSWORD (default: the embedded H2"
          + " store under data/)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:imported, or the file was imported already",
      "1:the store failed: nothing was imported",
      "2:bad arguments, a file that cannot be read or is not raw-format flights, or another"
          + " file's flights without --replace: nothing was imported"
    })
public final class ImportFlights implements Callable<Integer> {
  /** Exit code for bad arguments and unreadable or malformed input. */
  static final int BAD_INPUT = 2;

  /** Exit code for a store that fails. */
  static final int STORE_FAILED = 1;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "show this help and exit")
  boolean help;

  @Parameters(paramLabel = "<flights.csv>", description = "the raw-format file to import")
  Path file;

  @Option(names = "--replace", description = "replace the flights of another file")
  boolean replace;

  /** Set by the launcher: whether stderr is a terminal ({@code [ -t 2 ]}); plain lines if unset. */
  static final String TERMINAL_PROPERTY = "latam.stderr-terminal";

  private final PrintStream out;
  private final PrintStream err;
  private final boolean terminal = Boolean.getBoolean(TERMINAL_PROPERTY);

  private ImportFlights(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** Runs the import and exits: 0 done, 2 bad arguments or data, 1 store failure. */
  public static void main(String[] args) {
    System.exit(
        run(
            args,
            new PrintStream(System.out, true, StandardCharsets.UTF_8),
            new PrintStream(System.err, true, StandardCharsets.UTF_8)));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    CommandLine commandLine = new CommandLine(new ImportFlights(out, err));
    commandLine.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
    commandLine.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
    commandLine.setParameterExceptionHandler((e, arguments) -> {
      e.getCommandLine().getErr().println("latam import-flights: " + e.getMessage());
      e.getCommandLine().usage(e.getCommandLine().getErr());
      return BAD_INPUT;
    });
    return commandLine.execute(args);
  }

  /**
   * On a terminal, one line redrawn; elsewhere (a file, a CI log) a whole line per 10,000 flights,
   * where redrawn lines would run together.
   */
  private void progress(long rows) {
    if (terminal) {
      err.printf(Locale.ROOT, "\rimported %,d flights", rows);
    } else if (rows % 10_000 == 0) {
      err.printf(Locale.ROOT, "imported %,d flights%n", rows);
    }
  }

  @Override
  public Integer call() {
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
      ImportResult result = importer.importFile(file, replace, this::progress);
      if (terminal) {
        err.println();
      }
      out.println(
          result.changed()
              ? "imported " + result.rows() + " flights from " + file
              : file + " is already imported (" + result.rows() + " flights): nothing changed");
      return 0;
    } catch (NoSuchFileException e) {
      err.println("latam import-flights: " + file + ": no such file");
      return BAD_INPUT;
    } catch (FlightDataException e) {
      err.println("latam import-flights: " + e.getMessage() + "; the store is unchanged");
      return BAD_INPUT;
    } catch (ImportConflictException e) {
      err.println(
          "latam import-flights: "
              + e.getMessage()
              + "; import with --replace to replace them; the store is unchanged");
      return BAD_INPUT;
    } catch (IOException e) {
      err.println("latam import-flights: cannot read " + file + ": " + e.getMessage());
      return BAD_INPUT;
    } catch (SQLException | RuntimeException e) {
      err.println("latam import-flights: the store failed: " + e.getMessage());
      return STORE_FAILED;
    }
  }
}
