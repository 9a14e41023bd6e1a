// Time travel over a large stored log (issue 21): with 100,000 events stored in IndexedDB and the
// page reloaded, the learner drags the scrubber to the start and steps to position 1, the account's
// creation, and sees the account as it was there (and then after the first deposit), while the
// head's state stays what it is; dragging to the end comes back to "now". By then the page holds
// the old events as their stored lines only, so position 1 is decoded again on demand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, openSandbox, importText, depositLog, stateOf, click, dragSliderTo, screenshot,
} from './harness.mjs';

const EVENTS = 100000;
// What the test reads of the page: the head, time travel, and alice's row (picked in the page).
const view = (page) => stateOf(page, (s) => ({ head: s.store.head, timeTravel: s.timeTravel,
                                               alice: s.accounts.rows.find((r) => r.id === 'alice') }));

test('time travel to position 1 of 100,000 stored events shows the account as it was created', { timeout: 600000 }, async () => {
  const app = await launch({ viewport: { width: 1280, height: 720 } });
  try {
    const { page } = app;
    await openSandbox(page, app.baseUrl);
    const imported = await importText(page, depositLog(EVENTS), 'large.jsonl', { timeout: 120000 });
    assert.equal(imported.importOk, true, imported.importResult);

    // A new page over what IndexedDB holds: the log is read back, not kept from the import.
    await openSandbox(page, app.baseUrl);
    let s = await view(page);
    assert.equal(s.head, EVENTS);
    assert.equal(s.timeTravel.atNow, true);
    const nowCents = (EVENTS - 1) * 100;  // every event after the first is a $1.00 deposit
    assert.equal(s.alice.balanceCents, nowCents);

    // A few frames on, the page holds the events nobody reads as their stored lines only (4
    // chunks of 1,024 a frame): position 1 is among them, and travelling there decodes it again.
    const decoded = () => page.evaluate(() => Module.esTest.loadStats().decodedEvents);  // cheap, unlike state()
    const deadline = Date.now() + 30000;
    while ((await decoded()) > EVENTS / 10 && Date.now() < deadline) await page.waitForTimeout(200);
    const held = await decoded();
    assert.ok(held <= EVENTS / 10, `${held} of ${EVENTS} events still decoded 30 s after the open`);

    await dragSliderTo(page, '##position', 0.0);
    await click(page, 'Step forward >');
    s = await view(page);
    assert.equal(s.timeTravel.atNow, false);
    assert.equal(s.timeTravel.position, 1);
    assert.equal(s.alice.exists, true);
    assert.equal(s.alice.version, 1);
    assert.equal(s.alice.lastType, 'AccountCreated');
    assert.equal(s.alice.balanceCents, 0);
    assert.equal(s.alice.nowBalanceCents, nowCents, 'the head is unchanged while travelling');
    await screenshot(page, 'time-travel-position-1-of-100000-1280x720');

    await click(page, 'Step forward >');
    s = await view(page);
    assert.equal(s.timeTravel.position, 2);
    assert.equal(s.alice.balanceCents, 100);
    assert.equal(s.alice.lastType, 'MoneyDeposited');

    await dragSliderTo(page, '##position', 1.0);
    s = await view(page);
    assert.equal(s.timeTravel.atNow, true);
    assert.equal(s.timeTravel.position, EVENTS);
    assert.equal(s.alice.balanceCents, nowCents);
  } finally {
    await app.close();
  }
});
