// A long stored log opens before its read models have read it (issue 21): the balances, which the
// bank decides with, are whole in the first frame, while the account list and the audit trail
// catch up a little each frame, the menu bar saying how far; once caught up they hold every
// stored event, as a replay of the log would, and the menu bar moves on to the hash check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openApp, openSandbox, screenshot, importText, depositLog } from './harness.mjs';

const EVENTS = 60000;
const DEPOSIT_CENTS = 100;  // depositLog: alice's account, then a $1.00 deposit at every other position

// What a frame showed of the read models, from the page itself (the whole state, with 60,000 audit
// rows in it, is too large to bring over every frame): the store, each model's checkpoint and row
// count, alice's row in the balances, and whether the menu bar said they were catching up.
function readModelsNow() {
  const s = Module.esTest.state();
  if (s.persistence.mode !== 'indexeddb' || s.store === null) return null;
  const models = {};
  for (const p of s.projections) {
    models[p.name] = { checkpoint: p.checkpoint, lag: p.lag, rows: p.rows.length };
    if (p.name === 'balances') models[p.name].alice = (p.rows.find((r) => r.account === 'alice') || {}).balanceCents;
    if (p.name === 'audit-trail') models[p.name].newest = p.rows.length ? p.rows[0].position : 0;
  }
  return {
    head: s.store.head, writable: s.store.writable, warming: s.persistence.readModelsWarming,
    warmedAtMs: s.persistence.warmedAtMs, loadedAtMs: s.persistence.loadedAtMs,
    menu: !!Module.esTest.widgetRect('read-models-warming'), models,
  };
}

test('a long stored log opens with the balances whole and the other read models catching up', { timeout: 300000 }, async () => {
  const app = await launch({ viewport: { width: 1280, height: 720 } });
  try {
    const { page, baseUrl } = app;
    await openSandbox(page, baseUrl);
    const imported = await importText(page, depositLog(EVENTS));
    assert.equal(imported.importOk, true, imported.importResult);

    // The first frame after the reload's open that draws the catch-up (the menu bar's item is
    // drawn by the frame after the open's), all read in that frame: every frame does some of it.
    await openApp(page, baseUrl);
    const first = await page.waitForFunction(`(() => {
      const r = (${readModelsNow.toString()})();
      return r && (!r.warming || r.menu) ? r : null;
    })()`, null, { polling: 'raf', timeout: 60000 }).then((r) => r.jsonValue());
    assert.equal(first.head, EVENTS);
    assert.equal(first.warming, true, 'a 60,000-event log is not caught up within the open\'s first share');
    assert.equal(first.menu, true, 'the menu bar says the read models are catching up');
    assert.equal(first.warmedAtMs, 0);
    assert.equal(first.writable, true, 'commands are accepted while they catch up');
    // What the bank decides with is whole at once.
    assert.equal(first.models.balances.checkpoint, EVENTS);
    assert.equal(first.models.balances.alice, (EVENTS - 1) * DEPOSIT_CENTS);
    // The others have read part of the log, not all of it.
    for (const name of ['account-list', 'audit-trail']) {
      const m = first.models[name];
      assert.ok(m.checkpoint < EVENTS, `${name} has read ${m.checkpoint} of ${EVENTS} at the first frame`);
    }
    assert.ok(first.models['audit-trail'].rows < EVENTS);
    await screenshot(page, 'read-models-catching-up-1280x720');

    // Caught up, a little each frame: then whole, and the menu bar's item gone.
    await page.waitForFunction(() => {
      const h = Module.esTest.hashCheck();
      return h !== null && h.readModelsWarmedAt > 0;
    }, null, { timeout: 120000 });
    const whole = await page.evaluate(readModelsNow);
    assert.equal(whole.warming, false);
    assert.ok(whole.warmedAtMs > whole.loadedAtMs, 'caught up after the open, not at it');
    assert.equal(whole.menu, false, 'the menu bar no longer shows the catch-up');
    for (const name of ['balances', 'account-list', 'audit-trail']) {
      assert.equal(whole.models[name].checkpoint, EVENTS, `${name} has read the whole log`);
      assert.equal(whole.models[name].lag, 0, `${name} has no lag`);
    }
    assert.equal(whole.models['account-list'].rows, 1, 'alice\'s account');
    assert.equal(whole.models['audit-trail'].rows, EVENTS, 'one audit row per stored event');
    assert.equal(whole.models['audit-trail'].newest, EVENTS);
    assert.equal(whole.models.balances.alice, (EVENTS - 1) * DEPOSIT_CENTS);
    await screenshot(page, 'read-models-caught-up-1280x720');
  } finally {
    await app.close();
  }
});
