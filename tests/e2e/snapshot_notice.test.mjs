// A snapshot edited behind the app's back in IndexedDB (a cached balance raised, its checksum not
// recomputed) is ignored when the page loads: the banner names it, the state comes from the
// events, and a withdrawal the raised balance would have allowed is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openSandbox, openWindow, typeInto, accepted, runCommand, waitSaved, appState, screenshot,
  nextFrames } from './harness.mjs';

// Rewrites every stored snapshot's JSON text with `from` replaced by `to`; returns how many changed.
function editStoredSnapshots(page, from, to) {
  return page.evaluate(([f, t]) => new Promise((resolve, reject) => {
    const open = indexedDB.open('es-sandbox');
    open.onsuccess = () => {
      const tx = open.result.transaction('snapshots', 'readwrite');
      const store = tx.objectStore('snapshots');
      let changed = 0;
      const cursor = store.openCursor();
      cursor.onsuccess = () => {
        const c = cursor.result;
        if (!c) return;
        if (c.value && typeof c.value.json === 'string' && c.value.json.includes(f)) {
          c.update({ ...c.value, json: c.value.json.replace(f, t) });
          ++changed;
        }
        c.continue();
      };
      tx.oncomplete = () => { open.result.close(); resolve(changed); };
      tx.onerror = () => reject(tx.error);
    };
  }), [from, to]);
}

test('a tampered snapshot in IndexedDB is ignored, named in the banner, and changes no decision', { timeout: 300000 }, async () => {
  const app = await launch({ viewport: { width: 1280, height: 720 } });
  const { page } = app;
  try {
    await openSandbox(page, app.baseUrl);
    await openWindow(page, 'Snapshots');
    await typeInto(page, 'events##snapshot-every', '1');
    await accepted(page, 'Open account', { account: 'alice', owner: 'Alice' });
    await accepted(page, 'Deposit', { amount: '99.00' });
    await waitSaved(page);
    assert.equal(await editStoredSnapshots(page, '"balanceCents":9900', '"balanceCents":100000000'), 1);

    await page.reload();
    await openSandbox(page, app.baseUrl);
    let s = await appState(page);
    assert.match(s.persistence.snapshotNotice, /1 stored snapshot\(s\) were ignored/);
    assert.match(s.persistence.snapshotNotice, /snapshot of account-alice at version 2: its checksum does not match/);
    await nextFrames(page, 3);
    await screenshot(page, 'snapshot-notice');

    const big = await runCommand(page, 'Withdraw', { amount: '500000.00' });
    assert.equal(big.ok, false, 'the raised balance lets nothing through');
    assert.match(big.result, /99\.00/);
    await accepted(page, 'Withdraw', { amount: '9.00' });
    s = await appState(page);
    assert.equal(s.store.events.length, 3);
    assert.deepEqual(app.consoleErrors, []);
  } finally {
    await app.close();
  }
});
