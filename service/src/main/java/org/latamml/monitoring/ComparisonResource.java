package org.latamml.monitoring;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.latamml.auth.Roles;
import org.latamml.problem.InvalidInputProblem;
import org.latamml.problem.NotFoundProblem;
import org.latamml.rollout.Rollout;
import org.latamml.rollout.ServedRollout;

/**
 * {@code GET /v1/rollout/comparison}: the rollout's challenger against its champion on the same
 * flights, with the differences' intervals and a verdict, for whoever decides to promote it.
 */
@Tag(name = "Monitoring")
@RolesAllowed({Roles.INVOKER, Roles.ADMIN})
@Path("/v1/rollout/comparison")
@Produces(MediaType.APPLICATION_JSON)
public class ComparisonResource {
  private final QualityReport report;
  private final AirportClock clock;
  private final ServedRollout rollout;

  ComparisonResource(QualityReport report, AirportClock clock, ServedRollout rollout) {
    this.report = report;
    this.clock = clock;
    this.rollout = rollout;
  }

  @GET
  @Operation(
      operationId = "compareRolloutVersions",
      summary =
          "The challenger against the champion on the flights both predicted: ROC AUC and Brier"
              + " differences with 95 % intervals, and a verdict (default window: the last 7 days)")
  @APIResponse(
      responseCode = "200",
      description = "the comparison",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = RolloutComparison.class)))
  @APIResponse(
      responseCode = "404",
      description = "no challenger to compare with, or a version has no card in the store")
  public RolloutComparison compare(
      @Parameter(description = "the champion; default: the rollout's") @QueryParam("champion")
          String champion,
      @Parameter(description = "the challenger; default: the rollout's") @QueryParam("challenger")
          String challenger,
      @BeanParam WindowParameters asked) {
    // A malformed window is the caller's to mend whatever the rollout: said first.
    QualityWindow window = asked.asked("7d", clock);
    Rollout current = rollout.serving().rollout();
    String first = present(champion) ? champion.strip() : current.champion();
    String second = present(challenger) ? challenger.strip() : current.challenger();
    if (second == null) {
      throw new NotFoundProblem(
          "no-challenger",
          "the rollout serves "
              + current.champion()
              + " alone: name a challenger (?challenger=) to compare with it");
    }
    report.cardAsked("champion", first);
    report.cardAsked("challenger", second);
    // Named back only once checked to be a model's version.
    if (first.equals(second)) {
      throw new InvalidInputProblem("challenger", "must differ from the champion, " + first);
    }
    return report.compare(first, second, window);
  }

  private static boolean present(String text) {
    return text != null && !text.isBlank();
  }
}
