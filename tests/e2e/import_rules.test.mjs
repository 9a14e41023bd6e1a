// Importing a forged history through the Storage window (View > Storage, a real file chooser):
// its amounts were edited and its whole hash chain recomputed, so the chain verifies and only the
// bank's history rules can tell. The import is refused naming line, position and rule, and
// nothing is written, neither to the log nor to IndexedDB, also after a reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { launch, openSandbox, appState, screenshot, storedRecords, exportVia, importText, smallBank } from './harness.mjs';

// JSON with every object's keys sorted, compact: the canonical bytes an event's hash covers
// (docs/EVENT_MODEL.md, "Hash chain").
function canonical(value) {
  if (Array.isArray(value)) return '[' + value.map(canonical).join(',') + ']';
  if (value && typeof value === 'object') {
    return '{' + Object.keys(value).sort().map((k) => JSON.stringify(k) + ':' + canonical(value[k])).join(',') + '}';
  }
  return JSON.stringify(value);
}

// The events of `lines` with every prevHash and hash recomputed, as an attacker would.
function rehashed(lines) {
  let prev = '0'.repeat(64);
  return lines.map((line) => {
    const { hash, ...event } = JSON.parse(line);
    event.prevHash = prev;
    prev = crypto.createHash('sha256').update(canonical(event)).digest('hex');
    return canonical({ ...event, hash: prev });
  }).join('\n') + '\n';
}

test('a forged export with a recomputed hash chain is refused by the rule it breaks, and nothing is written', async () => {
  let exported;
  let app = await launch();
  try {
    const page = app.page;
    await openSandbox(page, app.baseUrl);
    await smallBank(page);
    exported = (await exportVia(page, 'Export JSON Lines')).text;
  } finally {
    await app.close();
  }
  const lines = exported.trimEnd().split('\n');
  assert.equal(lines.length, 5);
  // Positions 4 and 5 are the transfer: 30.00 becomes 10,000.00 on both sides.
  const forged = rehashed(lines.map((l, i) => (i >= 3 ? l.replace('"amountCents":3000', '"amountCents":1000000') : l)));
  assert.notEqual(forged, rehashed(lines));
  assert.equal(rehashed(lines), exported, 'the test rehashes exactly as the store hashes');

  app = await launch();  // a fresh profile: an empty sandbox
  try {
    const page = app.page;
    await openSandbox(page, app.baseUrl);
    const r = await importText(page, forged, 'forged.jsonl');
    assert.equal(r.importOk, false, r.importResult);
    assert.match(r.importResult, /rejected, nothing was changed/);
    assert.match(r.importResult, /line 4 \(position 4\): breaks the rule "within-overdraft"/);
    const s = await appState(page);
    assert.equal(s.store.head, 0);
    await screenshot(page, 'import-forged-refused');
    assert.deepEqual(await storedRecords(page), []);
    await page.reload();
    await openSandbox(page, app.baseUrl);
    assert.equal((await appState(page)).store.head, 0);
    assert.deepEqual(await storedRecords(page), []);
    assert.deepEqual(app.consoleErrors, []);
  } finally {
    await app.close();
  }
});
