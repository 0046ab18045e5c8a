package org.latamml.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JvmExitTest {
  /** Says whether the exit is under way while running, then from a hook as the JVM exits. */
  public static final class Probe {
    public static void main(String[] args) {
      Runtime.getRuntime()
          .addShutdownHook(new Thread(() -> System.out.println("exiting " + JvmExit.underway())));
      System.out.println("running " + JvmExit.underway());
    }
  }

  @Test
  void isUnderwayOnlyOnceTheJvmRunsItsShutdownHooks() throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Probe.class.getName())
            .redirectErrorStream(true)
            .start();

    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(printed.lines()).containsExactly("running false", "exiting true");
  }
}
