package org.latamml.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.PrintWriter;
import org.latamml.artifact.ModelCards;
import org.latamml.evaluation.ClassificationReport;
import org.latamml.evaluation.Evaluation;
import picocli.CommandLine.Option;

/** The options every command that reports an evaluation shares: help, and JSON or text. */
final class ReportOptions {

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "show this help and exit")
  boolean help;

  @Option(
      names = "--json",
      description = "print the evaluation as JSON on stdout, and nothing else")
  boolean json;

  /** Prints the evaluation: alone as JSON, or as a report under {@code heading}. */
  void print(PrintWriter out, String heading, Evaluation evaluation)
      throws JsonProcessingException {
    if (json) {
      out.println(ModelCards.JSON.writeValueAsString(evaluation));
    } else {
      out.printf("%s%n%n", heading);
      out.print(ClassificationReport.format(evaluation));
    }
    out.flush();
  }

  /** Whether only JSON goes to stdout. */
  boolean json() {
    return json;
  }
}
