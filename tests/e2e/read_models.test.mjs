// Read models through real clicks: a buggy projection (balances v1) fixed by switching to v2 and
// replaying, with the events untouched; snapshots saving replay work once the interval is set;
// the event history console; the CRUD comparison window.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openSandbox, runCommand, appState, screenshot, click, typeInto, accepted } from './harness.mjs';
import { clickIn } from './lesson_helpers.mjs';

async function openWindow(page, title) {
  await click(page, 'View');
  await click(page, title);
  assert.equal((await appState(page)).windows[title], true, `${title} is open`);
}

const balance = (s, id) => s.store.balances.find((b) => b.accountId === id).balanceCents;

test('a buggy projection is fixed by a replay; the events never change', async () => {
  const app = await launch({ viewport: { width: 1280, height: 720 } });
  try {
    const { page } = app;
    await openSandbox(page, app.baseUrl);
    await accepted(page, 'Open account', { account: 'alice', owner: 'Alice' });
    await accepted(page, 'Open account', { account: 'bob', owner: 'Bob' });
    await accepted(page, 'Deposit', { account: 'alice', amount: '100' });
    await accepted(page, 'Transfer', { amount: '25', to: 'bob' });
    const events = (await appState(page)).store.events;

    await openWindow(page, 'Projections');
    await clickIn(page, 'Projections', 'v1 (buggy)');  // scrolled to, as a learner would, if need be
    let s = await appState(page);
    let balances = s.projections.find((p) => p.name === 'balances');
    assert.equal(balances.version, 1);
    assert.equal(balances.foldedVersion, 2, 'switching alone does not change what was folded');
    assert.equal(balance(s, 'bob'), 2500);

    await clickIn(page, 'Projections', 'Rebuild##balances');
    s = await appState(page);
    balances = s.projections.find((p) => p.name === 'balances');
    assert.equal(balances.foldedVersion, 1);
    assert.equal(balances.lastRebuildEvents, 5);
    assert.equal(balance(s, 'bob'), 0, 'v1 loses the transfer into bob');
    assert.equal(s.accounts.rows.find((r) => r.id === 'bob').nowBalanceCents, 2500, 'his own events still say 25.00');
    await screenshot(page, 'projections-v1-1280x720');

    await clickIn(page, 'Projections', 'v2 (fixed)');
    s = await appState(page);
    assert.deepEqual(s.projections.find((p) => p.name === 'balances'), { ...balances, version: 2 });
    await clickIn(page, 'Projections', 'Rebuild balances now');
    s = await appState(page);
    assert.equal(balance(s, 'bob'), 2500);
    assert.equal(balance(s, 'alice'), 7500);
    assert.equal(s.projections.find((p) => p.name === 'balances').foldedVersion, 2);
    assert.deepEqual(s.store.events, events, 'not one event changed');
    assert.ok(s.projections.every((p) => p.lag === 0 && p.checkpoint === 5));
  } finally {
    await app.close();
  }
});

test('snapshots: with an interval of 2 the load folds only the tail; the console and CRUD views', async () => {
  const app = await launch({ viewport: { width: 1280, height: 720 } });
  try {
    const { page } = app;
    await openSandbox(page, app.baseUrl);
    await accepted(page, 'Open account', { account: 'alice', owner: 'Alice', reason: 'new customer' });
    await openWindow(page, 'Snapshots');
    await typeInto(page, 'events##snapshot-every', '2');
    for (let i = 0; i < 4; i++) await accepted(page, 'Deposit', { amount: '10', reason: i === 0 ? 'salary' : '' });
    let s = await appState(page);
    assert.equal(s.store.head, 5);
    assert.deepEqual(s.accounts.cost.snapshots, [2, 4]);
    assert.equal(s.accounts.cost.usedSnapshot, true);
    assert.equal(s.accounts.cost.snapshotVersion, 4);
    assert.equal(s.accounts.cost.eventsWith, 1);
    assert.equal(s.accounts.cost.eventsWithout, 5);
    await screenshot(page, 'snapshots-1280x720');

    await openWindow(page, 'Event history console');
    s = await appState(page);
    const lines = s.console.trim().split('\n');
    assert.equal(lines.length, 5);
    assert.match(lines[0], /^#1 {2}\d\d:\d\d:\d\d {2}AccountCreated {2}account-alice \(stream version 1, schema 1\) .*owner=Alice.* by learner: new customer$/);
    assert.match(lines[1], /^#2 .*MoneyDeposited {2}account-alice \(stream version 2, schema 2\) .*amountCents=1000.* by learner: salary$/);
    await screenshot(page, 'console-1280x720');

    await openWindow(page, 'CRUD vs event sourcing');
    // The CRUD row's last UPDATE: the balance the newest deposit overwrote, struck out beside the new one.
    s = await appState(page);
    assert.deepEqual(s.accounts.crudChange, { position: 5, beforeCents: 3000, afterCents: 4000, beforeExists: true });
    await accepted(page, 'Deposit', { amount: '10' });
    s = await appState(page);
    assert.deepEqual(s.accounts.crudChange, { position: 6, beforeCents: 4000, afterCents: 5000, beforeExists: true });
    await screenshot(page, 'crud-vs-es-1280x720');
    assert.deepEqual(app.consoleErrors, []);
  } finally {
    await app.close();
  }
});
