package org.latamml.problem;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class AllowedMethodsTest {
  /** A resource with a literal path, a parameter, a parameter with its own pattern. */
  @Path("/v1/things/")
  public static class Things {
    @GET
    public String list() {
      return "";
    }

    @POST
    public String add() {
      return "";
    }

    @PUT
    @Path("{id}")
    public String replace() {
      return "";
    }

    @DELETE
    @Path("/{code: [A-Z]{3}}/")
    public String remove() {
      return "";
    }
  }

  /** A class whose literal path is also a path of {@code Things}'s parameter. */
  @Path("/v1/things/latest")
  public static class LatestThing {
    @PUT
    public String replace() {
      return "";
    }
  }

  private final AllowedMethods allowed =
      AllowedMethods.of(List.of(Things.class, LatestThing.class));

  @Test
  void aPathsMethodsWithHeadBesideGetAndOptions() {
    assertThat(allowed.allowFor("/v1/things")).isEqualTo("GET, HEAD, OPTIONS, POST");
    assertThat(allowed.allowFor("/v1/things/")).isEqualTo("GET, HEAD, OPTIONS, POST");
  }

  @Test
  void aParameterTakesOneSegmentAndAPatternedOneOnlyWhatItsPatternMatches() {
    assertThat(allowed.allowFor("/v1/things/42")).isEqualTo("OPTIONS, PUT");
    assertThat(allowed.allowFor("/v1/things/ABC")).isEqualTo("DELETE, OPTIONS, PUT");
    assertThat(allowed.allowFor("/v1/things/42/more")).isNull();
  }

  @Test
  void aPathTwoClassesTakeIsTheMoreLiteralClasssAlone() {
    // JAX-RS routes /v1/things/latest to LatestThing: Things' PUT {id} never sees it.
    assertThat(allowed.allowFor("/v1/things/latest")).isEqualTo("OPTIONS, PUT");
    assertThat(allowed.allowFor("/v1/things/XYZ")).isEqualTo("DELETE, OPTIONS, PUT");
  }

  @Test
  void aPathNoResourceTakesHasNoAllow() {
    assertThat(allowed.allowFor("/v1/other")).isNull();
    assertThat(allowed.allowFor("/v1/things.json")).isNull();
  }
}
