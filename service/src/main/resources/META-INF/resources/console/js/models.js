// Every model version with its card: offline figures and curves, beside how it does live and how
// far its inputs have drifted.
import { call } from './api.js';
import { draw as chart } from './charts.js';
import { showComparison } from './comparison.js';
import { refused, signedIn, wire } from './session.js';
import { endOf, local, windowQuery } from './windows.js';
import { $, figure, terms, text } from './dom.js';


// Whether the rollout read with the models has no challenger (null: not known), so that the page
// does not ask for a comparison the API would answer 404.
let alone = null;

async function load() {
  let models;
  let rollout;
  try {
    [models, rollout] = await Promise.all([
      call('/v1/models'),
      call('/v1/rollout').catch(() => null),
    ]);
  } catch (problem) {
    if (!refused(problem, 'models', 'the models')) {
      signedIn('models');
      $('status').textContent = `The models could not be read: ${problem.message}`;
    }
    return;
  }
  signedIn('models');
  alone = rollout ? !rollout.rollout.challenger : null;
  $('served').textContent = `Served now: ${models.served}. ${models.versions.length} versions in the store.`;
  const select = $('version');
  const chosen = select.value || models.served;
  select.replaceChildren(
    ...models.versions.map((v) => {
      const option = text('option', v === models.served ? `${v} (served)` : v);
      option.value = v;
      return option;
    }),
  );
  select.value = models.versions.includes(chosen) ? chosen : models.served;
  await show(select.value);
}

// Each show() takes a turn; an answer for an earlier turn (another version, another day) is dropped,
// so that two versions' figures never mix on the page.
let turn = 0;

async function show(version) {
  const mine = ++turn;
  const stale = () => mine !== turn;
  const day = $('live-end').value;
  $('status').textContent = `Reading ${version}…`;
  let card;
  try {
    card = await call(`/v1/models/${encodeURIComponent(version)}`);
  } catch (problem) {
    $('status').textContent = `The card of ${version} could not be read: ${problem.message}`;
    return;
  }
  if (stale()) {
    return;
  }
  $('card-title').textContent = `Card of ${version}`;
  const facts = [
    ['Algorithm', card.algorithm],
    ['Feature set', `${card.feature_set} (${card.features.length} inputs)`],
    ['Threshold', figure(card.threshold, 4)],
    ['Calibration', card.calibration ? card.calibration.method : 'none recorded'],
    [
      'Trained on',
      card.training_data
        ? `${card.training_data.rows} flights of ${(card.training_data.files || []).join(', ')}; ` +
          `evaluated on ${card.training_data.held_out_rows} (${card.training_data.split})`
        : '—',
    ],
    ['Made', card.created_at ? card.created_at.replace('T', ' ').replace('Z', ' UTC') : '—'],
  ];
  $('card').replaceChildren(...terms(facts));
  const evaluation = card.evaluation;
  drawConfusion(evaluation);
  drawCurves(evaluation);
  drawSlices(card.slices);
  const [last, week] = await Promise.all(
    ['24h', '7d'].map((w) =>
      call(`/v1/models/${encodeURIComponent(version)}/quality?${windowQuery(w, day)}`).catch(
        () => null,
      ),
    ),
  );
  if (stale()) {
    return;
  }
  drawQuality(evaluation, last, week);
  // A card made before cards kept profiles has no drift to ask for (the API would answer 404).
  const profiled = Boolean(card.profile);
  const overTime = showOverTime(version, evaluation, last, stale, profiled);
  const comparison = showComparison($('comparison'), $('comparison-note'), windowQuery('7d', day), {
    alone: alone === true,
    hint: 'A challenger is set on the Rollout page.',
  });
  let drift = null;
  // The API's own words for it (QualityReport.drift).
  let why =
    `the card of model ${version} keeps no profile of its inputs (it was made before cards did): ` +
    "retrain it with './latam train' to compare its live inputs with those it learnt from";
  if (profiled) {
    try {
      drift = await call(`/v1/models/${encodeURIComponent(version)}/drift?${windowQuery('24h', day)}`);
    } catch (problem) {
      why = problem.message;
    }
  }
  if (stale()) {
    return;
  }
  drawDrift(drift, why);
  await Promise.all([overTime, comparison]);
  if (!stale()) {
    $('status').textContent = `${version}: card, live quality and drift up to ${
      endOf(day) ? endOf(day).replace('T', ' ') : 'the latest departure'
    }.`;
  }
}

// The LatamModelLiveAucLow alert's rule (deploy/prometheus/model-rules.yml), for the 24 hours it
// watches: the live ROC AUC more than this below the card's, on at least this many outcomes.
const LIVE_AUC_MARGIN = 0.05;
const FEWEST_OUTCOMES = 200;

/** Whether live figures {@code q} fall below the card's AUC as the alert's rule has it. */
function belowCard(q, cardAuc) {
  return (
    cardAuc !== undefined &&
    q !== null &&
    q !== undefined &&
    q.roc_auc !== undefined &&
    q.count >= FEWEST_OUTCOMES &&
    q.roc_auc < cardAuc - LIVE_AUC_MARGIN
  );
}

function qualityRow(name, q, cardAuc) {
  const tr = document.createElement('tr');
  const th = text('th', name);
  th.scope = 'row';
  tr.append(th);
  const classes = q && q.classes ? q.classes['1'] : null;
  [
    q ? q.predicted ?? '—' : '—',
    q ? q.count ?? '—' : '—',
    figure(q && q.roc_auc),
    figure(q && q.brier),
    figure(q && q.ece),
    figure(classes && classes.precision),
    figure(classes && classes.recall),
  ].forEach((v) => tr.append(text('td', String(v))));
  if (belowCard(q, cardAuc)) {
    const auc = tr.cells[3];
    auc.classList.add('worse');
    auc.append(' (below the card)');
  }
  return tr;
}

function drawQuality(evaluation, day, week) {
  const offline = evaluation
    ? {
        predicted: evaluation.classes ? evaluation.classes['0'].support + evaluation.classes['1'].support : '—',
        count: evaluation.classes ? evaluation.classes['0'].support + evaluation.classes['1'].support : '—',
        roc_auc: evaluation.roc_auc,
        brier: evaluation.brier,
        ece: evaluation.ece,
        classes: evaluation.classes,
      }
    : null;
  $('quality').tBodies[0].replaceChildren(
    qualityRow('Card (test flights)', offline),
    qualityRow('Live, last 24 h', day, evaluation ? evaluation.roc_auc : undefined),
    qualityRow('Live, last 7 days', week),
  );
}

function drawConfusion(evaluation) {
  const rows = $('confusion').tBodies[0].rows;
  const matrix =
    evaluation && evaluation.confusion_matrix ? evaluation.confusion_matrix : [['—', '—'], ['—', '—']];
  for (let r = 0; r < 2; r++) {
    rows[r].cells[1].textContent = matrix[r][0];
    rows[r].cells[2].textContent = matrix[r][1];
  }
}

function line(points, name) {
  return { type: 'line', name, showSymbol: false, data: points, lineStyle: { width: 2 } };
}

const diagonal = { type: 'line', name: 'chance', showSymbol: false, data: [[0, 0], [1, 1]], lineStyle: { type: 'dashed', color: '#7a838f' } };

function axes(x, y) {
  return {
    grid: { left: 48, right: 16, top: 16, bottom: 40 },
    xAxis: { type: 'value', min: 0, max: 1, name: x, nameLocation: 'middle', nameGap: 24 },
    yAxis: { type: 'value', min: 0, max: 1, name: y, nameLocation: 'middle', nameGap: 34 },
  };
}

function drawCurves(evaluation) {
  const curves = evaluation && evaluation.curves;
  if (!curves) {
    ['roc', 'pr', 'reliability', 'histogram'].forEach((id) => chart(id, { title: { text: 'not in this card' } }));
    return;
  }
  chart('roc', { ...axes('false positive rate', 'true positive rate'), series: [line(curves.roc.map((p) => [p.x, p.y]), 'ROC'), diagonal] });
  chart('pr', { ...axes('recall', 'precision'), series: [line(curves.precision_recall.map((p) => [p.x, p.y]), 'precision-recall')] });
  chart('reliability', {
    ...axes('mean probability', 'observed delay rate'),
    series: [
      { type: 'line', name: 'observed', data: (evaluation.reliability || []).filter((b) => b.count > 0).map((b) => [b.mean_predicted, b.observed_rate]) },
      diagonal,
    ],
  });
  const bins = curves.on_time_counts.map((_, i) => `${curves.histogram_edges[i].toFixed(2)}`);
  chart('histogram', {
    grid: { left: 56, right: 16, top: 32, bottom: 40 },
    legend: { top: 0 },
    xAxis: { type: 'category', data: bins, name: 'probability', nameLocation: 'middle', nameGap: 24 },
    yAxis: { type: 'value', name: 'flights' },
    series: [
      { type: 'bar', name: 'on time', data: curves.on_time_counts, itemStyle: { color: '#1d5fa8' } },
      { type: 'bar', name: 'delayed', data: curves.delayed_counts, itemStyle: { color: '#b42318' } },
    ],
  });
}

const DAYS = 14;

/** {@code days} one-day windows ending at {@code end} (the airport's now), oldest first. */
function dayWindows(end, days) {
  const at = new Date(`${end}Z`);
  return Array.from({ length: days }, (_, i) => {
    const to = new Date(at.getTime() - (days - 1 - i) * 86400000);
    return { from: local(new Date(to.getTime() - 86400000)), to: local(to) };
  });
}

async function showOverTime(version, evaluation, day, stale, profiled) {
  if (!day) {
    $('over-time-note').textContent = 'No live figures: nothing this model answered has been kept.';
    chart('quality-time', { title: { text: 'no live figures' } });
    chart('drift-time', { title: { text: 'no live figures' } });
    return;
  }
  const windows = dayWindows(day.to, DAYS);
  const path = (what, w) =>
    `/v1/models/${encodeURIComponent(version)}/${what}?from=${w.from}&to=${w.to}`;
  const [qualities, drifts] = await Promise.all(
    ['quality', 'drift'].map((what) =>
      what === 'drift' && !profiled
        ? windows.map(() => null)
        : Promise.all(windows.map((w) => call(path(what, w)).catch(() => null))),
    ),
  );
  if (stale()) {
    return;
  }
  // Each 24 hours named by the day holding most of them: a day picked is its own (its window ends
  // at the next midnight), a window ending at 00:12 is the day before.
  const days = windows.map((w) =>
    local(new Date((Date.parse(`${w.from}Z`) + Date.parse(`${w.to}Z`)) / 2)).slice(0, 10),
  );
  const picked = $('live-end').value;
  $('over-time-note').textContent =
    (picked
      ? `${DAYS} days to the end of ${picked}; `
      : `${DAYS} days to ${day.to.replace('T', ' ')} (the airport's now: its latest departure, or ` +
        `the clock's time while the store holds none); `) +
    `${qualities.reduce((n, q) => n + (q ? q.count || 0 : 0), 0)} flights with an outcome.`;
  const offline = (value, name) =>
    value === undefined || value === null
      ? {}
      : { markLine: { symbol: 'none', silent: true, lineStyle: { type: 'dashed' }, label: { formatter: `card ${name}` }, data: [{ yAxis: value }] } };
  const daily = (name, key, color, card) => ({
    type: 'line',
    name,
    connectNulls: false,
    itemStyle: { color },
    data: qualities.map((q) => (q && q[key] !== undefined ? q[key] : null)),
    ...offline(card, name),
  });
  chart('quality-time', {
    grid: { left: 48, right: 96, top: 32, bottom: 40 },
    legend: { top: 0 },
    tooltip: { trigger: 'axis', renderMode: 'richText' },
    xAxis: { type: 'category', data: days },
    yAxis: { type: 'value', min: 0, max: 1 },
    series: [
      daily('ROC AUC', 'roc_auc', '#1d5fa8', evaluation && evaluation.roc_auc),
      daily('Brier', 'brier', '#b42318', evaluation && evaluation.brier),
      daily('ECE', 'ece', '#6b4fa0', evaluation && evaluation.ece),
    ],
  });
  const peak = new Map();
  drifts.forEach((d) =>
    (d ? d.inputs : []).forEach((input) => {
      if (input.psi !== undefined) {
        peak.set(input.input, Math.max(peak.get(input.input) || 0, input.psi));
      }
    }),
  );
  const shown = [...peak.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([name]) => name);
  chart('drift-time', {
    grid: { left: 48, right: 56, top: 32, bottom: 40 },
    legend: { top: 0, type: 'scroll' },
    tooltip: { trigger: 'axis', renderMode: 'richText' },
    xAxis: { type: 'category', data: days },
    yAxis: { type: 'value', min: 0, name: 'index' },
    series: shown.length
      ? shown.map((name, i) => ({
          type: 'line',
          name,
          data: drifts.map((d) => {
            const input = d ? d.inputs.find((x) => x.input === name) : null;
            return input && input.psi !== undefined ? input.psi : null;
          }),
          ...(i === 0
            ? { markLine: { symbol: 'none', silent: true, lineStyle: { type: 'dashed', color: '#b42318' }, label: { formatter: 'drift' }, data: [{ yAxis: 0.2 }] } }
            : {}),
        }))
      : [{ type: 'line', name: 'no index measured', data: days.map(() => null) }],
  });
}

// The slice tables' columns after the group's name, the same for airlines and months.
const SLICE_COLUMNS = [
  'Flights',
  'Delay rate',
  'Mean probability',
  'ROC AUC',
  'Brier',
  'Recall (delayed)',
  'Precision (delayed)',
];

function drawSlices(slices) {
  $('slices-note').textContent = slices
    ? "Groups of at least 100 test flights, at the card's threshold."
    : 'This card has no slices: it was made before cards kept them (retrain to add them).';
  [
    ['slices-airline', 'Airline', slices ? slices.by_airline : []],
    ['slices-month', 'Month', slices ? slices.by_month : []],
  ].forEach(([id, group, list]) => {
    const head = document.createElement('tr');
    head.append(
      ...[group, ...SLICE_COLUMNS].map((name) => {
        const th = text('th', name);
        th.scope = 'col';
        return th;
      }),
    );
    $(id).tHead.replaceChildren(head);
    $(id).tBodies[0].replaceChildren(
      ...list.map((slice) => {
        const tr = document.createElement('tr');
        const th = text('th', slice.name);
        th.scope = 'row';
        tr.append(th);
        [
          String(slice.rows),
          figure(slice.delay_rate),
          figure(slice.mean_probability),
          slice.roc_auc === undefined ? 'one class' : figure(slice.roc_auc),
          figure(slice.brier),
          figure(slice.recall),
          figure(slice.precision),
        ].forEach((v) => tr.append(text('td', v)));
        return tr;
      }),
    );
  });
}

/** What the window's drift says; without flights nothing can be told, not "none drifted". */
function driftVerdict(drift) {
  if (!drift.predicted) {
    return 'none was predicted in these hours, so no drift can be told';
  }
  if (!drift.flights) {
    return `none of the ${drift.predicted} predicted has its inputs logged, so no drift can be told`;
  }
  return drift.drifted.length ? `drifted: ${drift.drifted.join(', ')}` : 'no input has drifted';
}

function drawDrift(drift, why) {
  const body = $('drift').tBodies[0];
  if (!drift) {
    $('drift-note').textContent = `No drift: ${why}`;
    body.replaceChildren();
    return;
  }
  $('drift-note').textContent =
    `${drift.flights} flights from ${drift.from.replace('T', ' ')} to ${drift.to.replace('T', ' ')}; ` +
    driftVerdict(drift);
  body.replaceChildren(
    ...drift.inputs.map((input) => {
      const tr = document.createElement('tr');
      const th = text('th', input.input);
      th.scope = 'row';
      tr.append(th);
      tr.append(text('td', input.psi === undefined ? input.note || '—' : figure(input.psi)));
      tr.append(text('td', figure(input.psi_by_chance)));
      tr.append(text('td', input.psi === undefined ? '—' : input.drifted ? 'yes' : 'no'));
      tr.append(text('td', (input.unknown || []).map((u) => `${u.value} (${u.flights})`).join(', ')));
      return tr;
    }),
  );
}

wire(load);
$('version').addEventListener('change', () => show($('version').value));
$('live-end').addEventListener('change', () => show($('version').value));
load();
