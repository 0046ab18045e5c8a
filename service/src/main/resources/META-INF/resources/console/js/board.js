// The departures board: the flights of the coming hours (or of a recorded day), each with its risk
// and the model version that answered; a flight opens what moved its risk.
import { call } from './api.js';
import { draw as drawChart } from './charts.js';
import { refused, signedIn, wire } from './session.js';
import { $, terms, text } from './dom.js';

const REFRESH_MS = 60_000;
// Minutes past schedule beyond which a flight counts as delayed (Flight.DELAY_THRESHOLD_MINUTES).
const DELAY_MINUTES = 15;
let lines = [];
let timer = null;
// Each board asked is numbered: an answer that arrives after a later one was asked is dropped.
let asked = 0;
// The flight whose details are open: the focus goes back to its button on closing, as the board
// shows it then (a refresh draws the rows again).
let openFlight = null;

function time(iso) {
  return iso ? iso.slice(11, 16) : '';
}

/** A count with its noun: 1 flight, 2 flights. */
function count(n, noun) {
  return `${n} ${n === 1 ? noun : `${noun}s`}`;
}

function percent(probability) {
  return `${(probability * 100).toFixed(1)} %`;
}

// The coming hours begin at the service's now, on the airport's clock (LATAM_AIRPORT_ZONE), not
// the browser's; a recorded day's at the time chosen on it.
function start() {
  const day = $('day').value;
  return day ? `${day}T${$('start').value || '00:00'}` : null;
}

function boardPath() {
  const from = start();
  return `/v1/board?hours=${$('hours').value}` + (from ? `&from=${from}` : '');
}

/** The window's end, local, as YYYY-MM-DD HH:MM: its start and hours read as UTC to add them. */
function end(from, hours) {
  return new Date(Date.parse(`${from}:00Z`) + hours * 3600000).toISOString().slice(0, 16).replace('T', ' ');
}

async function load() {
  const mine = ++asked;
  let board;
  try {
    board = await call(boardPath());
  } catch (problem) {
    if (mine !== asked) {
      return;
    }
    if (!refused(problem, 'board', 'the board')) {
      signedIn('board');
      lines = [];
      draw();
      $('status').textContent = `The board could not be read: ${problem.message}`;
      schedule();
    }
    return;
  }
  if (mine !== asked) {
    return;
  }
  // When the data arrived, and below when the page could take input again: the board's budget
  // (300 ms for 500 flights) is measured between the two (bench/console.sh).
  performance.mark('board-data');
  signedIn('board');
  lines = board.flights;
  fillChoices('airline', lines.map((l) => l.flight.airline));
  // A destination by its code and city, as the table shows it; filtered by its code.
  const cities = new Map(lines.map((l) => [l.flight.destination, l.flight.destination_city]));
  fillChoices('destination', [...cities.keys()], (code) =>
    cities.get(code) ? `${code} ${cities.get(code)}` : code,
  );
  draw();
  const from = start();
  const until = from ? end(from, Number($('hours').value)) : '';
  $('board-title').textContent = from
    ? `The flights from ${from.replace('T', ' ')} to ${until}`
    : 'The coming hours';
  const known = board.as_of ? `, as known at ${board.as_of.replace('T', ' ')} (the airport's time)` : '';
  $('status').textContent = !lines.length
    ? from
      ? `No flight is stored from ${from.replace('T', ' ')} to ${until}: pick another day or time.`
      : `No flight is scheduled in the coming ${$('hours').value} hours${known}: pick a recorded day to replay it.`
    : `${count(lines.length, 'flight')}${known}` +
      (from ? '' : '; refreshed every minute');
  // A frame later the rows are painted; a task after it, the main thread is free for input.
  requestAnimationFrame(() =>
    setTimeout(() => performance.measure('board-interactive', 'board-data'), 0),
  );
  schedule();
}

function schedule() {
  clearTimeout(timer);
  if (!$('day').value) {
    timer = setTimeout(load, REFRESH_MS);
  }
}

function fillChoices(id, values, label = (value) => value) {
  const select = $(id);
  const chosen = select.value;
  const first = select.options[0];
  select.replaceChildren(first);
  [...new Set(values)].sort().forEach((value) => {
    const option = text('option', label(value));
    option.value = value;
    select.append(option);
  });
  select.value = [...select.options].some((o) => o.value === chosen) ? chosen : '';
}

function draw() {
  const airline = $('airline').value;
  const destination = $('destination').value;
  const onlyHigh = $('risk').value === 'high';
  // A flight as people name it: LAN 730 (code and number, in any case, spaces or none), or its
  // number or airline code alone; SKU 55 is not SKU 553.
  const wanted = $('search').value.replace(/\s+/g, '').toUpperCase();
  const named = (f) =>
    `${f.airline_code}${f.flight_number}` === wanted ||
    f.flight_number.toUpperCase() === wanted ||
    f.airline_code === wanted;
  const byRisk = $('order').value === 'risk';
  const body = $('flights').tBodies[0];
  const shown = lines
    .filter((l) => !airline || l.flight.airline === airline)
    .filter((l) => !destination || l.flight.destination === destination)
    .filter((l) => !onlyHigh || l.prediction.delayed)
    .filter((l) => !wanted || named(l.flight));
  if (byRisk) {
    shown.sort((a, b) => b.prediction.probability - a.prediction.probability);
  }
  const rows = shown.map(row);
  body.replaceChildren(...rows);
  $('caption').textContent =
    !rows.length && lines.length
      ? `None of the ${lines.length} flights matches the search and filters`
      : `${count(rows.length, 'flight')} and their risk of leaving more than ` +
        `${DELAY_MINUTES} minutes late`;
}

function row(line) {
  const { flight, prediction } = line;
  const tr = document.createElement('tr');
  tr.dataset.flightId = flight.id;
  tr.append(text('td', flight.scheduled_departure.replace('T', ' ').slice(0, 16)));
  const name = text('button', `${flight.airline_code} ${flight.flight_number}`, 'flight');
  name.type = 'button';
  name.setAttribute('aria-label', `Flight ${flight.airline_code} ${flight.flight_number}: details`);
  name.addEventListener('click', () => details(line));
  const cell = document.createElement('td');
  cell.append(name);
  // On a phone the Left column is hidden: how late a flight left is said beside it instead.
  cell.append(...lateMark(flight, 'late-phone'));
  tr.append(cell);
  tr.append(text('td', flight.airline));
  tr.append(
    text('td', flight.destination_city ? `${flight.destination} ${flight.destination_city}` : flight.destination),
  );
  const risk = text('span', percent(prediction.probability), `risk ${prediction.delayed ? 'high' : 'low'}`);
  risk.title = prediction.label;
  const riskCell = document.createElement('td');
  riskCell.append(risk);
  tr.append(riskCell);
  tr.append(text('td', prediction.fallback ? `${prediction.model_version} (fallback)` : prediction.model_version));
  tr.append(left(flight));
  return tr;
}

// Whole minutes, cut toward zero as the service counts them (15 min 40 s late is 15: on time).
function minutesLate(flight) {
  return Math.trunc(
    (Date.parse(`${flight.actual_departure}Z`) - Date.parse(`${flight.scheduled_departure}Z`)) / 60000,
  );
}

/**
 * When a flight left, HH:MM, marked +1 when that was the day after its scheduled day (a 23:40
 * flight that left at 00:12), -1 the day before.
 */
function leftAt(flight) {
  const day = (iso) => Date.parse(`${iso.slice(0, 10)}T00:00Z`) / 86400000;
  const days = Math.round(day(flight.actual_departure) - day(flight.scheduled_departure));
  return time(flight.actual_departure) + (days > 0 ? ` +${days}` : days < 0 ? ` ${days}` : '');
}

/** The Left cell: when it left, and how late when delayed. */
function left(flight) {
  const cell = document.createElement('td');
  if (flight.actual_departure) {
    cell.append(leftAt(flight), ...lateMark(flight, 'late'));
  }
  return cell;
}

/** " N min late" for a flight that left delayed, in a span of {@code className}; else nothing. */
function lateMark(flight, className) {
  const late = flight.actual_departure ? minutesLate(flight) : 0;
  return late > DELAY_MINUTES ? [' ', text('span', `${late} min late`, className)] : [];
}

/** How a flight left against its schedule, in words. */
function againstSchedule(flight) {
  const late = minutesLate(flight);
  const words =
    late > 0
      ? `${count(late, 'minute')} after schedule`
      : late < 0
        ? `${count(-late, 'minute')} before schedule`
        : 'on schedule';
  return `left at ${leftAt(flight)}, ${words}` + (late > DELAY_MINUTES ? ' (delayed)' : ' (on time)');
}

async function details(line) {
  const { flight, prediction } = line;
  openFlight = flight.id;
  $('details-title').textContent = `${flight.airline_code} ${flight.flight_number} to ${flight.destination}`;
  const facts = [
    ['Scheduled', flight.scheduled_departure.replace('T', ' ')],
    ['Airline', flight.airline],
    ['Type', flight.flight_type === 'I' ? 'international' : 'national'],
    ['Risk', `${percent(prediction.probability)}: ${prediction.label}`],
    ['Model', prediction.model_version],
  ];
  if (prediction.fallback) {
    facts.push(['Why the fallback', prediction.fallback]);
  }
  if (prediction.context) {
    const c = prediction.context;
    facts.push([
      'Airport context',
      `as known at ${c.as_of.replace('T', ' ')}: ${c.departures_seen} departures seen` +
        (c.complete ? '' : ' (its hours not all known yet)'),
    ]);
  }
  facts.push([
    'Outcome',
    flight.actual_departure ? againstSchedule(flight) : 'not left yet',
  ]);
  $('facts').replaceChildren(...terms(facts));
  if (!$('details').open) {
    $('details').showModal();
  }
  await explain(flight);
}

async function explain(flight) {
  // An answer for a flight whose details are no longer open is dropped.
  const asked = flight.id;
  const note = $('explanation-note');
  note.textContent = 'Reading the explanation…';
  let answer;
  try {
    answer = await call('/v1/predictions?explain=true', {
      method: 'POST',
      body: {
        flights: [
          {
            airline: flight.airline,
            flight_type: flight.flight_type,
            scheduled_departure: flight.scheduled_departure,
            destination: flight.destination,
            flight_number: flight.flight_number,
          },
        ],
      },
    });
  } catch (problem) {
    if (openFlight !== asked) {
      return;
    }
    note.textContent = `No explanation: ${problem.message}`;
    $('explanation').hidden = true;
    return;
  }
  if (openFlight !== asked) {
    return;
  }
  $('explanation').hidden = false;
  const predicted = answer.predictions[0];
  const all = predicted.explanation.contributions;
  const contributions = all.slice(0, 12);
  note.textContent =
    `Model ${predicted.model_version}: each input's push on the log-odds ` +
    `(from ${predicted.explanation.base.toFixed(3)} for every flight to ` +
    `${predicted.explanation.log_odds.toFixed(3)} for this one, which the model's calibration turns ` +
    `into the risk of ${percent(predicted.probability)}); right raises the risk, left lowers it.` +
    (all.length > contributions.length
      ? ` The ${contributions.length} largest of its ${all.length} inputs are drawn.`
      : '');
  drawExplanation(contributions);
}

function drawExplanation(contributions) {
  const ordered = [...contributions].reverse();
  drawChart('explanation', {
    // The axis's name under its middle: at its end, beyond the grid, it was cut at the chart's edge.
    grid: { left: 8, right: 56, top: 8, bottom: 40, containLabel: true },
    xAxis: { type: 'value', name: 'log-odds', nameLocation: 'middle', nameGap: 28 },
    yAxis: { type: 'category', data: ordered.map((c) => c.input) },
    series: [
      {
        type: 'bar',
        data: ordered.map((c) => ({
          value: Number(c.contribution.toFixed(4)),
          itemStyle: { color: c.contribution > 0 ? '#b42318' : '#1d5fa8' },
        })),
        label: { show: true, position: 'right', formatter: (p) => p.value.toFixed(3) },
      },
    ],
  });
}

// Closed by its button or Escape (the dialog's own): the focus goes back to the flight, if the
// board still shows it.
function closed() {
  const button = document.querySelector(`#flights tr[data-flight-id="${openFlight}"] button.flight`);
  if (button) {
    button.focus();
  }
  openFlight = null;
}

wire(load, () => {
  clearTimeout(timer);
  $('details').close();
});
// A recorded day is read whole unless the hours are changed after it is picked.
$('day').addEventListener('change', () => {
  const day = $('day').value;
  $('start').disabled = !day;
  if (day && $('start').value === '00:00') {
    $('hours').value = '24';
  }
  load();
});
$('start').addEventListener('change', load);
$('hours').addEventListener('change', load);
$('search').addEventListener('input', draw);
$('airline').addEventListener('change', draw);
$('destination').addEventListener('change', draw);
$('risk').addEventListener('change', draw);
$('order').addEventListener('change', draw);
$('close-details').addEventListener('click', () => $('details').close());
$('details').addEventListener('close', closed);
load();
