// The canvas follows every change of size: a page that becomes exactly as large as the screen
// (F11, or a fullscreen element), a change of devicePixelRatio (another screen, the browser's
// zoom), and back. Each time its backing store must be its CSS size x devicePixelRatio (else
// the picture is stretched and blurry), clicks must land, and nothing may go to the console.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openSandbox, nextFrames, click, appState, screenshot } from './harness.mjs';

const SCREEN = { width: 1920, height: 1080 };

// The canvas's backing store, its CSS size and the ratio, once the app has drawn at them.
async function canvasSize(page) {
  await nextFrames(page, 3);
  return page.evaluate(() => {
    const c = document.getElementById('canvas');
    const r = c.getBoundingClientRect();
    return { width: c.width, height: c.height, cssWidth: r.width, cssHeight: r.height, ratio: window.devicePixelRatio,
             inBody: c.parentNode === document.body };
  });
}

function assertSharp(c, what) {
  assert.deepEqual([c.width, c.height], [Math.round(c.cssWidth * c.ratio), Math.round(c.cssHeight * c.ratio)],
                   `${what}: the backing store is the CSS size x devicePixelRatio (${JSON.stringify(c)})`);
  assert.equal(c.inBody, true, `${what}: the canvas is where the page put it`);
}

// Opens Help > About with real clicks and closes it again: the mouse still lands on what is drawn.
async function assertClicksLand(page, what) {
  await click(page, 'Help');
  await click(page, 'About the sandbox');
  assert.equal((await appState(page)).windows['About the sandbox'], true, `${what}: a click opened Help > About`);
  await click(page, 'Help');
  await click(page, 'About the sandbox');
  assert.equal((await appState(page)).windows['About the sandbox'], false, `${what}: a click closed it`);
}

test('the canvas follows a page of screen size and changes of devicePixelRatio', async () => {
  const app = await launch({ viewport: { width: 1280, height: 720 } });
  try {
    const { page } = app;
    // The screen the page reports; the page starts smaller than it, as a browser window does.
    const cdp = await page.context().newCDPSession(page);
    const metrics = (ratio, size = SCREEN) => cdp.send('Emulation.setDeviceMetricsOverride', {
      width: size.width, height: size.height, deviceScaleFactor: ratio, mobile: false,
      screenWidth: SCREEN.width, screenHeight: SCREEN.height,
    });
    await metrics(1, { width: 1280, height: 720 });
    await openSandbox(page, app.baseUrl);
    assertSharp(await canvasSize(page), 'at start');

    await metrics(1);  // F11: the page is now exactly the screen's size
    const full = await canvasSize(page);
    assert.deepEqual([full.width, full.height], [SCREEN.width, SCREEN.height]);
    assertSharp(full, 'page of screen size');
    await assertClicksLand(page, 'page of screen size');
    await screenshot(page, 'canvas-screen-size');

    for (const ratio of [2, 1.5, 1]) {
      await metrics(ratio);
      const c = await canvasSize(page);
      assert.equal(c.ratio, ratio);
      assertSharp(c, `devicePixelRatio ${ratio}`);
      assert.equal((await appState(page)).uiScale, ratio, `fonts and style follow devicePixelRatio ${ratio}`);
      await assertClicksLand(page, `devicePixelRatio ${ratio}`);
    }

    await metrics(1, { width: 1000, height: 640 });  // out of F11 again
    assertSharp(await canvasSize(page), 'back to a smaller page');
  } finally {
    await app.close();
  }
});

test('the canvas follows a fullscreen element and its end', async () => {
  const app = await launch({ viewport: { width: 1280, height: 720 }, deviceScaleFactor: 2 });
  try {
    const { page } = app;
    await openSandbox(page, app.baseUrl);
    // Playwright's evaluate counts as a user gesture, which requestFullscreen needs.
    await page.evaluate(() => document.documentElement.requestFullscreen());
    await page.waitForFunction(() => document.fullscreenElement === document.documentElement);
    assertSharp(await canvasSize(page), 'fullscreen');
    await assertClicksLand(page, 'fullscreen');
    await page.evaluate(() => document.exitFullscreen());
    await page.waitForFunction(() => document.fullscreenElement === null);
    assertSharp(await canvasSize(page), 'after fullscreen');
  } finally {
    await app.close();
  }
});
