package org.latamml.compat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.time.LocalDateTime;
import java.util.concurrent.TimeUnit;
import org.latamml.app.FastJson;
import org.latamml.app.JsonBuffers;
import org.latamml.store.FlightView;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code predict-flight}'s answer written as its route writes it ({@link JsonBuffers} through a
 * writer found once), by a mapper with Jackson's time module alone ({@code jackson}) or as the app
 * makes it ({@code app}: {@link FastJson}'s accessors and local times).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AnswerWritingBenchmark {
  @Param({"jackson", "app"})
  public String mapper;

  private ObjectWriter writer;
  private PrototypeResource.Response answer;

  @Setup
  public void prepare() {
    // As Quarkus configures its mapper: times as text.
    ObjectMapper objects =
        new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    if (mapper.equals("app")) {
      new FastJson().customize(objects);
    }
    writer = objects.writerFor(PrototypeResource.Response.class);
    LocalDateTime scheduled = LocalDateTime.of(2017, 1, 28, 22, 30);
    answer =
        new PrototypeResource.Response(
            "Low delayed probability",
            0.18952417373657227,
            "2.0.0",
            new FlightView(
                76,
                scheduled,
                "940",
                "American Airlines",
                "AAL",
                "I",
                "KDFW",
                "Dallas",
                scheduled.minusMinutes(9)),
            null,
            null);
  }

  /** One answer, written into the buffer the route sends. */
  @Benchmark
  public Buffer writeOneAnswer() throws IOException {
    return JsonBuffers.write(writer, answer);
  }
}
