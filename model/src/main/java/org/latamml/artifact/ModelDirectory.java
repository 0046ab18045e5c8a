package org.latamml.artifact;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@code Models/} folder: {@code Latam_flight_model.{version}.onnx} beside its card {@code
 * Latam_flight_model.{version}.json}, one pair per version.
 *
 * @param root the folder
 */
public record ModelDirectory(Path root) {

  /** Every model file's name starts with this. */
  public static final String PREFIX = "Latam_flight_model.";

  private static final Pattern VERSION = Pattern.compile("[0-9]+(\\.[0-9]+)*([-+][0-9A-Za-z.-]+)?");

  /** What a version looks like, as messages say it. */
  public static final String VERSION_RULE =
      "like 1.0.0 (digits and dots, optional -suffix, at most 64 characters)";

  /** Whether a version can name model files. */
  public static boolean isVersion(String version) {
    return version != null && version.length() <= 64 && VERSION.matcher(version).matches();
  }

  /**
   * Checks that a version can name model files: digits and dots, with an optional {@code -suffix}
   * such as {@code 2.0.0-rc1}.
   *
   * @throws IllegalArgumentException naming the version otherwise
   */
  public static String checkVersion(String version) {
    if (!isVersion(version)) {
      throw new IllegalArgumentException(
          "model version '"
              + (version == null || version.length() <= 64
                  ? version
                  : version.substring(0, 64) + "...")
              + "' is not "
              + VERSION_RULE);
    }
    return version;
  }

  /**
   * Reads the version a {@code version.txt} names.
   *
   * @throws ModelArtifactException when it is missing, empty or not a version
   */
  public static String readServedVersion(Path versionFile) {
    try {
      String version = Files.readString(versionFile, StandardCharsets.UTF_8).strip();
      return checkVersion(version);
    } catch (NoSuchFileException e) {
      throw new ModelArtifactException(versionFile + " does not exist: it names the served model");
    } catch (IOException e) {
      throw new ModelArtifactException(versionFile + " cannot be read: " + e, e);
    } catch (IllegalArgumentException e) {
      throw new ModelArtifactException(versionFile + ": " + e.getMessage(), e);
    }
  }

  /** The card of a version. */
  public Path card(String version) {
    return root.resolve(PREFIX + checkVersion(version) + ".json");
  }

  /** The ONNX file of a version. */
  public Path onnx(String version) {
    return root.resolve(PREFIX + checkVersion(version) + ".onnx");
  }

  /**
   * The version a card's file name gives ({@code Latam_flight_model.1.2.0.json}: 1.2.0), or null
   * for a file not named so.
   */
  public static String versionNamedBy(Path card) {
    String name = card.getFileName().toString();
    if (!name.startsWith(PREFIX) || !name.endsWith(".json")) {
      return null;
    }
    String version = name.substring(PREFIX.length(), name.length() - ".json".length());
    return isVersion(version) ? version : null;
  }

  /** The ONNX file beside a card: same name, {@code .onnx} for {@code .json}. */
  public static Path onnxBeside(Path card) {
    String name = card.getFileName().toString();
    String base = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    return card.resolveSibling(base + ".onnx");
  }

  /** The versions that have a card here, oldest first by numeric comparison. */
  public List<String> versions() throws IOException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(root)) {
      return versionsOf(files.map(path -> path.getFileName().toString()).toList());
    }
  }

  /** The versions whose card is among these file names, oldest first. */
  public static List<String> versionsOf(List<String> fileNames) {
    return fileNames.stream()
        .filter(name -> name.startsWith(PREFIX) && name.endsWith(".json"))
        .map(name -> name.substring(PREFIX.length(), name.length() - ".json".length()))
        .filter(version -> VERSION.matcher(version).matches())
        .sorted(ModelDirectory::compareVersions)
        .toList();
  }

  /** Orders versions by their numeric parts, then by their text. */
  static int compareVersions(String a, String b) {
    String[] left = a.split("[.+-]", -1);
    String[] right = b.split("[.+-]", -1);
    for (int i = 0; i < Math.min(left.length, right.length); i++) {
      int order =
          left[i].matches("\\d+") && right[i].matches("\\d+")
              ? new BigInteger(left[i]).compareTo(new BigInteger(right[i]))
              : left[i].compareTo(right[i]);
      if (order != 0) {
        return order;
      }
    }
    return Integer.compare(left.length, right.length);
  }
}
