package org.latamml.rollout;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.latamml.problem.BadRequestProblem;
import org.latamml.problem.PreconditionFailedProblem;

/**
 * What a request's {@code If-Match} header asks of the rollout in force (RFC 9110, 13.1.1): any
 * rollout when it is absent or {@code *}, else one whose entity tag, its id in quotes, is among the
 * header's strong tags.
 *
 * @param tags the strong tags named, or null for any rollout
 */
public record IfMatch(Set<String> tags) {
  /** No precondition: the change is made on whichever rollout is in force. */
  public static final IfMatch ANY = new IfMatch(null);

  // One entity tag: weak or strong, and its opaque characters (etagc).
  private static final Pattern TAG = Pattern.compile("(W/)?\"([\\x21\\x23-\\x7E\\x80-\\xFF]*)\"");

  /**
   * The precondition of an {@code If-Match} header's value.
   *
   * @throws BadRequestProblem when it is neither {@code *} nor a list of entity tags
   */
  public static IfMatch parse(String header) {
    if (header == null || header.strip().equals("*")) {
      return ANY;
    }
    Set<String> strong = new HashSet<>();
    Matcher tag = TAG.matcher(header);
    int at = skipSpaces(header, 0);
    while (true) {
      if (!tag.region(at, header.length()).lookingAt()) {
        throw new BadRequestProblem(
            "malformed-if-match",
            "If-Match must be * or entity tags, such as \"12\" with its quotes, as GET /v1/rollout"
                + " answers its ETag");
      }
      // A weak tag never matches: If-Match compares strongly.
      if (tag.group(1) == null) {
        strong.add(tag.group(2));
      }
      at = skipSpaces(header, tag.end());
      if (at == header.length()) {
        return new IfMatch(Set.copyOf(strong));
      }
      if (header.charAt(at) != ',') {
        throw new BadRequestProblem(
            "malformed-if-match", "If-Match's entity tags must be separated by commas");
      }
      at = skipSpaces(header, at + 1);
    }
  }

  private static int skipSpaces(String text, int from) {
    int at = from;
    while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\t')) {
      at++;
    }
    return at;
  }

  /** The entity tag of a rollout, without its quotes. */
  public static String tagOf(long rolloutId) {
    return Long.toString(rolloutId);
  }

  /**
   * Refuses a change when the rollout in force, {@code current}, is not one this precondition
   * names: a colleague's change came between the caller's reading and its change.
   *
   * @throws PreconditionFailedProblem when it is not
   */
  public void require(long current) {
    if (tags != null && !tags.contains(tagOf(current))) {
      throw new PreconditionFailedProblem(
          "the rollout in force is #"
              + current
              + ", not one If-Match names: read it again (GET /v1/rollout) before changing it");
    }
  }

  /** Whether the change is made on whichever rollout is in force. */
  public boolean isAny() {
    return tags == null;
  }
}
