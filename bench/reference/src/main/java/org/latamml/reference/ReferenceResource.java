package org.latamml.reference;

import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;

/**
 * Reads each request's body and answers a fixed JSON of the service's size, with no work: what
 * Quarkus REST costs by itself on this machine, so each of the service's figures reads as a ratio.
 */
@Path("/")
public class ReferenceResource {
  private static final byte[] ANSWER =
      ("{\"Prediction\":\"Low delayed probability\",\"probability\":0.18952417373657227,"
              + "\"model_version\":\"1.0.0\",\"flight\":{\"id\":76,\"scheduled_departure\":"
              + "\"2017-01-28T22:30:00\",\"flight_number\":\"940\",\"airline\":\"American Airlines\","
              + "\"airline_code\":\"AAL\",\"flight_type\":\"I\",\"destination\":\"KDFW\","
              + "\"destination_city\":\"Dallas\",\"actual_departure\":\"2017-01-28T22:21:00\"}}")
          .getBytes(StandardCharsets.UTF_8);

  @POST
  @Path("{route: .*}")
  @NonBlocking
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  public byte[] post(@PathParam("route") String route, byte[] body) {
    return ANSWER;
  }

  @GET
  @Path("{route: .*}")
  @NonBlocking
  @Produces(MediaType.APPLICATION_JSON)
  public byte[] get(@PathParam("route") String route) {
    return ANSWER;
  }
}
