// Every model version with its card: offline figures and curves, beside how it does live and how
// far its inputs have drifted.
import * as echarts from '/_static/echarts/5.6.0/dist/echarts.esm.min.js';
import { call } from './api.js';
import { refused, signedIn, wire } from './session.js';

const $ = (id) => document.getElementById(id);
const charts = {};

function text(tag, value) {
  const element = document.createElement(tag);
  element.textContent = value;
  return element;
}

function figure(value, digits = 3) {
  return value === undefined || value === null ? '—' : Number(value).toFixed(digits);
}

function chart(id, option) {
  if (!charts[id]) {
    charts[id] = echarts.init($(id), null, { renderer: 'svg' });
  }
  charts[id].setOption({ animation: false, aria: { enabled: true }, ...option }, true);
}

async function load() {
  let models;
  try {
    models = await call('/v1/models');
  } catch (problem) {
    if (!refused(problem, 'models', 'the models')) {
      signedIn('models');
      $('status').textContent = `The models could not be read: ${problem.message}`;
    }
    return;
  }
  signedIn('models');
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

async function show(version) {
  $('status').textContent = `Reading ${version}…`;
  let card;
  try {
    card = await call(`/v1/models/${encodeURIComponent(version)}`);
  } catch (problem) {
    $('status').textContent = `The card of ${version} could not be read: ${problem.message}`;
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
        ? `${card.training_data.rows} flights of ${card.training_data.files.join(', ')}; ` +
          `evaluated on ${card.training_data.held_out_rows} (${card.training_data.split})`
        : '—',
    ],
    ['Made', card.created_at],
  ];
  $('card').replaceChildren(...facts.flatMap(([t, v]) => [text('dt', t), text('dd', String(v))]));
  const evaluation = card.evaluation;
  drawConfusion(evaluation);
  drawCurves(evaluation);
  const [day, week] = await Promise.all(
    ['24h', '7d'].map((w) =>
      call(`/v1/models/${encodeURIComponent(version)}/quality?window=${w}`).catch(() => null),
    ),
  );
  drawQuality(evaluation, day, week);
  let drift = null;
  let why = '';
  try {
    drift = await call(`/v1/models/${encodeURIComponent(version)}/drift?window=24h`);
  } catch (problem) {
    why = problem.message;
  }
  drawDrift(drift, why);
  $('status').textContent = `${version}: card, live quality and drift as of now.`;
}

function qualityRow(name, q) {
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
    qualityRow('Live, last 24 h', day),
    qualityRow('Live, last 7 days', week),
  );
}

function drawConfusion(evaluation) {
  const rows = $('confusion').tBodies[0].rows;
  const matrix = evaluation ? evaluation.confusion_matrix : [['—', '—'], ['—', '—']];
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
      { type: 'line', name: 'observed', data: evaluation.reliability.filter((b) => b.count > 0).map((b) => [b.mean_predicted, b.observed_rate]) },
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

function drawDrift(drift, why) {
  const body = $('drift').tBodies[0];
  if (!drift) {
    $('drift-note').textContent = `No drift: ${why}`;
    body.replaceChildren();
    return;
  }
  $('drift-note').textContent =
    `${drift.flights} flights from ${drift.from.replace('T', ' ')} to ${drift.to.replace('T', ' ')}; ` +
    (drift.drifted.length ? `drifted: ${drift.drifted.join(', ')}` : 'no input has drifted');
  body.replaceChildren(
    ...drift.inputs.map((input) => {
      const tr = document.createElement('tr');
      const th = text('th', input.input);
      th.scope = 'row';
      tr.append(th);
      tr.append(text('td', input.psi === undefined ? input.note || '—' : figure(input.psi)));
      tr.append(text('td', figure(input.psi_by_chance)));
      tr.append(text('td', input.drifted ? 'yes' : 'no'));
      tr.append(text('td', (input.unknown || []).map((u) => `${u.value} (${u.flights})`).join(', ')));
      return tr;
    }),
  );
}

wire(load);
$('version').addEventListener('change', () => show($('version').value));
load();
