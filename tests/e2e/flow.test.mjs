// The Command flow through real clicks: a deposit's token passes Command, Decide, the event store
// and each read model in order and ends; a refused withdrawal stops at Decide and nothing reaches
// the store; reduced motion shows the same stations; a stale expected version stops at the store.
// And the sequence diagram, played, keeps the current message in view at every step.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openSandbox, openWindow, runCommand, appState, screenshot, click, nextFrames } from './harness.mjs';

const PROJECTIONS = ['balances', 'account-list', 'audit-trail'];

// Records, in the page, every station the token is at, frame by frame (so no step is missed
// between two polls from here).
async function recordFlow(page) {
  await page.evaluate(() => {
    window.flowSeen = [];
    window.flowRecording = true;
    const tick = () => {
      const f = Module.esTest.state().flow;
      const last = window.flowSeen.at(-1);
      if (f && (!last || last.serial !== f.serial || last.station !== f.station)) {
        window.flowSeen.push({ serial: f.serial, station: f.station, narration: f.narration });
      }
      if (window.flowRecording) requestAnimationFrame(tick);
    };
    tick();
  });
}

// Waits until the flow after `serial` has played to its last station; returns the stations the
// token was seen at, in order, with their narration, and the flow as it ended.
async function playedFlow(page, serial) {
  await page.waitForFunction((s) => {
    const f = Module.esTest.state().flow;
    return f.serial > s && !f.playing && f.step === f.steps - 1;
  }, serial, { timeout: 30000 });
  const seen = await page.evaluate(() => { window.flowRecording = false; return window.flowSeen; });
  const flow = (await appState(page)).flow;
  return { flow, seen: seen.filter((x) => x.serial === flow.serial) };
}

async function command(page, button, fields) {
  const serial = (await appState(page)).flow.serial;
  await recordFlow(page);
  const result = await runCommand(page, button, fields);
  return { result, ...(await playedFlow(page, serial)) };
}

test('a deposit\'s token passes Command, Decide, the store and each read model in order; a refusal stops at Decide', async () => {
  const app = await launch({ viewport: { width: 1280, height: 720 } });
  try {
    const { page } = app;
    await openSandbox(page, app.baseUrl);
    assert.equal((await runCommand(page, 'Open account', { account: 'alice', owner: 'Alice' })).ok, true);
    await openWindow(page, 'Command flow');

    const deposit = await command(page, 'Deposit', { amount: '50.00' });
    assert.equal(deposit.result.ok, true, deposit.result.result);
    const stations = ['Command', 'Decide', 'Event store', ...PROJECTIONS];
    assert.deepEqual(deposit.flow.stations, stations);
    assert.deepEqual(deposit.seen.map((x) => x.station), stations, 'the token visits every station, in order');
    assert.equal(deposit.flow.accepted, true);
    assert.equal(deposit.flow.stoppedAt, '');
    assert.equal(deposit.flow.steps, stations.length);
    const said = Object.fromEntries(deposit.seen.map((x) => [x.station, x.narration]));
    assert.match(said.Decide, /alice: read 1 event: v1, \$0\.00\): new event\(s\) MoneyDeposited/);
    assert.equal(said['Event store'], 'Event store: MoneyDeposited +$50.00: balance $0.00 -> $50.00');
    assert.equal(said.balances, 'balances: alice balance: $0.00 -> $50.00');
    assert.equal(said['account-list'], 'account-list: nothing changed');
    assert.match(said['audit-trail'], /^audit-trail: #2 entry: MoneyDeposited on account-alice, 50\.00, by learner \(new\)$/);
    await screenshot(page, 'flow-deposit-1280x720');

    // The controls: back to the start, a step forward and back, and play to the end again.
    await click(page, '|<##flow');
    assert.equal((await appState(page)).flow.step, 0);
    await click(page, 'Next >##flow');
    await click(page, 'Next >##flow');
    assert.equal((await appState(page)).flow.station, 'Event store');
    await click(page, '< Back##flow');
    assert.equal((await appState(page)).flow.station, 'Decide');
    await click(page, 'Play##flow');
    await page.waitForFunction(() => { const f = Module.esTest.state().flow; return !f.playing && f.step === f.steps - 1; },
                               null, { timeout: 30000 });

    // Beyond the balance: refused at Decide, in red; the store's head does not move.
    const head = (await appState(page)).store.head;
    const refused = await command(page, 'Withdraw', { amount: '500.00' });
    assert.equal(refused.result.ok, false);
    assert.equal(refused.flow.accepted, false);
    assert.equal(refused.flow.stoppedAt, 'Decide');
    assert.deepEqual(refused.seen.map((x) => x.station), ['Command', 'Decide']);
    assert.ok(!refused.seen.some((x) => x.station === 'Event store'), 'the store station never becomes current');
    assert.match(refused.flow.narration, /refused, cannot withdraw \$500\.00.*Nothing reaches the store\./);
    assert.equal((await appState(page)).store.head, head);
    await screenshot(page, 'flow-refused-1280x720');

    // A stale expected version: the token reaches the store and stops there.
    const conflict = await command(page, 'Deposit', { amount: '5.00', expected: '1' });
    assert.equal(conflict.result.ok, false);
    assert.equal(conflict.flow.stoppedAt, 'Event store');
    assert.deepEqual(conflict.seen.map((x) => x.station), ['Command', 'Decide', 'Event store']);
    assert.equal(conflict.flow.narration, 'Event store: conflict, expected version 1, stream is at 2. Nothing written.');
    assert.equal((await appState(page)).store.head, head);
    await screenshot(page, 'flow-conflict-1280x720');
    assert.deepEqual(app.consoleErrors, []);
  } finally {
    await app.close();
  }
});

test('with reduced motion (View > Motion > Reduce motion) the token shows the same stations', async () => {
  const app = await launch({ viewport: { width: 1280, height: 720 } });
  try {
    const { page } = app;
    await openSandbox(page, app.baseUrl);
    await click(page, 'View');
    await click(page, 'Motion');
    await click(page, 'Reduce motion');
    assert.equal((await appState(page)).motion.reduce, true);
    await openWindow(page, 'Command flow');
    assert.equal((await runCommand(page, 'Open account', { account: 'alice', owner: 'Alice' })).ok, true);
    const deposit = await command(page, 'Deposit', { amount: '50.00' });
    assert.equal(deposit.flow.reduceMotion, true);
    assert.deepEqual(deposit.seen.map((x) => x.station), ['Command', 'Decide', 'Event store', ...PROJECTIONS]);
    assert.deepEqual(app.consoleErrors, []);
  } finally {
    await app.close();
  }
});

test('the sequence diagram, played at 1280x720, keeps the current message and its whole label in view', async () => {
  const app = await launch({ viewport: { width: 1280, height: 720 } });
  try {
    const { page } = app;
    await openSandbox(page, app.baseUrl);
    assert.equal((await runCommand(page, 'Open account', { account: 'alice', owner: 'Alice' })).ok, true);
    assert.equal((await runCommand(page, 'Deposit', { amount: '100.00' })).ok, true);
    await click(page, 'What happened? (sequence diagram)');
    await click(page, '|<');
    await click(page, 'Play');
    // Every frame until the last message: the current label lies inside the visible diagram.
    const problems = await page.evaluate(() => new Promise((resolve) => {
      const found = [];
      let steps = 0;
      const tick = () => {
        const q = Module.esTest.state().sequence;
        const shown = Math.min(q.shown, q.messages.length);
        if (shown > 0) {
          const [l, t, r, b] = q.labelRects[shown - 1];
          const [vl, vt, vr, vb] = q.visibleRect;
          if (l < vl || t < vt || r > vr || b > vb) found.push({ shown, label: [l, t, r, b], visible: q.visibleRect });
          steps = Math.max(steps, shown);
        }
        if (!q.playing && shown === q.messages.length) resolve({ found, steps, count: q.messages.length });
        else requestAnimationFrame(tick);
      };
      tick();
    }));
    assert.deepEqual(problems.found, [], 'the current message is inside the visible diagram at every step');
    assert.equal(problems.steps, problems.count);
    const s = (await appState(page)).sequence;
    assert.equal(s.labelRects.length, s.messages.length);
    await nextFrames(page, 2);
    await screenshot(page, 'sequence-followed-1280x720');
    assert.deepEqual(app.consoleErrors, []);
  } finally {
    await app.close();
  }
});
