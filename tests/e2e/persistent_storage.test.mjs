// Persistent storage (navigator.storage.persist()) is asked for when the learner first has
// something to keep, the free sandbox's first event, or from the Storage window; never at
// start-up (Firefox's prompt would cover the Welcome window) and never for a lesson's events.
// While the browser asks the learner, the banner and the Storage window say why; a refusal keeps
// everything working. Firefox's prompt is stood in for by a persist() that answers when the test
// says so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openSandbox, appState, accepted, click, nextFrames, openWindow, widget, screenshot, waitSaved } from './harness.mjs';

// A browser that asks the learner: persist() answers only when answerPersist(granted) is called.
function askingBrowser() {
  let granted = false;
  window.persistAsked = 0;
  navigator.storage.persisted = () => Promise.resolve(granted);
  navigator.storage.persist = () => {
    window.persistAsked++;
    return new Promise((resolve) => {
      window.answerPersist = (yes) => { granted = yes; resolve(yes); };
    });
  };
}

const asked = (page) => page.evaluate(() => window.persistAsked);
const notice = async (page) => (await appState(page)).persistence.storageNotice;

test('persistent storage is asked for at the first event of the free sandbox, explained, and a refusal changes nothing', async () => {
  const app = await launch({ viewport: { width: 1280, height: 720 } });
  try {
    const { page } = app;
    await page.addInitScript(askingBrowser);
    await openSandbox(page, app.baseUrl);
    await nextFrames(page, 5);
    assert.equal(await asked(page), 0, 'not asked at start-up');

    // A lesson's events live in memory only: nothing to keep, nothing asked.
    await page.evaluate(() => { location.hash = '#lesson=first-events'; });
    await page.waitForFunction(() => Module.esTest.state().lessons.open !== null);
    await accepted(page, 'Open account', { account: 'alice', owner: 'Alice' });
    await nextFrames(page, 5);
    assert.equal(await asked(page), 0, 'not asked for a lesson\'s events');
    await page.evaluate(() => { location.hash = ''; });
    await page.waitForFunction(() => Module.esTest.state().lessons.open === null);

    // The free sandbox's first event: asked once; the browser's question stays open, so the
    // banner says why the page asks.
    await accepted(page, 'Open account', { account: 'alice', owner: 'Alice' });
    await page.waitForFunction(() => window.persistAsked === 1);
    await page.waitForFunction(() => Module.esTest.state().persistence.storageNotice !== '');
    assert.match(await notice(page), /asking whether this page may use persistent storage\. .*will not delete your events/);
    await nextFrames(page, 2);  // the notice is set between frames; the next frame draws it
    assert.ok(await page.evaluate(() => Module.esTest.windowRect('##banner')), 'the banner shows it');
    await screenshot(page, 'persistent-storage-asked');

    // Refused: the notice goes, the events are saved as before, the next event does not ask again.
    await page.evaluate(() => window.answerPersist(false));
    await page.waitForFunction(() => Module.esTest.state().persistence.storageNotice === '');
    await accepted(page, 'Deposit', { amount: '10.00' });
    await waitSaved(page);
    let s = await appState(page);
    assert.equal(s.persistence.mode, 'indexeddb');
    assert.equal(s.persistence.persisted, false);
    assert.equal(s.store.saved, 2, 'both events are saved in IndexedDB');
    assert.equal(await asked(page), 1, 'asked once, not at every event');

    // The Storage window says why, and asks again on request.
    await openWindow(page, 'Storage');
    await widget(page, 'Ask for persistent storage');
    await click(page, 'Ask for persistent storage');
    assert.equal(await asked(page), 2);
    await page.evaluate(() => window.answerPersist(true));
    await page.waitForFunction(() => Module.esTest.state().persistence.persisted);
    await nextFrames(page, 3);
    assert.equal(await page.evaluate(() => Module.esTest.widgetRect('Ask for persistent storage')), null,
                 'no button once the browser keeps the events');
    assert.equal(await notice(page), '');
  } finally {
    await app.close();
  }
});
