// IndexedDB is opened, and the first stored pages read, by web/idb_early.js while the app
// downloads and compiles (issue 21). After a reload the load takes those pages instead of reading
// them again and opens the same log; a page whose early read failed is read again by the load,
// which opens as if nothing had happened.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openSandbox, accepted, waitSaved, appState } from './harness.mjs';

async function threeEvents(page) {
  await accepted(page, 'Open account', { account: 'alice', owner: 'Alice' });
  await accepted(page, 'Deposit', { amount: '100.00', reason: 'salary' });
  await accepted(page, 'Withdraw', { amount: '30' });
  await waitSaved(page);
  return (await appState(page)).store.events;
}

test('after a reload the load takes the pages read while the app started', async () => {
  const app = await launch();
  try {
    const { page } = app;
    await openSandbox(page, app.baseUrl);
    const before = await threeEvents(page);

    await openSandbox(page, app.baseUrl);
    const early = await page.evaluate(() => ({ ...window.ESIDBEarly.stats }));
    assert.ok(early.read >= 1, `pages read early: ${JSON.stringify(early)}`);
    assert.equal(early.used, early.read, 'every page read early is the one the load asked for');
    const s = await appState(page);
    assert.equal(s.persistence.mode, 'indexeddb');
    assert.deepEqual(s.store.events, before);
    assert.equal(s.store.problem, '');
  } finally {
    await app.close();
  }
});

test('a page whose early read failed is read again by the load', async () => {
  const app = await launch();
  try {
    const { page } = app;
    await openSandbox(page, app.baseUrl);
    const before = await threeEvents(page);

    // From the next page on, the page's first read-only transaction on the events store (the
    // early reader's first page) fails.
    await page.addInitScript(() => {
      const transaction = IDBDatabase.prototype.transaction;
      let failed = false;
      IDBDatabase.prototype.transaction = function (stores, mode) {
        if (!failed && stores === 'events' && (mode || 'readonly') === 'readonly') {
          failed = true;
          window.esEarlyReadFailed = true;
          throw new DOMException('the first read fails (test)', 'UnknownError');
        }
        return transaction.apply(this, arguments);
      };
    });
    await openSandbox(page, app.baseUrl);
    const seen = await page.evaluate(() => ({ failed: !!window.esEarlyReadFailed, early: { ...window.ESIDBEarly.stats } }));
    assert.equal(seen.failed, true, 'the early read met the failure');
    assert.equal(seen.early.read, 1, 'the early read stopped at it');
    const s = await appState(page);
    assert.equal(s.persistence.mode, 'indexeddb', s.persistence.memoryOnlyReason);
    assert.deepEqual(s.store.events, before);
    assert.equal(s.store.problem, '');
    assert.equal(s.store.writable, true);
  } finally {
    await app.close();
  }
});
