// The stored log's hash check runs after the page opens (issue 21): with 60,000 stored events the
// page is interactive and writable while the check is still on its way (its progress at the right
// of the menu bar and in the Storage window), an untouched log checks to the end, and an amount
// changed behind the app's back (its stored hash kept) is found by the check, which stops writes
// and loads the log again to report the break at its position, as a load always has.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, openApp, openSandbox, openWindow, stateOf, screenshot, importText, depositLog, editStoredRecord, widget,
} from './harness.mjs';

const EVENTS = 60000;
const BAD = 40000;  // the last event of the import's record 39,001..40,000

// Reloads and waits for the first frame that shows the hash check under way (it starts once the
// read models left for later have caught up, a few frames after the sandbox opened), not for
// the check to end; returns what that frame showed, from the page itself (state() only once the
// cheap loadStats() says the log is open, and without the store's event list: every frame, it
// would slow the load being watched): the store, the check's progress, and whether the menu bar
// showed it.
async function reloadUntilOpen(page, url) {
  await openApp(page, url);
  return page.waitForFunction(() => {
    const stats = Module.esTest.loadStats();  // cheap, unlike state() (its read models' rows)
    if (!stats || stats.mode !== 'indexeddb') return false;
    const s = Module.esTest.state({ events: false });
    if (s.persistence.mode !== 'indexeddb' || s.store === null) return false;
    const h = s.persistence.hashCheck;
    const progress = !!Module.esTest.widgetRect('stored-hash-check');
    if (!progress && h.checked < h.total && !h.problem) return false;  // the frame that draws it is next
    return { head: s.store.head, writable: s.store.writable, problem: s.store.problem, hashCheck: h, progress };
  }, null, { polling: 'raf', timeout: 60000 }).then((r) => r.jsonValue());
}

// A fresh profile with EVENTS deposits imported; `body(page, url)` runs on it.
async function withImportedLog(body) {
  const app = await launch();
  try {
    await openSandbox(app.page, app.baseUrl);
    const imported = await importText(app.page, depositLog(EVENTS));
    assert.equal(imported.importOk, true, imported.importResult);
    await body(app.page, app.baseUrl);
  } finally {
    await app.close();
  }
}

test('a large stored log is interactive before its hashes are checked, and checks to the end', { timeout: 300000 }, async () => {
  await withImportedLog(async (page, url) => {
    await openWindow(page, 'Storage');

    const first = await reloadUntilOpen(page, url);
    assert.equal(first.head, EVENTS);
    assert.equal(first.writable, true, 'commands are accepted before the check ends');
    assert.equal(first.hashCheck.total, EVENTS);
    assert.ok(first.hashCheck.checked < EVENTS, `already checked: ${first.hashCheck.checked}`);
    assert.equal(first.progress, true, 'the menu bar shows the check while it runs');
    await screenshot(page, 'background-check-running-1280x800');

    await page.waitForFunction(() => {
      const h = Module.esTest.hashCheck();
      return h.checked === h.total;
    }, null, { timeout: 120000 });
    const done = await stateOf(page, (s) => ({ hashCheck: s.persistence.hashCheck, problem: s.store.problem,
                                               writable: s.store.writable }));
    assert.equal(done.hashCheck.problem, '');
    assert.equal(done.problem, '');
    assert.equal(done.writable, true);
    await screenshot(page, 'background-check-done-1280x800');
  });
});

test('an amount changed behind the app is found by the background check and reported at its position', { timeout: 300000 }, async () => {
  await withImportedLog(async (page, url) => {
    // $1.00 becomes $1,000.00 in the line of event 40,000; its hash is left as it was.
    await editStoredRecord(page, BAD, (v) => {
      const lines = v.lines.split('\n');
      lines[lines.length - 1] = lines[lines.length - 1].replace('"amountCents":100,', '"amountCents":100000,');
      return { ...v, lines: lines.join('\n') };
    });

    const first = await reloadUntilOpen(page, url);
    assert.equal(first.head, EVENTS, 'the links all hold: the whole log opens');
    assert.equal(first.problem, '');
    assert.ok(first.hashCheck.checked < BAD);

    // The check reaches it, stops writes, and the log is loaded again with every hash checked.
    await page.waitForFunction(() => {
      const check = Module.esTest.hashCheck();  // cheap: state() only once the log is loaded again
      if (!check || check.total !== 0) return false;
      const s = Module.esTest.state({ events: false });
      return s.persistence.mode === 'indexeddb' && s.store !== null && s.store.problem !== '' &&
             s.persistence.hashCheck.total === 0;
    }, null, { timeout: 120000 });
    const s = await stateOf(page, (st) => ({ store: st.store }));  // not the audit trail's 40,000 rows
    assert.match(s.store.problem, new RegExp(`position ${BAD}:`));
    assert.match(s.store.problem, /modified after it was recorded/);
    assert.equal(s.store.writable, false);
    assert.equal(s.store.head, BAD - 1, 'the events before the damaged one are shown');
    await widget(page, 'Export what loaded');
    await screenshot(page, 'background-check-found-1280x800');
  });
});
