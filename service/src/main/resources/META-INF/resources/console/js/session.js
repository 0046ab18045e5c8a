// Signing in and out, the same on every page: the credential goes to api.js, which sends it.
import { credential, forget, keep, Problem } from './api.js';
import { $ } from './dom.js';


// The same form on every page; static text only.
const FORM = `
  <h2 id="sign-in-title">Sign in</h2>
  <p>Paste an API key or an ID token. It is kept for this tab only and sent as a header, never as
    a cookie.</p>
  <form id="sign-in-form">
    <label for="credential">API key or ID token</label>
    <input id="credential" name="credential" type="password" autocomplete="off" required>
    <button type="submit">Sign in</button>
  </form>
  <p id="sign-in-error" class="error" role="alert"></p>`;

// The console's pages, in the bar's order.
const PAGES = [
  ['./', 'Departures'],
  ['models.html', 'Models'],
  ['rollout.html', 'Rollout'],
  ['service.html', 'Service'],
];

function drawBar() {
  const here = location.pathname.split('/').pop() || './';
  const link = ([href, name]) => {
    const a = document.createElement('a');
    a.href = href;
    a.textContent = name;
    if (href === here || (href === './' && here === 'index.html')) {
      a.setAttribute('aria-current', 'page');
    }
    return a;
  };
  const brand = document.createElement('p');
  brand.className = 'brand';
  brand.textContent = 'latam-ml-infra';
  const nav = document.createElement('nav');
  nav.setAttribute('aria-label', 'Console pages');
  nav.append(...PAGES.map(link));
  const who = document.createElement('p');
  who.id = 'who';
  who.className = 'who';
  who.setAttribute('aria-live', 'polite');
  const signOut = document.createElement('button');
  signOut.id = 'sign-out';
  signOut.type = 'button';
  signOut.hidden = true;
  signOut.textContent = 'Sign out';
  document.querySelector('header.bar').replaceChildren(brand, nav, who, signOut);
}

/**
 * Draws the page's bar and wires its sign-in form and sign-out button to {@code load}, which reads
 * the page.
 */
export function wire(load, onSignOut = () => {}) {
  drawBar();
  $('sign-in').innerHTML = FORM;
  $('sign-in-form').addEventListener('submit', (event) => {
    event.preventDefault();
    keep($('credential').value);
    $('credential').value = '';
    load();
  });
  $('sign-out').addEventListener('click', () => {
    forget();
    onSignOut();
    load();
  });
}

/** Shows {@code section}, the API having answered, and who is signed in. */
export function signedIn(section) {
  $('sign-in').hidden = true;
  $(section).hidden = false;
  $('who').textContent = credential() ? 'Signed in' : 'No sign-in needed';
  $('sign-out').hidden = !credential();
}

/**
 * Whether the API refused the caller (401 or 403): then the sign-in form shows, saying why when a
 * credential was given, and {@code section} hides.
 */
export function refused(problem, section, what) {
  if (!(problem instanceof Problem) || (problem.status !== 401 && problem.status !== 403)) {
    return false;
  }
  const hadOne = Boolean(credential());
  forget();
  $(section).hidden = true;
  $('sign-in').hidden = false;
  $('who').textContent = '';
  $('sign-out').hidden = true;
  $('sign-in-error').textContent = !hadOne
    ? ''
    : problem.status === 401
      ? `The service refused this credential: ${problem.message}`
      : `This credential may not read ${what} (it needs the invoker or admin role): ${problem.message}`;
  $('credential').focus();
  return true;
}
