// A smoke test in a second browser engine: Debian's Firefox ESR, headed under Xvfb (headless
// Firefox has no WebGL 2 here; ctest starts it under xvfb-run), driven by puppeteer-core over
// WebDriver BiDi (playwright-core cannot drive a stock Firefox). The page loads, real clicks and
// typing open an account and deposit, a reload keeps the events, and nothing goes to the console.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import puppeteer from 'puppeteer-core';
import { serveSite, watchErrors, openSandbox, accepted, appState, waitSaved, screenshot } from './harness.mjs';

const FIREFOX_PREFS = {
  'webgl.force-enabled': true,  // Mesa's software GL is on Firefox's block list
  // Answers navigator.storage.persist() without the prompt a learner would see (the app asks at
  // the first event: tests/e2e/persistent_storage.test.mjs).
  'permissions.default.persistent-storage': 1,
};

// The harness's helpers are written for playwright's Page; puppeteer's differs only in
// waitForFunction, which takes its options before the argument.
function asPlaywrightPage(page) {
  return new Proxy(page, {
    get(target, prop) {
      if (prop === 'waitForFunction') return (fn, arg, options = {}) => target.waitForFunction(fn, options, arg);
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

// Serves the site, starts Firefox on a fresh profile (puppeteer's own, removed on close).
async function launchFirefox({ viewport = { width: 1280, height: 720 } } = {}) {
  const site = await serveSite();
  const browser = await puppeteer.launch({
    browser: 'firefox', executablePath: '/usr/bin/firefox-esr', headless: false,
    extraPrefsFirefox: FIREFOX_PREFS,
  });
  const { consoleErrors, seen } = watchErrors();
  const raw = (await browser.pages())[0] || await browser.newPage();
  await raw.setViewport(viewport);  // (puppeteer's defaultViewport misses the first tab)
  raw.on('console', (msg) => { if (msg.type() === 'error') seen(msg.text()); });
  raw.on('pageerror', (err) => seen(`page error: ${err}`));
  return {
    page: asPlaywrightPage(raw), baseUrl: site.baseUrl, consoleErrors,
    async close() {
      await browser.close();
      await site.close();
    },
  };
}

test('Firefox ESR: the sandbox runs, real clicks open an account and deposit, a reload keeps the events',
     { skip: !process.env.DISPLAY && 'needs an X display: run it under xvfb-run, as ctest does' }, async () => {
  const app = await launchFirefox();
  try {
    const { page } = app;
    await openSandbox(page, app.baseUrl);
    const start = await appState(page);
    assert.equal(start.persistence.mode, 'indexeddb', 'IndexedDB is open');
    assert.equal(await page.evaluate(() => !!document.getElementById('canvas').getContext('webgl2')), true);

    await accepted(page, 'Open account', { account: 'alice', owner: 'Alice' });
    await accepted(page, 'Deposit', { amount: '25.00' });
    await waitSaved(page);
    const before = (await appState(page)).store;
    assert.equal(before.head, 2);
    assert.deepEqual(before.balances.map((b) => [b.accountId, b.balanceCents]), [['alice', 2500]]);
    await screenshot(page, 'firefox-after-deposit');

    await page.reload();
    await openSandbox(page, app.baseUrl);
    const after = (await appState(page)).store;
    assert.deepEqual(after.events, before.events, 'the reload read back the same events');
    assert.deepEqual(after.balances, before.balances);
  } finally {
    await app.close();
  }
});
