// The windows of live figures: ending at the airport's latest departure (the API's `window`), or
// at the end of a day the user picks (`from` and `to`), to look at a replayed day or any past one.

const UNIT_MS = { h: 3600000, d: 86400000 };

/** The local time (SCL) as the API reads it, from a Date holding it as if it were UTC. */
export function local(date) {
  return date.toISOString().slice(0, 19);
}

/**
 * The query of a window of {@code span} ({@code 24h}, {@code 7d}…) ending at the airport's latest
 * departure, or at the end of {@code day} (YYYY-MM-DD) when one is given.
 */
export function windowQuery(span, day) {
  if (!day) {
    return `window=${span}`;
  }
  const [, count, unit] = /^(\d+)([hd])$/.exec(span);
  const to = new Date(Date.parse(`${day}T00:00:00Z`) + UNIT_MS.d);
  const from = new Date(to.getTime() - Number(count) * UNIT_MS[unit]);
  return `from=${local(from)}&to=${local(to)}`;
}

/** The end of {@code day} as the API writes local times, or null for the airport's now. */
export function endOf(day) {
  return day ? local(new Date(Date.parse(`${day}T00:00:00Z`) + UNIT_MS.d)) : null;
}
