// The read models drawn, through real clicks: each projection's table shows its real rows after
// commands; eventual consistency holds them back (lag > 0, rows marked behind) until "Apply next
// event", "Catch up" or the delay brings them back to 0; the time-travel timeline bar reports
// what is under the mouse and travels when dragged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openSandbox, appState, screenshot, accepted, openWindow, widget, nextFrames } from './harness.mjs';
import { clickIn } from './lesson_helpers.mjs';

const model = (s, name) => s.projections.find((p) => p.name === name);

// A fresh sandbox with alice and bob (positions 1 to 5) and `window` open; runs `body(page)`.
async function withSmallBank(window, body) {
  const app = await launch({ viewport: { width: 1280, height: 720 } });
  try {
    const { page } = app;
    await openSandbox(page, app.baseUrl);
    await accepted(page, 'Open account', { account: 'alice', owner: 'Alice' });  // 1
    await accepted(page, 'Open account', { account: 'bob', owner: 'Bob' });      // 2
    await accepted(page, 'Deposit', { account: 'alice', amount: '100' });        // 3
    await accepted(page, 'Transfer', { account: 'alice', amount: '25', to: 'bob' });  // 4, 5
    await openWindow(page, window);
    await body(page);
  } finally {
    await app.close();
  }
}

test('each read model\'s table shows what it really holds', () => withSmallBank('Projections', async (page) => {
  await clickIn(page, 'Projections', 'Add daily-totals##projection');
  const s = await appState(page);
  assert.deepEqual(model(s, 'balances').rows, [
    { account: 'alice', balanceCents: 7500 }, { account: 'bob', balanceCents: 2500 },
  ]);
  assert.deepEqual(model(s, 'account-list').rows, [
    { account: 'alice', owner: 'Alice', currency: 'USD', closed: false },
    { account: 'bob', owner: 'Bob', currency: 'USD', closed: false },
  ]);
  assert.deepEqual(model(s, 'audit-trail').rows.map((r) => r.position), [5, 4, 3, 2, 1], 'newest first');
  assert.equal(model(s, 'audit-trail').rows[0].type, 'TransferReceived');
  assert.deepEqual(model(s, 'daily-totals').rows.map((r) => [r.account, r.netCents]), [['alice', 7500], ['bob', 2500]]);
  assert.ok(s.projections.every((p) => p.lag === 0 && p.checkpoint === 5 && !p.heldBack && p.behind.length === 0));
  await screenshot(page, 'read-models-tables-1280x720');
}));

test('eventual consistency: the lag rises above 0 after a command and returns to 0', () => withSmallBank('Projections', async (page) => {
  await clickIn(page, 'Projections', 'Eventual consistency##eventual');
  await clickIn(page, 'Projections', 'When I say so##eventual');
  let s = await appState(page);
  assert.ok(s.projections.filter((p) => p.name !== 'bank-log').every((p) => p.heldBack));

  // Step by step: the store takes the deposit at once, the read models do not.
  await accepted(page, 'Deposit', { account: 'alice', amount: '10' });  // 6
  await accepted(page, 'Deposit', { account: 'bob', amount: '1' });     // 7
  s = await appState(page);
  assert.equal(s.store.head, 7);
  assert.equal(model(s, 'bank-log').lag, 0, 'what the bank\'s rules read is never held back');
  assert.equal(model(s, 'balances').lag, 2);
  assert.deepEqual(model(s, 'balances').behind, ['alice', 'bob']);
  assert.equal(model(s, 'balances').rows.find((r) => r.account === 'alice').balanceCents, 7500);
  assert.equal(model(s, 'audit-trail').rows[0].position, 5);
  await screenshot(page, 'read-models-behind-1280x720');
  await clickIn(page, 'Projections', 'Apply next event##eventual');
  s = await appState(page);
  assert.equal(model(s, 'balances').lag, 1);
  assert.deepEqual(model(s, 'balances').behind, ['bob']);
  assert.equal(model(s, 'balances').rows.find((r) => r.account === 'alice').balanceCents, 8500);
  await clickIn(page, 'Projections', 'Catch up##eventual');
  s = await appState(page);
  assert.ok(s.projections.every((p) => p.lag === 0 && p.checkpoint === 7), 'caught up');
  assert.equal(model(s, 'audit-trail').rows[0].position, 7);

  // After a delay: no click, the read models catch up by themselves.
  await clickIn(page, 'Projections', 'After a delay##eventual');
  await accepted(page, 'Deposit', { account: 'alice', amount: '5' });  // 8
  s = await appState(page);
  assert.equal(model(s, 'balances').lag, 1, 'behind right after the command');
  const t0 = Date.now();
  await page.waitForFunction(() => Module.esTest.state().projections.every((p) => p.lag === 0), null, { timeout: 15000 });
  assert.ok(Date.now() - t0 >= 1000, 'it waited for the delay');
  s = await appState(page);
  assert.equal(model(s, 'balances').rows.find((r) => r.account === 'alice').balanceCents, 9000);

  // Switching the mode off catches up at once and follows the log live again.
  await clickIn(page, 'Projections', 'When I say so##eventual');
  await accepted(page, 'Deposit', { account: 'alice', amount: '1' });  // 9
  assert.equal(model(await appState(page), 'balances').lag, 1);
  await clickIn(page, 'Projections', 'Eventual consistency##eventual');
  s = await appState(page);
  assert.ok(s.projections.every((p) => p.lag === 0 && !p.heldBack));
  await accepted(page, 'Deposit', { account: 'alice', amount: '1' });  // 10
  assert.ok((await appState(page)).projections.every((p) => p.lag === 0 && p.checkpoint === 10));
}));

test('the timeline bar: hover tells what is there, a drag to its left end travels back', () => withSmallBank('Time travel', async (page) => {
  let s = await appState(page);
  assert.equal(s.timelineBar.head, 5);
  assert.equal(s.timelineBar.perEvent, true, 'one tick per event while they fit');
  assert.deepEqual(s.timelineBar.types, ['AccountCreated', 'MoneyDeposited', 'TransferSent', 'TransferReceived']);

  const bar = await widget(page, '##position');
  await page.mouse.move(bar.x + bar.width * 0.5, bar.centerY);  // the third of five ticks
  await nextFrames(page, 3);
  s = await appState(page);
  assert.equal(s.timelineBar.hovered.first, 3);
  assert.match(s.timelineBar.hovered.text, /^#3 MoneyDeposited on account-alice, 100\.00$/);
  await screenshot(page, 'timeline-bar-hover-1280x720');

  // Press at the right end, drag to the left end.
  await page.mouse.move(bar.x + bar.width * 0.98, bar.centerY);
  await nextFrames(page, 2);
  await page.mouse.down();
  await nextFrames(page, 2);
  await page.mouse.move(bar.x + bar.width * 0.42, bar.centerY, { steps: 4 });
  await nextFrames(page, 2);
  assert.equal((await appState(page)).timeTravel.position, 2, 'it scrubs while dragging');
  await page.mouse.move(bar.x + 1, bar.centerY, { steps: 4 });
  await nextFrames(page, 2);
  await page.mouse.up();
  await nextFrames(page, 2);
  s = await appState(page);
  assert.equal(s.timeTravel.atNow, false);
  assert.equal(s.timeTravel.position, 0);
  assert.equal(s.timelineBar.marker, 0);
}));
