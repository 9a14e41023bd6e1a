// Export, import and reset through the Storage window (View > Storage): a real download, a real file chooser, a
// real confirmation dialog. Imports are validated in full first: all or nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch, openSandbox, appState, screenshot, waitSaved, click, openWindow, storedRecords, editStoredRecord,
         exportVia, importText, smallBank, depositLog, storeOneEventRecords, accepted } from './harness.mjs';

test('export, then malformed imports are refused by line and reason, and a good one restores the log', async () => {
  let exported, kurrent, stateBefore;
  let app = await launch();
  try {
    const page = app.page;
    await openSandbox(page, app.baseUrl);
    await smallBank(page);
    stateBefore = await appState(page);
    exported = await exportVia(page, 'Export JSON Lines');
    kurrent = await exportVia(page, 'Export for KurrentDB');
  } finally {
    await app.close();
  }
  const lines = exported.text.trimEnd().split('\n');
  assert.equal(exported.name, 'event-log.jsonl');
  assert.equal(lines.length, stateBefore.store.head);
  assert.deepEqual(lines.map((l) => JSON.parse(l).hash), stateBefore.store.events.map((e) => e.hash));
  const array = JSON.parse(kurrent.text);
  assert.equal(array.length, lines.length);
  assert.deepEqual(Object.keys(array[0]).sort(), ['data', 'eventId', 'eventType', 'metadata']);
  assert.equal(array[1].eventType, 'MoneyDeposited');

  app = await launch();  // a fresh profile: an empty sandbox
  try {
    const page = app.page;
    await openSandbox(page, app.baseUrl);
    // Files go to the importer in pieces of 4 MiB; here of 4,001 bytes, so that lines (and the
    // 10 MB one) span pieces and each refusal is still named by its line.
    await page.evaluate(() => { Module.esImportPieceBytes = 4001; });
    const bad = (i, change) => lines.map((l, k) => (k === i ? change(l) : l)).join('\n') + '\n';
    const cases = [
      ['bad JSON', bad(1, (l) => l.slice(0, 40)), /line 2:/],
      ['unknown type', bad(1, (l) => l.replace('"MoneyDeposited"', '"MoneyConjured"')), /line 2.*MoneyConjured/],
      ['negative amount', bad(1, (l) => l.replace('"amountCents":10000', '"amountCents":-10000')), /line 2/],
      ['broken version sequence', bad(1, (l) => l.replace('"streamVersion":2', '"streamVersion":5')), /line 2.*version/],
      ['gap in positions', lines.filter((_, k) => k !== 1).join('\n') + '\n', /line 2:.*position/],
      ['a 10 MB line', bad(2, () => '{"x":"' + 'a'.repeat(10 * 1024 * 1024) + '"}'), /line 3:.*bytes/],
      // The file's bytes reach the importer as they are: bytes that are not UTF-8 are refused.
      ['invalid UTF-8', Buffer.concat([Buffer.from(lines[0] + '\n' + lines[1].slice(0, 60)), Buffer.from([0xff, 0xfe]),
                                       Buffer.from(lines[1].slice(60) + '\n')]), /line 2:/],
    ];
    for (const [what, text, reason] of cases) {
      const r = await importText(page, text, `${what.replace(/\W+/g, '-')}.jsonl`);
      assert.equal(r.importOk, false, what);
      assert.match(r.importResult, /rejected, nothing was changed/, what);
      assert.match(r.importResult, reason, `${what}: ${r.importResult}`);
      const s = await appState(page);
      assert.equal(s.store.head, 0, `${what}: nothing written`);
    }
    await screenshot(page, 'import-rejected');

    // A UTF-8 byte order mark (some editors add one) is skipped.
    const r = await importText(page, '\uFEFF' + exported.text, 'event-log.jsonl');
    assert.equal(r.importOk, true, r.importResult);
    await waitSaved(page);
    let s = await appState(page);
    assert.deepEqual(s.store.events, stateBefore.store.events);
    assert.deepEqual(s.store.balances, stateBefore.store.balances);
    // Importing the same log again cannot duplicate it.
    const again = await importText(page, exported.text, 'event-log.jsonl');
    assert.equal(again.importOk, false);
    assert.match(again.importResult, /line 1/);
    await page.reload();
    await openSandbox(page, app.baseUrl);
    s = await appState(page);
    assert.deepEqual(s.store.events, stateBefore.store.events, 'the import was saved');
    await screenshot(page, 'import-restored');

    // Reset asks first and says what will be lost; then the log is empty, also after a reload.
    await openWindow(page, 'Storage');
    await click(page, 'Reset sandbox...');
    await screenshot(page, 'reset-confirmation');
    await click(page, 'Delete everything');
    await page.waitForFunction(() => {
      const st = Module.esTest.state();
      return st.store && st.persistence.mode === 'indexeddb' && st.store.head === 0;
    }, null, { timeout: 20000 });
    await page.reload();
    await openSandbox(page, app.baseUrl);
    assert.equal((await appState(page)).store.head, 0);
    assert.deepEqual(app.consoleErrors, []);
  } finally {
    await app.close();
  }
});

test('an import is stored as segments of 1,000 events; a segment edited behind the app is found at the event\'s position', async () => {
  const app = await launch();
  try {
    const page = app.page;
    await openSandbox(page, app.baseUrl);
    // The file goes to the importer in pieces of 997 bytes (4 MiB in use): lines cut anywhere.
    await page.evaluate(() => { Module.esImportPieceBytes = 997; });
    const r = await importText(page, depositLog(2500), 'deposits.jsonl');
    assert.equal(r.importOk, true, r.importResult);
    assert.match(r.importResult, /^Imported 2500 events \(positions 1 to 2500\)/);
    await waitSaved(page);
    // Three records, each keyed by its last position, holding 1,000 + 1,000 + 500 lines.
    let records = await storedRecords(page);
    assert.deepEqual(records.map(([k, v]) => [k, v.f, v.first, v.lines.split('\n').length]),
                     [[1000, 3, 1, 1000], [2000, 3, 1001, 1000], [2500, 3, 2001, 500]]);
    // A click after it is a one-event record, and everything reads back after a reload.
    await accepted(page, 'Deposit', { account: 'alice', amount: '5.00' });
    await waitSaved(page);
    records = await storedRecords(page);
    assert.deepEqual(records[3], [2501, { f: 1, line: records[3][1].line }]);
    await page.reload();
    await openSandbox(page, app.baseUrl);
    let s = await appState(page);
    assert.equal(s.store.head, 2501);
    assert.equal(s.store.problem, '');
    assert.equal(s.store.balances[0].balanceCents, 2499 * 100 + 500);

    // A segment written by an earlier build (format 2: the lines as a string) still loads.
    await editStoredRecord(page, 1000, (v) => ({ f: 2, first: v.first, lines: v.lines }));
    assert.equal((await storedRecords(page))[0][1].f, 2);
    await page.reload();
    await openSandbox(page, app.baseUrl);
    s = await appState(page);
    assert.equal(s.store.head, 2501);
    assert.equal(s.store.problem, '');

    // Someone edits event 1,500 (in the second segment): $1.00 becomes $1,000.00.
    await editStoredRecord(page, 2000, (v) => {
      const lines = v.lines.split('\n');
      lines[499] = lines[499].replace('"amountCents":100', '"amountCents":100000');
      return { ...v, lines: lines.join('\n') };
    });
    await page.reload();
    await openSandbox(page, app.baseUrl);
    s = await appState(page);
    assert.match(s.store.problem, /position 1500/);
    assert.match(s.store.problem, /modified after it was recorded/);
    assert.equal(s.store.head, 1499, 'the events before the damaged one are shown');
    assert.equal(s.store.writable, false);
    await screenshot(page, 'import-segment-tampered');

    // A segment that lost a line is named by its positions, and the events before it load.
    await editStoredRecord(page, 2000, (v) => ({ ...v, lines: v.lines.split('\n').slice(1).join('\n') }));
    await page.reload();
    await openSandbox(page, app.baseUrl);
    s = await appState(page);
    assert.match(s.store.problem, /position 1001 cannot be read: .*positions 1001 to 2000 but has 999 line/);
    assert.equal(s.store.head, 1000);
    assert.equal((await storedRecords(page)).length, 4, 'the stored records are untouched');
  } finally {
    await app.close();
  }
});

test('segments that do not line up with the load\'s pages load whole: an import after an event, then a reload', async () => {
  const app = await launch();
  try {
    const page = app.page;
    await openSandbox(page, app.baseUrl);
    const lines = depositLog(11001).trimEnd().split('\n');
    // One event first (a record of its own), then 11,000 more: segments 2..1001, ..., 10002..11001,
    // so one of them spans position 10,000.
    let r = await importText(page, lines[0] + '\n', 'opening.jsonl');
    assert.equal(r.importOk, true, r.importResult);
    r = await importText(page, lines.slice(1).join('\n') + '\n', 'deposits.jsonl');
    assert.equal(r.importOk, true, r.importResult);
    await waitSaved(page);
    const records = await storedRecords(page);
    assert.deepEqual(records.map(([k]) => k), [1, 1001, 2001, 3001, 4001, 5001, 6001, 7001, 8001, 9001, 10001, 11001]);
    await page.reload();
    await openSandbox(page, app.baseUrl);
    const s = await page.evaluate(() => {
      const st = Module.esTest.state();
      return { head: st.store.head, problem: st.store.problem, writable: st.store.writable, balance: st.store.balances[0].balanceCents };
    });
    assert.deepEqual(s, { head: 11001, problem: '', writable: true, balance: 11000 * 100 });
  } finally {
    await app.close();
  }
});

test('a log of many one-event records loads page by page; a bad record stops the load while the next page is being read', async () => {
  const app = await launch();
  try {
    const page = app.page;
    await openSandbox(page, app.baseUrl);
    // 60 records of one event each, as clicks store them: the load reads 20 records first, then
    // asks for the next 40 before handing the first 20 to C++.
    await storeOneEventRecords(page, depositLog(60).trimEnd().split('\n'));
    const loaded = async () => {
      await page.reload();
      await openSandbox(page, app.baseUrl);
      const st = await appState(page);
      return { head: st.store.head, problem: st.store.problem, writable: st.store.writable };
    };
    assert.deepEqual(await loaded(), { head: 60, problem: '', writable: true });
    assert.equal((await appState(page)).store.balances[0].balanceCents, 59 * 100);

    // A record that cannot be read in the first page: C++ stops the load there (answers 0) while
    // the second page is already being read, and that page is dropped.
    const unreadable = (v) => ({ ...v, line: v.line.replace('"hash":', '"hash?":') });
    const mended = (v) => ({ ...v, line: v.line.replace('"hash?":', '"hash":') });
    await editStoredRecord(page, 10, unreadable);
    let s = await loaded();
    assert.match(s.problem, /the stored event at position 10 cannot be read/);
    assert.equal(s.head, 9, 'the events before it are shown, none after it');
    assert.equal(s.writable, false);

    // Mended, and one in the second page made unreadable instead: every event before it loads.
    await editStoredRecord(page, 10, mended);
    await editStoredRecord(page, 45, unreadable);
    s = await loaded();
    assert.match(s.problem, /the stored event at position 45 cannot be read/);
    assert.equal(s.head, 44);

    // A record that reads but was edited (its hash no longer matches) is found by the chain
    // check after the load, at its position.
    await editStoredRecord(page, 45, mended);
    await editStoredRecord(page, 30, (v) => ({ ...v, line: v.line.replace('"amountCents":100', '"amountCents":500') }));
    s = await loaded();
    assert.match(s.problem, /position 30: .*modified after it was recorded/);
    assert.equal(s.head, 29);
    assert.equal((await storedRecords(page)).length, 60, 'the stored records are untouched');
  } finally {
    await app.close();
  }
});

test('a file is read a piece per task: the Storage window shows its progress, and a command meanwhile makes the import refuse, nothing added', async () => {
  const app = await launch();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'es-import-'));
  try {
    const page = app.page;
    await openSandbox(page, app.baseUrl);
    // ~3,500 pieces, one a task (each at least 4 ms apart: setTimeout's clamp): 14 s or more to
    // read, long enough to act meanwhile; the command then ends it at once.
    await page.evaluate(() => { Module.esImportPieceBytes = 400; Module.esImportTaskMs = 0; });
    const file = path.join(dir, 'deposits.jsonl');
    fs.writeFileSync(file, depositLog(2500));
    await openWindow(page, 'Storage');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), click(page, 'Import...')]);
    await chooser.setFiles(file);
    await page.waitForFunction(() => {
      const p = Module.esTest.state().persistence;
      return p.importing && p.importDoneBytes > 20000;
    }, null, { timeout: 10000 });
    const mid = (await appState(page)).persistence;
    assert.equal(mid.importTotalBytes, fs.statSync(file).size);
    assert.ok(mid.importDoneBytes < mid.importTotalBytes, `${mid.importDoneBytes} of ${mid.importTotalBytes}`);
    assert.equal(mid.importResult, '', 'no verdict (nor the last one) under an import being read');
    // A second file dropped on the page meanwhile is refused, and says why; the first goes on.
    await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['{}\n'], 'second.jsonl'));
      Module.canvas.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    await page.waitForFunction(() => Module.esTest.state().persistence.importNotice !== '', null, { timeout: 5000 });
    const busy = (await appState(page)).persistence;
    assert.equal(busy.importNotice, 'second.jsonl was not imported: deposits.jsonl was still being read. Import it again now.');
    assert.equal(busy.importing, true);
    await screenshot(page, 'import-progress');
    // Frames go on meanwhile: a command is taken, and the import, checked against the empty log,
    // is then refused as a whole.
    await accepted(page, 'Open account', { account: 'zed', owner: 'Zed' });
    await page.waitForFunction(() => !Module.esTest.state().persistence.importing, null, { timeout: 20000 });
    const after = await appState(page);
    assert.equal(after.persistence.importOk, false);
    assert.match(after.persistence.importResult,
                 /^deposits\.jsonl was rejected, nothing was changed: the log moved from position 0 to 1 while the file was being read/);
    assert.equal(after.store.head, 1);
    assert.equal(after.store.events[0].type, 'AccountCreated');
    assert.deepEqual(app.consoleErrors, []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await app.close();
  }
});
