package org.latamml.cli;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.List;
import org.latamml.artifact.ModelArtifactException;
import org.latamml.flight.FlightDataException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The data scientists' command line: train, evaluate, compare, predict and replay. */
@Command(
    name = "latam",
    mixinStandardHelpOptions = true,
    description = "Train and evaluate flight-delay models.",
    subcommands = {
      TrainCommand.class,
      EvaluateCommand.class,
      CompareCommand.class,
      PredictCommand.class,
      ReplayCommand.class
    })
public final class LatamCli implements Runnable {

  /** Exit code for bad arguments and unreadable or malformed input. */
  static final int BAD_INPUT = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "name a command: train, evaluate, compare, predict or replay");
  }

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    System.exit(
        execute(
            args,
            new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true),
            new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true)));
  }

  /** Runs the command line with these streams and returns its exit code. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine commandLine = new CommandLine(new LatamCli());
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setParameterExceptionHandler((e, arguments) -> {
      PrintWriter errors = e.getCommandLine().getErr();
      List<String> unknown = unknownOptions(e, arguments);
      if (e instanceof CommandLine.MissingParameterException && !unknown.isEmpty()) {
        // picocli checks required options first: a misspelt one would be reported as missing.
        CommandLine.UnmatchedArgumentException misspelt =
            new CommandLine.UnmatchedArgumentException(e.getCommandLine(), unknown);
        errors.println(prefix(e.getCommandLine()) + misspelt.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(misspelt, errors);
      } else {
        errors.println(prefix(e.getCommandLine()) + e.getMessage());
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched) {
          CommandLine.UnmatchedArgumentException.printSuggestions(unmatched, errors);
        }
      }
      return BAD_INPUT;
    });
    commandLine.setExecutionExceptionHandler((e, parsed, result) -> {
      parsed.getErr().println(prefix(parsed) + describe(e));
      return isBadInput(e) ? BAD_INPUT : 1;
    });
    return commandLine.execute(args);
  }

  /** The arguments written as options (a dash and a letter) that the failing command lacks. */
  private static List<String> unknownOptions(CommandLine.ParameterException e, String[] arguments) {
    CommandLine.Model.CommandSpec command = e.getCommandLine().getCommandSpec();
    return Arrays.stream(arguments)
        .filter(argument -> argument.matches("--?[A-Za-z].*"))
        .map(argument -> argument.split("=", 2)[0])
        .filter(option -> command.findOption(option) == null)
        .toList();
  }

  private static String prefix(CommandLine commandLine) {
    return commandLine.getCommandSpec().qualifiedName() + ": ";
  }

  private static boolean isBadInput(Exception e) {
    return e instanceof IOException
        || e instanceof UncheckedIOException
        || e instanceof FlightDataException
        || e instanceof ModelArtifactException
        || e instanceof IllegalArgumentException;
    // A replay the service refused, or could not reach, is not bad input: exit 1.
  }

  private static String describe(Exception e) {
    if (e instanceof NoSuchFileException missing) {
      return missing.getFile() + ": no such file";
    }
    if (e instanceof IOException io) {
      return "cannot read: " + io.getMessage();
    }
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }
}
