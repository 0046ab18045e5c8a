package org.latamml.store;

import io.agroal.api.AgroalDataSource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.SQLException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.latamml.auth.Roles;
import org.latamml.config.ServiceSettings;
import org.latamml.flight.FlightDataException;
import org.latamml.problem.InvalidInputProblem;
import org.latamml.problem.NotFoundProblem;

/**
 * {@code POST /v1/flights/import} (admin): imports a raw-format file from the service's import
 * folder, as {@code ./latam import-flights} does, in one transaction.
 */
@Tag(name = "Flights")
@RolesAllowed(Roles.ADMIN)
@Path("/v1/flights/import")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class FlightImportResource {
  private final AgroalDataSource dataSource;
  private final ChangeFeed feed;
  private final java.nio.file.Path importDir;

  FlightImportResource(AgroalDataSource dataSource, ChangeFeed feed, ServiceSettings settings) {
    this.dataSource = dataSource;
    this.feed = feed;
    this.importDir = settings.importFolder();
  }

  /**
   * What to import.
   *
   * @param file a file name in the import folder ({@code LATAM_IMPORT_DIR}), no folders
   * @param replace whether another file's flights may be replaced
   */
  @Schema(name = "ImportRequest")
  public record Request(
      @Schema(
              required = true,
              examples = {"flights.csv"})
          String file,
      boolean replace) {}

  /** Whether the file is the folder's own, not a link to a file elsewhere (/etc/passwd, say). */
  private static boolean isInside(java.nio.file.Path file, java.nio.file.Path folder)
      throws IOException {
    return file.toRealPath().startsWith(folder.toRealPath());
  }

  @POST
  @Operation(
      operationId = "importFlights",
      summary = "Import a raw-format flights file from the import folder (admin)")
  @APIResponse(
      responseCode = "200",
      description = "what the import did",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ImportResult.class)))
  @APIResponse(responseCode = "404", description = "the file is not in the import folder")
  @APIResponse(
      responseCode = "409",
      description = "the store holds another file's flights: send \"replace\": true")
  public ImportResult importFile(Request request) throws IOException, SQLException {
    if (request == null
        || request.file() == null
        || !request.file().matches("[A-Za-z0-9._-]{1,200}")
        || request.file().startsWith(".")) {
      throw new InvalidInputProblem(
          "file", "must be a file name in the import folder, such as flights.csv");
    }
    java.nio.file.Path file = importDir.resolve(request.file());
    if (!Files.isRegularFile(file) || !isInside(file, importDir)) {
      throw new NotFoundProblem("file-not-found", request.file() + " is not in the import folder");
    }
    try {
      ImportResult result =
          new FlightImporter(dataSource::getConnection)
              .importFile(file, request.replace(), rows -> {});
      feed.load();
      return result;
    } catch (FlightDataException e) {
      // Named as the caller named it: the import folder's place is the service's own business.
      throw new InvalidInputProblem(
          "file", e.describeAs(request.file()) + "; the store is unchanged");
    } catch (ImportConflictException e) {
      throw new org.latamml.problem.ConflictProblem(
          e.getMessage() + "; send \"replace\": true to replace them");
    }
  }
}
