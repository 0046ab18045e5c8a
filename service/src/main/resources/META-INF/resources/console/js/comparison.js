// Champion against challenger on the flights both predicted, as GET /v1/rollout/comparison measures
// them: shown on the Models and Rollout pages alike.
import { call, Problem } from './api.js';
import { figure, terms } from './dom.js';

function interval(difference) {
  if (!difference) {
    return '—';
  }
  const sign = (v) => (v > 0 ? '+' : '') + Number(v).toFixed(3);
  return `${sign(difference.estimate)} (95 % interval ${sign(difference.low)} to ${sign(difference.high)})`;
}

/**
 * Fills {@code list} (a dl) with the comparison over the window of {@code query} (windows.js) and
 * {@code note} with its verdict. When the page knows the rollout has no challenger ({@code alone}),
 * it says so without asking: the API's 404 would only add a client error to the service's figures.
 * {@code hint} follows that sentence: where a challenger is set, for those who may set one.
 */
export async function showComparison(list, note, query, { alone = false, hint = '' } = {}) {
  list.replaceChildren();
  const aloneNote = `No comparison: the rollout serves its champion alone.${hint ? ` ${hint}` : ''}`;
  if (alone) {
    note.textContent = aloneNote;
    return null;
  }
  let comparison;
  try {
    comparison = await call(`/v1/rollout/comparison?${query}`);
  } catch (problem) {
    note.textContent =
      problem instanceof Problem && problem.status === 404
        ? aloneNote
        : `The comparison could not be read: ${problem.message}`;
    return null;
  }
  const { champion: a, challenger: b } = comparison;
  list.replaceChildren(
    ...terms([
      ['Flights both predicted, left', `${comparison.flights} (${comparison.delayed} delayed)`],
      ['From', `${comparison.from.replace('T', ' ')} to ${comparison.to.replace('T', ' ')}`],
      [`ROC AUC, ${a} / ${b}`, `${figure(comparison.champion_roc_auc)} / ${figure(comparison.challenger_roc_auc)}`],
      [`Brier, ${a} / ${b}`, `${figure(comparison.champion_brier)} / ${figure(comparison.challenger_brier)}`],
      [`ROC AUC difference (${b} − ${a})`, interval(comparison.roc_auc_difference)],
      [`Brier difference (${b} − ${a})`, interval(comparison.brier_difference)],
    ]),
  );
  const reason = comparison.reason.charAt(0).toUpperCase() + comparison.reason.slice(1);
  note.textContent = `Challenger ${b} against champion ${a}: ${comparison.verdict}. ${reason}`;
  return comparison;
}
