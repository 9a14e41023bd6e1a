// Events that survive: IndexedDB persistence through real clicks, reloads and browser restarts,
// two tabs on one profile, a tampered record, a failing write, a failing read of another tab's
// events, and no IndexedDB at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  launch, openSandbox, runCommand, appState, screenshot, waitSaved, click, nextFrames, typeInto, widget, accepted,
  storedRecords, editStoredRecord,
} from './harness.mjs';

// What must be identical after a reload: every event's position, id and hash, and the balances.
function snapshotOf(state) {
  return { events: state.store.events, balances: state.store.balances, head: state.store.head };
}

async function classicExercise(page) {
  await accepted(page, 'Open account', { account: 'alice', owner: 'Alice' });
  await accepted(page, 'Deposit', { amount: '100.00', reason: 'salary' });
  await accepted(page, 'Withdraw', { amount: '50' });
}

test('events appended by clicks survive a reload and a browser restart on the same profile', async () => {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'es-e2e-persist-'));
  try {
    let app = await launch({ userDataDir: profile });
    const port = app.port;
    let before;
    try {
      await openSandbox(app.page, app.baseUrl);
      assert.equal((await appState(app.page)).persistence.mode, 'indexeddb');
      await classicExercise(app.page);
      // Saved only once IndexedDB has committed.
      await waitSaved(app.page);
      before = snapshotOf(await appState(app.page));
      assert.equal(before.head, 3);
      assert.deepEqual(before.events.map((e) => e.type), ['AccountCreated', 'MoneyDeposited', 'MoneyWithdrawn']);
      assert.equal(before.balances[0].balanceCents, 5000);

      await app.page.reload();
      await openSandbox(app.page, app.baseUrl);
      const reloaded = await appState(app.page);
      assert.deepEqual(snapshotOf(reloaded), before);
      assert.equal(reloaded.store.saved, 3);
      assert.equal(reloaded.store.pending, 0);
      await screenshot(app.page, 'persistence-after-reload');
    } finally {
      await app.close();
    }

    app = await launch({ userDataDir: profile, port });  // a new browser, same profile and origin
    try {
      await openSandbox(app.page, app.baseUrl);
      assert.deepEqual(snapshotOf(await appState(app.page)), before);
      // And it carries on from there: positions and the chain continue.
      await accepted(app.page, 'Deposit', { account: 'alice', amount: '1.00' });
      await waitSaved(app.page);
      const s = await appState(app.page);
      assert.equal(s.store.head, 4);
      assert.equal(s.store.balances[0].balanceCents, 5100);
      assert.deepEqual(app.consoleErrors, []);
    } finally {
      await app.close();
    }
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
});

test('two tabs on one profile append concurrently: no duplicate or missing positions', async () => {
  const app = await launch();
  try {
    const a = app.page;
    await openSandbox(a, app.baseUrl);
    assert.equal((await runCommand(a, 'Open account', { account: 'alice', owner: 'Alice' })).ok, true);
    await waitSaved(a);
    const b = await app.context.newPage();
    await openSandbox(b, app.baseUrl);
    assert.equal((await appState(b)).store.head, 1);
    await typeAmount(a, '1.00');
    await typeAmount(b, '2.00');

    // Both tabs click Deposit at the same time, several rounds: some commands lose the race.
    for (let round = 0; round < 6; round++) {
      await Promise.all([click(a, 'Deposit'), click(b, 'Deposit')]);
    }
    // Let both settle: pending writes done, conflicts rebuilt, other tab's events adopted.
    await settle([a, b]);
    const sa = await appState(a), sb = await appState(b);
    const positions = sa.store.events.map((e) => e.position);
    assert.deepEqual(positions, Array.from({ length: positions.length }, (_, i) => i + 1));
    assert.deepEqual(sa.store.events, sb.store.events, 'both tabs show the same log');
    assert.equal(new Set(sa.store.events.map((e) => e.eventId)).size, positions.length, 'no event twice');
    assert.ok(positions.length >= 2, 'at least one deposit was saved');

    // What IndexedDB holds is exactly that log (a third reader).
    const c = await app.context.newPage();
    await openSandbox(c, app.baseUrl);
    assert.deepEqual((await appState(c)).store.events, sa.store.events);
    // Balance = deposits that made it into the log, whichever tab made them.
    const deposited = sa.store.events.filter((e) => e.type === 'MoneyDeposited').length;
    assert.ok(deposited >= 1);
    await screenshot(a, 'persistence-two-tabs');
  } finally {
    await app.close();
  }
});

test('a tab that loses the race is told what was not saved, shows the winner\'s events, and can retry', async () => {
  const app = await launch();
  try {
    // Tab B never hears about A's writes (no BroadcastChannel), so it decides on stale state.
    const { a, b } = await twoTabsWithAlice(app, () => { delete window.BroadcastChannel; });
    await accepted(a, 'Deposit', { amount: '1.00' });
    await waitSaved(a);
    assert.equal((await appState(b)).store.head, 1, 'B has not seen A\'s deposit');

    // B decides on its stale view (accepted locally at position 2), then its write finds the
    // stored head moved. (Its result line may already say "Not saved" when read: no check here;
    // the notice below names the lost deposit, which proves it was accepted locally.)
    await runCommand(b, 'Deposit', { amount: '2.00' });
    await b.waitForFunction(() => Module.esTest.state().persistence.conflictNotice !== '', null, { timeout: 15000 });
    await b.waitForFunction(() => {
      const st = Module.esTest.state();
      return st.persistence.mode === 'indexeddb' && st.store && st.store.head === 2;
    }, null, { timeout: 15000 });
    const sb = await appState(b);
    assert.match(sb.persistence.conflictNotice, /NOT saved: MoneyDeposited on account-alice \(2\.00\)/);
    assert.match(sb.lastCommand.result, /Not saved: another tab wrote first/);
    assert.deepEqual(sb.store.events, (await appState(a)).store.events, 'B now shows what is stored');
    assert.equal(sb.store.balances[0].balanceCents, 100);
    await screenshot(b, 'persistence-lost-race');

    // The retry goes through, after A's event.
    await click(b, 'OK');
    const retried = await runCommand(b, 'Deposit', {});
    assert.equal(retried.ok, true, retried.result);
    await waitSaved(b);
    const after = await appState(b);
    assert.equal(after.store.head, 3);
    assert.equal(after.store.balances[0].balanceCents, 300);
  } finally {
    await app.close();
  }
});

// Tab A (the first page) with alice's account saved, and tab B opened on the same profile after
// it, its page prepared by the init script `prepareB`.
async function twoTabsWithAlice(app, prepareB) {
  const a = app.page;
  await openSandbox(a, app.baseUrl);
  await accepted(a, 'Open account', { account: 'alice', owner: 'Alice' });
  await waitSaved(a);
  const b = await app.context.newPage();
  await b.addInitScript(prepareB);
  await openSandbox(b, app.baseUrl);
  return { a, b };
}

async function typeAmount(page, amount) {
  await typeInto(page, 'Amount', amount);
}

async function settle(pages) {
  for (let i = 0; i < 40; i++) {
    const states = await Promise.all(pages.map(appState));
    const heads = states.map((s) => s.store && s.store.head);
    const calm = states.every((s) => s.store && s.store.pending === 0 && s.persistence.mode === 'indexeddb');
    if (calm && heads.every((h) => h === heads[0])) return;
    await Promise.all(pages.map((p) => nextFrames(p, 5)));
  }
  throw new Error('the tabs did not settle on one log');
}

test('a stored record edited behind the app is found at its position; earlier events stay visible', async () => {
  const app = await launch();
  try {
    const page = app.page;
    await openSandbox(page, app.baseUrl);
    await classicExercise(page);
    await runCommand(page, 'Deposit', { amount: '7.00' });
    await waitSaved(page);
    // Someone edits the deposit at position 2 in IndexedDB: $100.00 becomes $1,000,000.00.
    await editStoredRecord(page, 2, (v) => ({ ...v, line: v.line.replace('"amountCents":10000', '"amountCents":100000000') }));
    await page.reload();
    await openSandbox(page, app.baseUrl);
    const s = await appState(page);
    assert.match(s.store.problem, /position 2/);
    assert.match(s.store.problem, /modified after it was recorded/);
    assert.equal(s.store.writable, false);
    assert.equal(s.store.head, 1, 'the event before the damaged one is shown');
    // Nothing can be written over the evidence.
    const refused = await runCommand(page, 'Deposit', { amount: '1.00' });
    assert.notEqual(refused.result, 'Deposit accepted');
    const stored = (await storedRecords(page)).length;
    assert.equal(stored, 4, 'the stored records are untouched');
    await widgetVisible(page, 'Export what loaded');
    await screenshot(page, 'persistence-tampered');
  } finally {
    await app.close();
  }
});

test('a record saved by a newer version of the sandbox is not overwritten: writes are refused with a reason', async () => {
  const app = await launch();
  try {
    const page = app.page;
    await openSandbox(page, app.baseUrl);
    await accepted(page, 'Open account', { account: 'alice', owner: 'Alice' });
    await waitSaved(page);
    // A future build stored position 2 in a record format this build does not know.
    await editStoredRecord(page, 2, () => ({ f: 4, payload: 'something new' }));
    await page.reload();
    await openSandbox(page, app.baseUrl);
    const s = await appState(page);
    assert.match(s.store.problem, /position 2 was saved by a newer version.*format 4/);
    assert.equal(s.store.writable, false);
    assert.equal(s.store.head, 1);
  } finally {
    await app.close();
  }
});

test('a record stored under a key that is not a position is named, and nothing is written', async () => {
  const app = await launch();
  try {
    const page = app.page;
    await openSandbox(page, app.baseUrl);
    await accepted(page, 'Open account', { account: 'alice', owner: 'Alice' });
    await waitSaved(page);
    const stray = async (remove, add) => {
      if (remove !== null) await editStoredRecord(page, remove, () => null);
      await editStoredRecord(page, add, () => ({ f: 1, line: '{}' }));
    };
    // IndexedDB sorts string keys after every number, and a key below 1 before every position.
    for (const [remove, key, shown] of [[null, 'zzz', '"zzz"'], ['zzz', 0.5, '0.5']]) {
      await stray(remove, key);
      await page.reload();
      await openSandbox(page, app.baseUrl);
      const s = await appState(page);
      assert.match(s.store.problem, new RegExp(`position 2 cannot be read: a record is stored under the key ${shown}, ` +
                                               'which is not an event position'));
      assert.equal(s.store.writable, false);
      assert.equal(s.store.head, 1, 'the events before it are shown');
    }
  } finally {
    await app.close();
  }
});

async function widgetVisible(page, label) {
  return widget(page, label);
}

test('a failed write keeps the events pending, says why, and Retry saves them', async () => {
  const app = await launch();
  try {
    const page = app.page;
    // The disk is "full" while window.esFailWrites is set: add() throws like a real quota error.
    await page.addInitScript(() => {
      const add = IDBObjectStore.prototype.add;
      IDBObjectStore.prototype.add = function (...args) {
        if (window.esFailWrites) throw new DOMException('the quota is exceeded (simulated)', 'QuotaExceededError');
        return add.apply(this, args);
      };
    });
    await openSandbox(page, app.baseUrl);
    await page.evaluate(() => { window.esFailWrites = true; });
    assert.equal((await runCommand(page, 'Open account', { account: 'alice', owner: 'Alice' })).ok, true);
    await page.waitForFunction(() => Module.esTest.state().persistence.writeError !== '');
    let s = await appState(page);
    assert.match(s.persistence.writeError, /QuotaExceededError/);
    assert.equal(s.store.head, 1);
    assert.equal(s.store.pending, 1, 'the event stays pending and visible');
    await screenshot(page, 'persistence-write-failed');

    await page.evaluate(() => { window.esFailWrites = false; });
    await click(page, 'Retry saving');
    await waitSaved(page);
    s = await appState(page);
    assert.equal(s.persistence.writeError, '');
    await page.reload();
    await openSandbox(page, app.baseUrl);
    assert.equal((await appState(page)).store.head, 1);
  } finally {
    await app.close();
  }
});

test('a failing read of another tab\'s events is asked again after a growing delay, not every frame', async () => {
  const app = await launch();
  try {
    // In tab B, reading the events store fails while window.esFailReads is set; the tries are counted.
    const { a, b } = await twoTabsWithAlice(app, () => {
      window.esFailedReads = 0;
      const transaction = IDBDatabase.prototype.transaction;
      IDBDatabase.prototype.transaction = function (stores, mode, ...rest) {
        if (window.esFailReads && stores === 'events' && (mode || 'readonly') === 'readonly') {
          window.esFailedReads++;
          throw new DOMException('the disk cannot be read (simulated)', 'UnknownError');
        }
        return transaction.call(this, stores, mode, ...rest);
      };
    });
    await b.evaluate(() => { window.esFailReads = true; });
    await accepted(a, 'Deposit', { amount: '1.00' });
    await waitSaved(a);
    await b.waitForFunction(() => window.esFailedReads > 0, null, { timeout: 10000 });
    // Tries 0.25, 0.5, 1 and 2 s apart: 4 in the first 3 s (asking on every frame made dozens).
    await b.waitForTimeout(3000);
    const tries = await b.evaluate(() => window.esFailedReads);
    assert.ok(tries >= 2 && tries <= 6, `${tries} reads in 3 s`);
    let s = await appState(b);
    assert.equal(s.store.head, 1, 'B has not read A\'s deposit');
    assert.equal(s.persistence.mode, 'indexeddb');
    assert.equal(s.persistence.writeError, '', 'nothing new is shown');
    assert.equal(s.persistence.conflictNotice, '');
    assert.equal(s.store.problem, '');
    // Once reading works again, B catches up at its next try (at most 8 s later).
    await b.evaluate(() => { window.esFailReads = false; });
    await b.waitForFunction(() => Module.esTest.state().store.head === 2, null, { timeout: 15000 });
    s = await appState(b);
    assert.deepEqual(s.store.events, (await appState(a)).store.events);
  } finally {
    await app.close();
  }
});

test('without IndexedDB the sandbox runs in memory under a permanent banner', async () => {
  const app = await launch();
  try {
    const page = app.page;
    await page.addInitScript(() => {
      indexedDB.open = () => { throw new DOMException('IndexedDB is disabled in this window', 'InvalidStateError'); };
    });
    await openSandbox(page, app.baseUrl);
    const s = await appState(page);
    assert.equal(s.persistence.mode, 'memory');
    assert.match(s.persistence.memoryOnlyReason, /disabled/);
    await classicExercise(page);
    const after = await appState(page);
    assert.equal(after.store.head, 3);
    assert.equal(after.store.balances[0].balanceCents, 5000);
    // The banner is on screen (its text is drawn in the banner window at the top).
    const banner = await page.evaluate(() => Module.esTest.windowRect('##banner'));
    assert.ok(banner && banner.height > 0, 'banner window shown');
    await screenshot(page, 'persistence-memory-only');
  } finally {
    await app.close();
  }
});
