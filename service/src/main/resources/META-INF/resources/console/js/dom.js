// What every page builds its elements with: text only, never HTML from data.

/** The element with this id. */
export const $ = (id) => document.getElementById(id);

/** A new {@code tag} element holding {@code value} as text, with {@code className} if given. */
export function text(tag, value, className) {
  const element = document.createElement(tag);
  element.textContent = value;
  if (className) {
    element.className = className;
  }
  return element;
}

/** A figure to {@code digits} places, or a dash when there is none. */
export function figure(value, digits = 3) {
  return value === undefined || value === null ? '—' : Number(value).toFixed(digits);
}

/** A description list's terms and values, from [term, value] pairs. */
export function terms(pairs) {
  return pairs.flatMap(([term, value]) => [text('dt', term), text('dd', String(value))]);
}
