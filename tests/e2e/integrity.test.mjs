// The hash chain and the upcast drawn, through real clicks: in the immutability lesson a stored
// deposit is changed with the tamper tool, and the Integrity view's walk ends at the break,
// reports it at the tampered position with the stored value beside the one its hash vouches
// for, and marks the later records as no longer vouched for; the Events window marks the row;
// a rehashed change passes every hash yet is named. In the versioning lesson the Upcasting view
// shows the stored v1 deposit and its v2 reading, with the stored line's hash equal before and
// after the read. Screenshots in the dark and the light theme.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, click, appState, screenshot, openWindow, nextFrames } from './harness.mjs';
import { lessonById, openLessonsApp, openFromMenu, perform, sendCommand, doStep } from './lesson_helpers.mjs';

async function lightTheme(page) {
  await click(page, 'Theme');
  await click(page, 'Light');
  assert.equal((await appState(page)).theme, 'light');
}

async function verifyToTheEnd(page) {
  await click(page, 'Verify');
  assert.equal((await appState(page)).integrity.verified, true);
  await page.waitForFunction(() => !Module.esTest.state().integrity.walking, null, { timeout: 30000 });
  return (await appState(page)).integrity;
}

test('after a tamper the Integrity view walks to the break and shows the stored value; the Events window too', { timeout: 300000 }, async () => {
  const app = await launch({ viewport: { width: 1280, height: 720 } });
  const { page } = app;
  try {
    await openLessonsApp(page, app.baseUrl);
    await openFromMenu(page, lessonById('immutability'));
    // A third event, so a record after the tampered one shows what a break does to it.
    assert.equal((await sendCommand(page, 'Deposit', { account: 'alice', amount: '5.00' })).ok, true);
    await openWindow(page, 'Integrity');

    // Untouched: the walk ticks every record, one per step, to the end.
    let walk = await verifyToTheEnd(page);
    assert.equal(walk.walkPosition, 3);
    assert.equal(walk.records, 3);
    assert.equal(walk.firstBad, 0);
    assert.deepEqual(walk.status, {});

    await perform(page, { do: 'tamper', position: 2, amount: '1000.00' });
    let s = await appState(page);
    assert.equal(s.lessons.open.tamper.position, 2);
    assert.equal(s.integrity.verified, false, 'a tamper is not checked until Verify');
    // The Events window shows the stored, tampered value at once.
    assert.deepEqual(s.timeline.tampered, [{ position: 2, note: 'stored now: 1000.00, hash vouches for 100.00',
      storedValue: '1000.00', vouchedValue: '100.00' }]);

    await click(page, 'Verify');
    s = await appState(page);
    assert.equal(s.integrity.walking, true);
    assert.ok(s.integrity.walkPosition < 2, 'the walk starts at the first record');
    walk = await verifyToTheEnd(page);
    assert.equal(walk.walkPosition, 2, 'the walk ends at the break');
    assert.equal(walk.firstBad, 2);
    assert.equal(walk.notVouchedFrom, 3);
    assert.equal(walk.status['2'].status, 'content changed');
    assert.equal(walk.storedValue, '1000.00');
    assert.equal(walk.vouchedValue, '100.00');
    assert.equal(walk.status['3'].status, 'not vouched');
    assert.equal(walk.status['1'], undefined, 'record 1 is still vouched for');
    assert.match(walk.summary, /breaks at position 2/);
    await nextFrames(page, 40);  // the chain glides to the break
    await screenshot(page, 'integrity-tampered-dark-1280x720');
    await lightTheme(page);
    await screenshot(page, 'integrity-tampered-light-1280x720');

    // A careful attacker rehashes the chain: every hash checks, yet event 2 is named.
    await perform(page, { do: 'tamper', position: 2, amount: '5000.00', rehash: true });
    walk = await verifyToTheEnd(page);
    assert.equal(walk.firstBad, 0);
    assert.equal(walk.walkPosition, 3);
    assert.equal(walk.firstRewritten, 2);
    assert.equal(walk.storedValue, '5000.00');
    assert.match(walk.summary, /Every hash checks, yet event 2 differs from what was appended/);
    s = await appState(page);
    assert.equal(s.timeline.tampered[0].note, 'stored now: 5000.00, appended as 100.00');
    await nextFrames(page, 40);
    await screenshot(page, 'integrity-rehashed-light-1280x720');
    // With the Integrity window closed, the Events window has the room to show the marked row.
    await click(page, 'View');
    await click(page, 'Integrity');
    assert.equal((await appState(page)).windows.Integrity, false);
    await nextFrames(page, 5);
    await screenshot(page, 'events-tampered-light-1280x720');
    assert.deepEqual(app.consoleErrors, []);
  } finally {
    await app.close();
  }
});

test("the versioning lesson's v1 deposit: shown as stored and as upcast, stored bytes unchanged", { timeout: 300000 }, async () => {
  const app = await launch({ viewport: { width: 1280, height: 720 } });
  const { page } = app;
  try {
    await openLessonsApp(page, app.baseUrl);
    const versioning = lessonById('versioning');
    await openFromMenu(page, versioning);
    await doStep(page, versioning, 0);  // the legacy tool writes a v1 MoneyDeposited at position 2
    await openWindow(page, 'Upcasting');
    const u = (await appState(page)).upcast;
    assert.equal(u.position, 2);
    assert.equal(u.storedVersion, 1);
    assert.equal(u.upcastVersion, 2);
    assert.deepEqual(u.addedFields, ['currency', 'depositedBy']);
    assert.match(u.hashBefore, /^[0-9a-f]{64}$/);
    assert.equal(u.hashAfter, u.hashBefore);
    await screenshot(page, 'upcast-dark-1280x720');
    await lightTheme(page);
    await screenshot(page, 'upcast-light-1280x720');
    assert.deepEqual(app.consoleErrors, []);
  } finally {
    await app.close();
  }
});
