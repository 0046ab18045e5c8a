package org.latamml.compat;

import static org.latamml.compat.Identities.isSameObject;

import org.latamml.prediction.KeptPrediction;
import org.latamml.rollout.Serving;

/**
 * The answers {@code POST /predict-flight} keeps for the store's latest flights, by id. Ids are
 * handed out in order without gaps, so the latest are the flights last imported or sent as events,
 * today's and the coming days': a store grown past what is kept keeps its newest flights, not its
 * first ones (docs/PERFORMANCE.md, "Kept answers for the latest flights").
 */
final class KeptAnswers {
  /**
   * A stored flight's answer under one rollout, which changes with neither; {@code stamp} is the
   * store's for the flight answered, {@code context} the departures' it was predicted with; {@code
   * answer} its bytes.
   */
  // The answer is written once and never changed; entries are never compared.
  @SuppressWarnings("ArrayRecordComponent")
  record KeptAnswer(
      long id,
      Object stamp,
      Object context,
      Serving serving,
      KeptPrediction prediction,
      byte[] answer) {}

  private final int capacity;
  // The answer for id at (id - 1) mod the length, which a keep makes no shorter than the ids kept,
  // so that two of the latest flights do not share a place. Replaced whole when grown or dropped.
  // Event loops keep at once without a lock: one may publish an array another has outgrown, lose
  // another's answer, or keep a flight as it falls out of the latest. Each costs a request a
  // prediction, never a wrong answer: an answer names its id, and a place written by two at once
  // holds one of the two whole (a record's fields are final).
  private volatile KeptAnswer[] places = new KeptAnswer[0];
  // The rollout of the answers kept since the last drop, null when none is: what dropUnlessOf
  // compares, so that the answers of a retired rollout go at the next request whatever it asks.
  private volatile Serving keptFor;

  /** Answers kept for at most the {@code capacity} latest ids; none when 0. */
  KeptAnswers(int capacity) {
    this.capacity = Math.max(0, capacity);
  }

  /** The answer kept for this id, or null. */
  KeptAnswer find(long id) {
    KeptAnswer[] kept = places;
    if (kept.length == 0 || id < 1) {
      return null;
    }
    KeptAnswer answer = kept[(int) ((id - 1) % kept.length)];
    return answer != null && answer.id() == id ? answer : null;
  }

  /** Whether this id is among the {@code latest} (the store's highest id) ones kept. */
  boolean isKept(long id, long latest) {
    return id >= 1 && id <= latest && id > latest - capacity;
  }

  /**
   * Keeps an answer when its flight is among the latest {@code capacity} of a store whose highest
   * id is {@code latest}; it takes the place of an older flight's that fell out of them.
   */
  void keep(KeptAnswer answer, long latest) {
    Serving kept = keptFor;
    // Another rollout's answers are dropped by dropUnlessOf, never mixed with these.
    if (!isKept(answer.id(), latest) || (kept != null && !isSameObject(kept, answer.serving()))) {
      return;
    }
    KeptAnswer[] answers = places;
    long needed = Math.min(capacity, latest);
    if (answers.length < needed) {
      // Doubled, so that a store growing a flight at a time is not copied at every flight.
      answers =
          movedTo(answers, (int) Math.min(capacity, Math.max(latest, answers.length * 2L)), latest);
      places = answers;
    }
    answers[(int) ((answer.id() - 1) % answers.length)] = answer;
    keptFor = answer.serving();
  }

  /** Drops every answer when they are another rollout's than {@code serving}. */
  void dropUnlessOf(Serving serving) {
    Serving kept = keptFor;
    if (kept != null && !isSameObject(kept, serving)) {
      dropAll();
    }
  }

  /** Drops every answer kept: after a rollout change, so that no retired model is held on to. */
  void dropAll() {
    places = new KeptAnswer[0];
    keptFor = null;
  }

  /**
   * The answers of {@code kept} still among the latest ids, each in its place in a longer array.
   */
  private KeptAnswer[] movedTo(KeptAnswer[] kept, int length, long latest) {
    KeptAnswer[] moved = new KeptAnswer[length];
    for (KeptAnswer answer : kept) {
      if (answer != null && isKept(answer.id(), latest)) {
        moved[(int) ((answer.id() - 1) % length)] = answer;
      }
    }
    return moved;
  }
}
