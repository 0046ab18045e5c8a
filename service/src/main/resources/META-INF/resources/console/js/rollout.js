// The rollout every instance serves: what is in force and how the challenger does, its history,
// and for admins the controls to change it, each behind a confirmation that shows what will change.
import { call } from './api.js';
import { showComparison } from './comparison.js';
import { refused, signedIn, wire } from './session.js';
import { windowQuery } from './windows.js';
import { $, terms, text } from './dom.js';

let current = null;
// Whether the caller may change the rollout (an admin): the page's hints follow it.
let mayChange = false;

function percent(share) {
  return `${Math.round(share * 1000) / 10} %`;
}

/** A rollout as the confirmation and the facts list read it. */
function describe(rollout) {
  return {
    Champion: rollout.champion,
    Challenger: rollout.challenger || 'none',
    'Challenger share':
      rollout.challenger && rollout.mode !== 'shadow' ? percent(rollout.challenger_share) : '—',
    Mode: rollout.challenger ? rollout.mode : '—',
  };
}

async function load() {
  let answer;
  let models;
  let caller;
  try {
    [answer, models, caller] = await Promise.all([
      call('/v1/rollout'),
      call('/v1/models'),
      call('/v1/caller'),
    ]);
  } catch (problem) {
    if (!refused(problem, 'rollout', 'the rollout')) {
      signedIn('rollout');
      $('status').textContent = `The rollout could not be read: ${problem.message}`;
    }
    return;
  }
  signedIn('rollout');
  current = answer.rollout;
  const admin = caller.roles.includes('admin');
  mayChange = admin;
  // The API refuses a non-admin's change anyway; hiding the controls only spares a useless form.
  $('controls').hidden = !admin;
  $('read-only').hidden = admin;
  showInForce(answer);
  showHistory(answer.history);
  fillForm(models.versions, current);
  showRollback(answer.history);
  $('promote').disabled = !current.challenger;
  $('share').disabled = Boolean(current.challenger) && current.mode === 'shadow';
  await compare();
}

function compare() {
  return showComparison(
    $('comparison'),
    $('comparison-note'),
    windowQuery($('comparison-window').value, $('comparison-end').value),
    { alone: Boolean(current) && !current.challenger, hint: mayChange ? 'Set a challenger above to compare it.' : '' },
  );
}

function showInForce(answer) {
  const rollout = answer.rollout;
  const facts = [
    ['Rollout', `#${rollout.id} (${rollout.action})`],
    ...Object.entries(describe(rollout)),
    ['Set by', `${rollout.set_by}, ${rollout.set_at.replace('T', ' ').replace('Z', ' UTC')}`],
    [
      'This instance serves',
      answer.served_here === rollout.id
        ? `#${answer.served_here}, the rollout in force`
        : `#${answer.served_here}: it takes up #${rollout.id} within a second or two`,
    ],
  ];
  $('in-force').replaceChildren(...terms(facts));
}

function showHistory(history) {
  $('history').tBodies[0].replaceChildren(
    ...history.map((r) => {
      const tr = document.createElement('tr');
      const th = text('th', `#${r.id}`);
      th.scope = 'row';
      tr.append(th);
      [
        r.set_at.replace('T', ' ').replace('Z', ''),
        // A rollback says which rollout it put back: its own previous is the one before that.
        r.restored_id ? `${r.action} to #${r.restored_id}` : r.action,
        r.champion,
        r.challenger || '—',
        r.challenger && r.mode !== 'shadow' ? percent(r.challenger_share) : '—',
        r.challenger ? r.mode : '—',
        r.set_by,
      ].forEach((v) => tr.append(text('td', v)));
      return tr;
    }),
  );
}

function fillForm(versions, rollout) {
  const options = (list, none) =>
    (none ? [['', 'none']] : []).concat(list.map((v) => [v, v])).map(([value, label]) => {
      const option = text('option', label);
      option.value = value;
      return option;
    });
  $('champion').replaceChildren(...options(versions, false));
  $('challenger').replaceChildren(...options(versions, true));
  $('champion').value = rollout.champion;
  $('challenger').value = rollout.challenger || '';
  $('share').value = String(Math.round(rollout.challenger_share * 100));
  document.querySelector(`input[name="mode"][value="${rollout.mode}"]`).checked = true;
}

// A change is made on the rollout this page shows, and refused (412) if another came meanwhile.
function onShown() {
  return { 'If-Match': `"${current.id}"` };
}

// The rollout a roll-back returns to, when the history shows it.
let previous = null;

function showRollback(history) {
  previous = history.find((r) => r.id === current.previous_id) || null;
  $('rollback').disabled = !current.previous_id;
  $('rollback-note').textContent = !current.previous_id
    ? 'Nothing to roll back to: this is the first rollout.'
    : previous
      ? `Rolling back returns to #${previous.id}: ${previous.champion}` +
        (previous.challenger ? ` with ${previous.challenger} (${previous.mode}).` : ' alone.')
      : `Rolling back returns to #${current.previous_id}.`;
}

/**
 * Shows what will change and resolves to whether the admin confirmed. {@code after} is a rollout
 * (its rows are compared with the one in force) or null for an action that changes no rollout.
 */
function confirmChange(what, after) {
  $('confirm-what').textContent = what;
  const table = $('confirm-change');
  table.hidden = !after;
  if (after) {
    const now = describe(current);
    const then = describe(after);
    table.tBodies[0].replaceChildren(
      ...Object.keys(now).map((key) => {
        const tr = document.createElement('tr');
        const th = text('th', key);
        th.scope = 'row';
        tr.append(th, text('td', now[key]), text('td', then[key]));
        if (now[key] !== then[key]) {
          tr.className = 'changed';
          tr.cells[2].textContent += ' (changes)';
        }
        return tr;
      }),
    );
  }
  const dialog = $('confirm');
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'confirm'), { once: true });
    dialog.returnValue = '';
    dialog.showModal();
    $('confirm-go').focus();
  });
}

/** Sends a change; then says {@code done}, or what the service refused and why. */
async function act(doing, done, request) {
  $('status').textContent = `${doing}…`;
  try {
    await request();
  } catch (problem) {
    const fields = (problem.errors || []).map((e) => `${e.field} ${e.detail}`).join('; ');
    const refused = `Refused: ${problem.message}${fields ? ` (${fields})` : ''}`;
    if (problem.status === 412) {
      // Someone changed the rollout since this page read it: show theirs before anything else.
      await load();
      $('status').textContent = `${refused}. The page now shows the rollout in force.`;
      return;
    }
    $('status').textContent = refused;
    return;
  }
  await load();
  $('status').textContent = `Done: ${done}`;
}

const EVERYWHERE = 'every instance serves it within a second or two.';

function desired() {
  const challenger = $('challenger').value;
  const body = { champion: $('champion').value };
  if (challenger) {
    body.challenger = challenger;
    body.mode = document.querySelector('input[name="mode"]:checked').value;
    if (body.mode === 'canary') {
      body.challenger_share = Number($('share').value) / 100;
    }
  }
  return body;
}

$('change-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const body = desired();
  const after = { challenger_share: 0, mode: 'canary', ...body };
  if (await confirmChange('Serve this rollout on every instance?', after)) {
    await act('Setting the rollout', `the rollout is set; ${EVERYWHERE}`, () =>
      call('/v1/rollout', { method: 'PUT', body, headers: onShown() }),
    );
  }
});

$('promote').addEventListener('click', async () => {
  const after = { champion: current.challenger, challenger_share: 0, mode: 'canary' };
  if (await confirmChange(`Make ${current.challenger} the champion, alone?`, after)) {
    await act('Promoting the challenger', `${current.challenger} is the champion; ${EVERYWHERE}`, () =>
      call('/v1/rollout', {
        method: 'PUT',
        body: { champion: current.challenger },
        headers: onShown(),
      }),
    );
  }
});

$('rollback').addEventListener('click', async () => {
  if (await confirmChange($('rollback-note').textContent, previous)) {
    await act('Rolling back', `rolled back; ${EVERYWHERE}`, () =>
      call('/v1/rollout/rollback', { method: 'POST', headers: onShown() }),
    );
  }
});

$('upload-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const card = $('card-file').files[0];
  const onnx = $('onnx-file').files[0];
  let version = 'the version its card names';
  try {
    version = JSON.parse(await card.text()).version || version;
  } catch (e) {
    // The service says what is wrong with the card; the confirmation only names the version.
  }
  const what =
    `Add model ${version} (${card.name}, ${onnx.name}) to the store? It serves no flight until a ` +
    'rollout names it.';
  if (await confirmChange(what, null)) {
    const form = new FormData();
    form.append('card', card, card.name);
    form.append('onnx', onnx, onnx.name);
    await act(
      `Uploading ${version}`,
      `${version} is in the store; it serves no flight until a rollout names it.`,
      () => call('/v1/models', { method: 'POST', form }),
    );
  }
});

$('comparison-window').addEventListener('change', compare);
$('comparison-end').addEventListener('change', compare);
// A shadow scores every flight and answers none: it has no share.
document.querySelectorAll('input[name="mode"]').forEach((radio) =>
  radio.addEventListener('change', () => {
    $('share').disabled = document.querySelector('input[name="mode"]:checked').value === 'shadow';
  }),
);
wire(load);
load();
