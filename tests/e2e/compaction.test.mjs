// Compaction of IndexedDB's events store (docs/INDEXEDDB_FORMAT.md, "Compaction"): one-event
// records, as clicks store them, are merged into segments after a load and during a session (once
// this tab has stored 100 of them), in the background, with the same bytes; the log, its hashes
// and the state read back unchanged, after a reload and with two tabs loading the same records at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, openSandbox, appState, waitSaved, accepted, click, storedRecords, depositLog, storeOneEventRecords,
} from './harness.mjs';

const SINGLES = 150;  // above the 100 records a merge must replace (kCompactAtLeastRecords)

// The log as the app holds it: every event's position, id and hash, the balances and the head.
async function logOf(page) {
  const s = (await appState(page)).store;
  return { events: s.events, balances: s.balances, head: s.head, problem: s.problem, writable: s.writable };
}

// The stored records once they number `count` (a compaction runs after the load, in the background).
async function recordsOnceThereAre(page, count) {
  let records;
  for (let i = 0; i < 100; i++) {
    records = await storedRecords(page);
    if (records.length === count) return records;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`expected ${count} stored records, found ${records.length}: ${records.map(([k]) => k).join(', ')}`);
}

// Each record as [key, format, first position, number of lines].
const layout = (records) => records.map(([k, v]) => [k, v.f, v.f === 1 ? k : v.first, v.f === 1 ? 1 : v.lines.split('\n').length]);

test('one-event records are merged into one segment of the same bytes; log, hashes and state unchanged', async () => {
  const app = await launch();
  try {
    const page = app.page;
    await openSandbox(page, app.baseUrl);
    await storeOneEventRecords(page, depositLog(SINGLES).trimEnd().split('\n'));
    const singles = await storedRecords(page);

    // The load reads them one by one, then merges them into one segment keyed by the last position.
    await page.reload();
    await openSandbox(page, app.baseUrl);
    const loaded = await logOf(page);  // read from the one-event records (the merge comes after the load)
    assert.equal(loaded.head, SINGLES);
    assert.equal(loaded.problem, '');
    const merged = await recordsOnceThereAre(page, 1);
    assert.deepEqual(layout(merged), [[SINGLES, 3, 1, SINGLES]]);
    assert.equal(merged[0][1].lines, singles.map(([, v]) => v.line).join('\n'), 'the segment holds the same bytes');
    assert.deepEqual(await logOf(page), loaded);

    // Read back from the segment: the same log, hashes and balances; and clicks go on from there.
    await page.reload();
    await openSandbox(page, app.baseUrl);
    assert.deepEqual(await logOf(page), loaded);
    await accepted(page, 'Deposit', { account: 'alice', amount: '2.00' });
    await waitSaved(page);
    await accepted(page, 'Deposit', { amount: '3.00' });
    await waitSaved(page);
    const after = await logOf(page);
    assert.equal(after.head, SINGLES + 2);
    assert.equal(after.balances[0].balanceCents, loaded.balances[0].balanceCents + 500);
    // Too few one-event records after the segment to be worth a rewrite: left as they are.
    await page.reload();
    await openSandbox(page, app.baseUrl);
    assert.deepEqual(await logOf(page), after);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.deepEqual(layout(await storedRecords(page)),
                     [[SINGLES, 3, 1, SINGLES], [SINGLES + 1, 1, SINGLES + 1, 1], [SINGLES + 2, 1, SINGLES + 2, 1]]);
    assert.deepEqual(app.consoleErrors, []);
  } finally {
    await app.close();
  }
});

test('two tabs load the same one-event records at once: one compaction wins, every tab reads the same log', async () => {
  const app = await launch();
  try {
    const a = app.page;
    await openSandbox(a, app.baseUrl);
    await storeOneEventRecords(a, depositLog(2 * SINGLES).trimEnd().split('\n'));
    const b = await app.context.newPage();
    // Both load the 300 records and plan the same merge; the second to run finds them gone.
    await Promise.all([a.reload().then(() => openSandbox(a, app.baseUrl)), openSandbox(b, app.baseUrl)]);
    const merged = await recordsOnceThereAre(a, 1);
    assert.deepEqual(layout(merged), [[2 * SINGLES, 3, 1, 2 * SINGLES]]);
    const log = await logOf(a);
    assert.equal(log.head, 2 * SINGLES);
    assert.equal(log.problem, '');
    assert.deepEqual(await logOf(b), log);

    // Both keep writing over the compacted records: B's deposit reaches A, and a third tab reads it all.
    await accepted(b, 'Deposit', { account: 'alice', amount: '4.00' });
    await waitSaved(b);
    await a.waitForFunction((h) => Module.esTest.state().store.head === h, 2 * SINGLES + 1);
    const c = await app.context.newPage();
    await openSandbox(c, app.baseUrl);
    const all = await logOf(c);
    assert.equal(all.head, 2 * SINGLES + 1);
    assert.equal(all.writable, true);
    assert.deepEqual(await logOf(a), all);
    assert.deepEqual(await logOf(b), all);
    assert.deepEqual(app.consoleErrors, []);
  } finally {
    await app.close();
  }
});

test('a session of clicks is compacted once this tab has stored 100 one-event records, without a reload', { timeout: 300000 }, async () => {
  const app = await launch();
  try {
    const page = app.page;
    await openSandbox(page, app.baseUrl);
    await accepted(page, 'Open account', { account: 'alice', owner: 'Alice' });
    await waitSaved(page);
    // 99 deposits of the form's 100.00, each saved before the next: 100 one-event records in all.
    for (let i = 0; i < 99; i++) {
      await click(page, 'Deposit');
      await waitSaved(page);
    }
    const log = await logOf(page);
    assert.equal(log.head, 100);
    const merged = await recordsOnceThereAre(page, 1);
    assert.deepEqual(layout(merged), [[100, 3, 1, 100]]);
    assert.deepEqual(await logOf(page), log);
    // The next clicks go on after the segment; a reload reads the same log.
    await click(page, 'Deposit');
    await waitSaved(page);
    await page.reload();
    await openSandbox(page, app.baseUrl);
    const reloaded = await logOf(page);
    assert.equal(reloaded.head, 101);
    assert.deepEqual(reloaded.events.slice(0, 100), log.events);
    assert.deepEqual(layout(await storedRecords(page)), [[100, 3, 1, 100], [101, 1, 101, 1]]);
    assert.deepEqual(app.consoleErrors, []);
  } finally {
    await app.close();
  }
});
