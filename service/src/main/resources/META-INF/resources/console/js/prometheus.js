// The Prometheus text exposition format (0.0.4), read as the service writes it on /metrics, and
// the two sums the console draws from it: counters over series, and quantiles of histograms.

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A sample value or a bucket's le as a number: NaN, +Inf and -Inf included; NaN when it is none. */
export function parseValue(text) {
  if (/^[+-]?inf(inity)?$/i.test(text)) {
    return text.startsWith('-') ? -Infinity : Infinity;
  }
  if (/^nan$/i.test(text) || !FLOAT.test(text)) {
    return NaN;
  }
  return Number(text);
}

// HELP text escapes only \\ and \n; label values also \".
function unescape(text) {
  return text.replace(/\\(.)/g, (all, c) => (c === 'n' ? '\n' : c === '\\' || c === '"' ? c : all));
}

function fail(number, line, why) {
  throw new SyntaxError(`metrics line ${number}: ${why}: ${line.slice(0, 120)}`);
}

// The {...} after a sample's name; returns the labels and where the value starts.
function labels(line, from, number) {
  const found = {};
  let i = from + 1;
  for (;;) {
    while (line[i] === ' ' || line[i] === '\t') i++;
    if (line[i] === '}') return [found, i + 1];
    const name = LABEL.exec(line.slice(i));
    if (!name) fail(number, line, 'a label name was expected');
    i += name[0].length;
    while (line[i] === ' ' || line[i] === '\t') i++;
    if (line[i] !== '=') fail(number, line, "'=' was expected");
    i++;
    while (line[i] === ' ' || line[i] === '\t') i++;
    if (line[i] !== '"') fail(number, line, 'a quoted label value was expected');
    i++;
    let value = '';
    // Scanned by hand: a quoted value may hold commas, braces and escaped quotes.
    while (i < line.length && line[i] !== '"') {
      if (line[i] === '\\' && i + 1 < line.length) {
        const c = line[i + 1];
        value += c === 'n' ? '\n' : c === '\\' || c === '"' ? c : `\\${c}`;
        i += 2;
      } else {
        value += line[i++];
      }
    }
    if (i >= line.length) fail(number, line, 'a label value is not closed');
    found[name[0]] = value;
    i++;
    while (line[i] === ' ' || line[i] === '\t') i++;
    if (line[i] === ',') i++;
    else if (line[i] !== '}') fail(number, line, "',' or '}' was expected");
  }
}

/** The text format as {samples: [{name, labels, value, timestamp?}], types, help}; a SyntaxError if bad. */
export function parse(text) {
  const samples = [];
  const types = {};
  const help = {};
  text.split('\n').forEach((raw, index) => {
    const number = index + 1;
    const line = raw.replace(/\r$/, '');
    if (!line.trim()) return;
    if (line.startsWith('#')) {
      const meta = /^#\s+(TYPE|HELP)\s+([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\s(.*))?$/.exec(line);
      if (meta && meta[1] === 'TYPE') types[meta[2]] = (meta[3] || 'untyped').trim();
      if (meta && meta[1] === 'HELP') help[meta[2]] = unescape(meta[3] || '');
      return;
    }
    const start = line.search(/\S/);
    const name = NAME.exec(line.slice(start));
    if (!name) fail(number, line, 'a metric name was expected');
    let i = start + name[0].length;
    let found = {};
    while (line[i] === ' ' || line[i] === '\t') i++;
    if (line[i] === '{') [found, i] = labels(line, i, number);
    // What follows the value is a timestamp, then (OpenMetrics) an exemplar after '#'.
    const rest = line.slice(i).split('#')[0].trim().split(/\s+/);
    if (!rest[0]) fail(number, line, 'a value was expected');
    const value = parseValue(rest[0]);
    if (Number.isNaN(value) && !/^[+-]?nan$/i.test(rest[0])) fail(number, line, 'the value is not a number');
    const sample = { name: name[0], labels: found, value };
    if (rest[1] !== undefined) {
      const timestamp = Number(rest[1]);
      if (!Number.isFinite(timestamp)) fail(number, line, 'the timestamp is not a number');
      sample.timestamp = timestamp;
    }
    samples.push(sample);
  });
  return { samples, types, help };
}

/** The sum of the values of the samples called {@code name} whose labels pass {@code filter}. */
export function sum(samples, name, filter = () => true) {
  let total = 0;
  for (const s of samples) {
    if (s.name === name && filter(s.labels)) total += s.value;
  }
  return total;
}

/** The cumulative buckets [{le, count}] of the _bucket series {@code name} passing {@code filter}. */
export function histogram(samples, name, filter = () => true) {
  const byLe = new Map();
  for (const s of samples) {
    if (s.name === name && s.labels.le !== undefined && filter(s.labels)) {
      const le = parseValue(s.labels.le);
      byLe.set(le, (byLe.get(le) || 0) + s.value);
    }
  }
  return [...byLe].map(([le, count]) => ({ le, count })).sort((a, b) => a.le - b.le);
}

/** The q-quantile of cumulative buckets [{le, count}] as Prometheus' histogram_quantile computes it. */
export function quantile(q, buckets) {
  // Interpolated linearly within its bucket; the highest finite le when it falls in the +Inf
  // bucket, NaN with no observations or no +Inf bucket.
  if (Number.isNaN(q)) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  const sorted = [...buckets].sort((a, b) => a.le - b.le);
  // Equal bounds are merged, and counts forced monotonic: series scraped apart can disagree.
  const merged = [];
  for (const b of sorted) {
    const last = merged[merged.length - 1];
    if (last && last.le === b.le) last.count += b.count;
    else merged.push({ le: b.le, count: b.count });
  }
  for (let i = 1; i < merged.length; i++) {
    if (merged[i].count < merged[i - 1].count) merged[i].count = merged[i - 1].count;
  }
  if (merged.length < 2 || merged[merged.length - 1].le !== Infinity) return NaN;
  const observations = merged[merged.length - 1].count;
  if (observations === 0 || Number.isNaN(observations)) return NaN;
  let rank = q * observations;
  let b = merged.length - 1;
  for (let i = 0; i < merged.length - 1; i++) {
    if (merged[i].count >= rank) {
      b = i;
      break;
    }
  }
  if (b === merged.length - 1) return merged[merged.length - 2].le;
  if (b === 0 && merged[0].le <= 0) return merged[0].le;
  let start = 0;
  let count = merged[b].count;
  if (b > 0) {
    start = merged[b - 1].le;
    count -= merged[b - 1].count;
    rank -= merged[b - 1].count;
  }
  return start + (merged[b].le - start) * (rank / count);
}
