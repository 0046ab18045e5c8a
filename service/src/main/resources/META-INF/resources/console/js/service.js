// The service's own figures, read from /metrics every 10 s: rates and latencies from the
// differences between reads, the SLOs' burn rates and each route. /metrics holds the counters of
// the one instance that answered, so when another answers the kept reads are dropped: differences
// between two instances' counters mean nothing.
import { draw as chart } from './charts.js';
import { callText } from './api.js';
import { parse, parseValue, quantile, sum } from './prometheus.js';
import { refused, signedIn, wire } from './session.js';
import { $, terms, text } from './dom.js';


const PERIOD = 10_000;
const KEEP = 3600;
const RECENT = 300;
// Reads come every 10 s give or take the time one takes: windows are allowed this much more.
const SLACK = 5;

const REQUESTS = 'http_server_requests_seconds';

// The rows of #slo, in order. The median's alert pages as soon as the median is broken (burn
// over 1), since its budget of 50 % cannot burn 14.4 times over.
const SLOS = [
  { budget: 0.005, bad: (w) => w.bad },
  { budget: 0.5, bad: (w) => slower(w, 0.25), median: true },
  { budget: 0.01, bad: (w) => slower(w, 3) },
];

// The alert tiers of deploy/prometheus/slo-rules.yml, the highest first. An alert fires only when
// its rate holds over its window, so a short window here says what it would come to, not that it
// fired.
const TIERS = [
  [14.4, 'page', 'pages if it holds for 1 h'],
  [6, 'page', 'pages if it holds for 6 h'],
  [3, 'ticket', 'ticket if it holds for 1 day'],
  [1, 'ticket', 'ticket if it holds for 3 days'],
];

let reads = [];
let timer = null;
let paused = false;
let turn = 0;
let restarted = null;
let failure = '';

function pad(n) {
  return String(n).padStart(2, '0');
}

function clock(millis) {
  const d = new Date(millis);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

function day(millis) {
  const d = new Date(millis);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${clock(millis)}`;
}

function duration(seconds) {
  if (!Number.isFinite(seconds)) {
    return '—';
  }
  let s = Math.max(0, Math.round(seconds));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  s %= 60;
  const [big, small] = d ? [`${d} d`, h && `${h} h`] : h ? [`${h} h`, m && `${m} min`] : m ? [`${m} min`, s && `${s} s`] : [`${s} s`];
  return small ? `${big} ${small}` : big;
}

function count(n) {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en') : '—';
}

function rate(n, seconds) {
  return seconds > 0 && Number.isFinite(n) ? (n / seconds).toFixed(1) : '—';
}

function percent(ratio) {
  return Number.isFinite(ratio) ? `${(ratio * 100).toFixed(2)} %` : '—';
}

function ms(seconds) {
  return Number.isFinite(seconds) ? `${(seconds * 1000).toFixed(1)} ms` : '—';
}

function tally() {
  return { count: 0, bad: 0, client: 0, buckets: new Map() };
}

function bucketList(buckets) {
  return [...buckets].map(([le, n]) => ({ le, count: n }));
}

// Requests slower than le seconds: NaN when the histogram has no such bucket.
function slower(w, le) {
  return w.buckets.has(le) ? w.count - w.buckets.get(le) : w.count === 0 ? 0 : NaN;
}

// One read, boiled down to what the page draws: per route and in all, requests, bad ones (5xx
// and 429), client errors (other 4xx) and the latency histogram's cumulative buckets.
function snapshot({ samples }, at) {
  const routes = new Map();
  for (const s of samples) {
    const isCount = s.name === `${REQUESTS}_count`;
    if (!isCount && s.name !== `${REQUESTS}_bucket`) {
      continue;
    }
    const key = `${s.labels.method} ${s.labels.uri}`;
    if (!routes.has(key)) {
      routes.set(key, { key, method: s.labels.method || '—', uri: s.labels.uri || '—', ...tally() });
    }
    const route = routes.get(key);
    if (isCount) {
      const status = s.labels.status || '';
      route.count += s.value;
      if (status.startsWith('5') || status === '429') {
        route.bad += s.value;
      } else if (status.startsWith('4')) {
        route.client += s.value;
      }
    } else {
      const le = parseValue(s.labels.le);
      route.buckets.set(le, (route.buckets.get(le) || 0) + s.value);
    }
  }
  const all = tally();
  for (const route of routes.values()) {
    all.count += route.count;
    all.bad += route.bad;
    all.client += route.client;
    route.buckets.forEach((n, le) => all.buckets.set(le, (all.buckets.get(le) || 0) + n));
  }
  all.buckets = new Map([...all.buckets].sort((a, b) => a[0] - b[0]));
  const present = (name, filter = () => true) => samples.some((s) => s.name === name && filter(s.labels));
  const heap = (labels) => labels.area === 'heap';
  return {
    at,
    start: present('process_start_time_seconds') ? sum(samples, 'process_start_time_seconds') : NaN,
    uptime: present('process_uptime_seconds') ? sum(samples, 'process_uptime_seconds') : NaN,
    active: present('http_server_active_requests') ? sum(samples, 'http_server_active_requests') : NaN,
    predictions: present('latam_predictions_total') ? sum(samples, 'latam_predictions_total') : undefined,
    heap: present('jvm_memory_used_bytes', heap) ? sum(samples, 'jvm_memory_used_bytes', heap) : undefined,
    shed: sum(samples, 'latam_shed_requests_total'),
    all,
    routes,
  };
}

function minus(later, earlier) {
  const out = {
    count: later.count - (earlier ? earlier.count : 0),
    bad: later.bad - (earlier ? earlier.bad : 0),
    client: later.client - (earlier ? earlier.client : 0),
    buckets: new Map(),
  };
  later.buckets.forEach((n, le) => out.buckets.set(le, n - ((earlier && earlier.buckets.get(le)) || 0)));
  return out;
}

// The instance's clock, not the browser's: it is what the counters were counted by.
function seconds(a, b) {
  return Number.isFinite(a.uptime) && Number.isFinite(b.uptime) ? b.uptime - a.uptime : (b.at - a.at) / 1000;
}

function between(a, b) {
  const routes = new Map();
  b.routes.forEach((route, key) => routes.set(key, minus(route, a.routes.get(key))));
  const predictions = b.predictions - a.predictions;
  return { ...minus(b.all, a.all), shed: b.shed - a.shed, predictions, seconds: seconds(a, b), routes };
}

function sinceStart(read) {
  return { ...read.all, shed: read.shed, seconds: read.uptime, routes: read.routes };
}

function wentDown(a, b) {
  const less = (x, y) => y.count < x.count || y.bad < x.bad || y.client < x.client || [...x.buckets].some(([le, n]) => (y.buckets.get(le) || 0) < n);
  return b.shed < a.shed || less(a.all, b.all) || [...a.routes].some(([key, route]) => !b.routes.has(key) || less(route, b.routes.get(key)));
}

function keepRead(read) {
  const last = reads[reads.length - 1];
  const otherStart = last && Number.isFinite(last.start) && Number.isFinite(read.start) && Math.abs(read.start - last.start) > 1;
  if (last && (otherStart || wentDown(last, read))) {
    reads = [];
    restarted = read.at;
  }
  reads.push(read);
  reads = reads.filter((r) => seconds(r, read) <= KEEP + SLACK);
  if (restarted !== null && reads[0].at !== restarted) {
    restarted = null;
  }
}

function windows() {
  const newest = reads[reads.length - 1];
  const several = reads.length > 1;
  const recent = reads.find((r) => seconds(r, newest) <= RECENT + SLACK);
  return {
    newest,
    last: several ? between(reads[reads.length - 2], newest) : null,
    recent: several && recent !== newest ? between(recent, newest) : null,
    recentWhy: several ? 'no read in the last 5 min to compare' : 'from the second read on',
    kept: several ? between(reads[0], newest) : null,
    start: sinceStart(newest),
  };
}

function drawInstance(newest) {
  $('instance').textContent = Number.isFinite(newest.start)
    ? `The last read (${clock(newest.at)}) was answered by the instance started ${day(newest.start * 1000)}, ` +
      `up ${duration(newest.uptime)}.`
    : `The last read (${clock(newest.at)}) was answered by an instance that does not say when it started.`;
}

function drawStatus() {
  const newest = reads[reads.length - 1];
  // The reading clock changes every 10 s: outside the live status, so a screen reader announces
  // only failures and a change of instance.
  if (newest) {
    $('last-read').textContent = paused
      ? `Paused; last read ${clock(newest.at)} (your clock).`
      : `Reading every 10 s; last read ${clock(newest.at)} (your clock).`;
  } else {
    $('last-read').textContent = paused ? 'Paused.' : 'Reading every 10 s.';
  }
  const parts = [];
  if (failure) {
    parts.push(failure);
  }
  if (restarted !== null) {
    parts.push(`A different instance answered at ${clock(restarted)}; figures start again.`);
  }
  $('status').textContent = parts.join(' ');
}

function drawSummary(w) {
  const { newest, last, kept, start } = w;
  const over = kept || start;
  const where = kept ? `over the kept ${duration(kept.seconds)}` : 'since the instance started';
  const latency = over.count > 0
    ? `${[0.5, 0.95, 0.99].map((q) => ms(quantile(q, bucketList(over.buckets)))).join(' / ')} ${where}`
    : `no requests ${where}`;
  const facts = [
    [
      'Requests per second',
      last
        ? `${rate(last.count, last.seconds)} over the last ${duration(last.seconds)}; ${rate(kept.count, kept.seconds)} ${where}`
        : `${rate(start.count, start.seconds)} since the instance started (between reads from the second read on)`,
    ],
    ['Latency p50 / p95 / p99', latency],
    ['Errors (5xx and 429)', over.count > 0 ? `${percent(over.bad / over.count)} of ${count(over.count)} requests ${where}` : `no requests ${where}`],
    [
      'Client errors (4xx but 429)',
      over.count > 0 ? `${percent(over.client / over.count)} of ${count(over.count)} requests ${where}` : `no requests ${where}`,
    ],
    [
      'Shed (503 by the in-flight limit)',
      kept ? `${rate(kept.shed, kept.seconds)}/s ${where}; ${count(newest.shed)} since the instance started` : `${count(newest.shed)} since the instance started`,
    ],
    ['In flight now', Number.isFinite(newest.active) ? `${count(newest.active)} (this read among them)` : '—'],
    ['Uptime', duration(newest.uptime)],
  ];
  if (newest.predictions !== undefined) {
    facts.push([
      'Predictions',
      kept
        ? `${rate(kept.predictions, kept.seconds)}/s ${where}; ${count(newest.predictions)} since the instance started`
        : `${count(newest.predictions)} since the instance started`,
    ]);
  }
  if (newest.heap !== undefined) {
    facts.push(['Heap used', `${(newest.heap / 1048576).toFixed(1)} MiB`]);
  }
  $('summary').replaceChildren(...terms(facts));
}

function tier(slo, ratio, burn) {
  if (slo.median) {
    return ratio > 0.5
      ? ['page', 'the median is over 250 ms: pages if it holds for 1 h']
      : ['ok', 'within budget'];
  }
  const found = TIERS.find(([at]) => burn >= at);
  return found ? [found[1], found[2]] : ['ok', 'within budget'];
}

function sloCell(slo, w, why) {
  if (!w) {
    return [`— (${why})`];
  }
  if (!(w.count > 0)) {
    return ['no requests'];
  }
  const bad = slo.bad(w);
  if (!Number.isFinite(bad)) {
    return ['— (the histogram has no such bucket)'];
  }
  const ratio = bad / w.count;
  const burn = ratio / slo.budget;
  const [level, words] = tier(slo, ratio, burn);
  const mark = text('span', words);
  mark.className = `burn ${level}`;
  return [`${percent(ratio)} bad, burn ${burn.toFixed(1)}× `, mark];
}

function drawSlo(w) {
  $('slo-recent').textContent =
    w.recent && w.recent.seconds < RECENT - SLACK ? `Last ${duration(w.recent.seconds)}` : 'Last 5 min';
  $('slo-kept').textContent = w.kept ? `Everything kept (${duration(w.kept.seconds)})` : 'Everything kept';
  $('slo-start').textContent = `Since the instance started (${duration(w.start.seconds)})`;
  const rows = $('slo').tBodies[0].rows;
  SLOS.forEach((slo, r) => {
    rows[r].cells[1].replaceChildren(...sloCell(slo, w.recent, w.recentWhy));
    rows[r].cells[2].replaceChildren(...sloCell(slo, w.kept, 'from the second read on'));
    rows[r].cells[3].replaceChildren(...sloCell(slo, w.start, ''));
  });
}

function drawRoutes(w) {
  const routes = [...w.newest.routes.values()].sort((a, b) => b.count - a.count || a.uri.localeCompare(b.uri));
  const body = $('routes').tBodies[0];
  if (!routes.length) {
    const cell = text('td', 'No requests yet.');
    cell.colSpan = 8;
    const tr = document.createElement('tr');
    tr.append(cell);
    body.replaceChildren(tr);
    return;
  }
  body.replaceChildren(
    ...routes.map((route) => {
      const tr = document.createElement('tr');
      const th = text('th', route.uri);
      th.scope = 'row';
      tr.append(th);
      const kept = w.kept && w.kept.routes.get(route.key);
      const buckets = bucketList(route.buckets);
      [
        route.method,
        count(route.count),
        kept ? rate(kept.count, w.kept.seconds) : '—',
        count(route.bad),
        count(route.client),
        ms(quantile(0.5, buckets)),
        ms(quantile(0.99, buckets)),
      ].forEach((v) => tr.append(text('td', v)));
      return tr;
    }),
  );
}

function series(name, data, color) {
  return { type: 'line', name, showSymbol: data.length < 3, data, lineStyle: { width: 2 }, itemStyle: { color } };
}

function rounded(value, digits) {
  return Number.isFinite(value) ? Number(value.toFixed(digits)) : null;
}

function drawCharts() {
  const all = [];
  const shed = [];
  const p50 = [];
  const p99 = [];
  for (let i = 1; i < reads.length; i++) {
    const w = between(reads[i - 1], reads[i]);
    const t = reads[i].at;
    const buckets = bucketList(w.buckets);
    all.push([t, w.seconds > 0 ? rounded(w.count / w.seconds, 2) : null]);
    shed.push([t, w.seconds > 0 ? rounded(w.shed / w.seconds, 2) : null]);
    // No requests between two reads: a gap in the line rather than a made-up latency.
    p50.push([t, w.count > 0 ? rounded(quantile(0.5, buckets) * 1000, 1) : null]);
    p99.push([t, w.count > 0 ? rounded(quantile(0.99, buckets) * 1000, 1) : null]);
  }
  const empty = reads.length < 2 ? { title: { text: 'drawn from the second read on', left: 'center', top: 'middle', textStyle: { fontSize: 13, color: '#4a525c' } } } : {};
  const frame = (unit) => ({
    grid: { left: 56, right: 16, top: 36, bottom: 32 },
    legend: { top: 0 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'time', splitNumber: 4, axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', min: 0, name: unit, nameLocation: 'middle', nameGap: 40 },
  });
  chart('rates-chart', {
    ...frame('requests/s'),
    ...empty,
    series: [series('all requests', all, '#1d5fa8'), series('shed', shed, '#b42318')],
  });
  chart('latency-chart', {
    ...frame('ms'),
    ...empty,
    series: [series('p50', p50, '#1d5fa8'), series('p99', p99, '#8a4b00')],
  });
}

function draw() {
  const w = windows();
  drawInstance(w.newest);
  drawStatus();
  drawSummary(w);
  drawSlo(w);
  drawRoutes(w);
  drawCharts();
}

function schedule() {
  clearTimeout(timer);
  timer = paused ? null : setTimeout(load, PERIOD);
}

async function load() {
  const mine = ++turn;
  clearTimeout(timer);
  let body;
  try {
    body = await callText('/metrics', { headers: { Accept: 'text/plain; version=0.0.4' } });
  } catch (problem) {
    if (mine !== turn) {
      return;
    }
    // Signed out: no reading until someone signs in, which loads again.
    if (refused(problem, 'service', 'the metrics')) {
      reads = [];
      return;
    }
    signedIn('service');
    failure = `The metrics could not be read at ${clock(Date.now())}: ${problem.message}.`;
    drawStatus();
    schedule();
    return;
  }
  if (mine !== turn) {
    return;
  }
  signedIn('service');
  try {
    keepRead(snapshot(parse(body), Date.now()));
    failure = '';
  } catch (e) {
    failure = `The metrics could not be read at ${clock(Date.now())}: ${e.message}.`;
    drawStatus();
    schedule();
    return;
  }
  draw();
  schedule();
}

wire(load, () => {
  reads = [];
  restarted = null;
});
$('pause').addEventListener('click', () => {
  paused = !paused;
  $('pause').textContent = paused ? 'Resume reading' : 'Pause reading';
  if (paused) {
    schedule();
    drawStatus();
  } else {
    load();
  }
});
load();
