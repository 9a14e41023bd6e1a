// The page loads and runs: WebGL 2 context, frames rendering, no console errors, the loader
// hidden, the Welcome window on a first visit only (and from Help), a menu used through real
// clicks, crisp on HiDPI, following window resizes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openApp, nextFrames, widget, click, appState, screenshot } from './harness.mjs';
import { waitProgressSaved } from './lesson_helpers.mjs';

test('the app renders frames in a WebGL 2 canvas without console errors', async () => {
  const app = await launch();
  try {
    await openApp(app.page, app.baseUrl);
    const info = await app.page.evaluate(() => {
      const c = document.getElementById('canvas');
      return {
        webgl2: !!c.getContext('webgl2'),  // returns the context the app already created
        overlayHidden: document.getElementById('overlay').classList.contains('hidden'),
        focused: document.activeElement === c,
        width: c.width, height: c.height,
      };
    });
    assert.equal(info.webgl2, true, 'the canvas has a WebGL 2 context');
    assert.equal(info.overlayHidden, true, 'the loading overlay is gone after the first frame');
    assert.equal(info.focused, true, 'the canvas has keyboard focus');
    assert.deepEqual([info.width, info.height], [1280, 800], 'canvas backing store matches the window');

    const before = await app.page.evaluate(() => Module.esTest.frameCount());
    await nextFrames(app.page, 10);
    const after = await app.page.evaluate(() => Module.esTest.frameCount());
    assert.ok(after >= before + 10, `frame count rises (${before} -> ${after})`);

    // The Welcome window opens once the saved progress says this is a first visit.
    await app.page.waitForFunction(() => Module.esTest.state().lessons.progressLoaded, null, { timeout: 30000 });
    await nextFrames(app.page, 2);
    const state = await appState(app.page);
    assert.equal(state.windows.Welcome, true, 'the welcome window is open on first visit');
    assert.equal(state.lessons.welcomeSeen, true, 'and remembered as seen');
    assert.ok(await app.page.evaluate(() => Module.esTest.windowRect('Welcome')), 'welcome window is on screen');
    await widget(app.page, 'View');
    await screenshot(app.page, 'app-start-1280x800');
    const imguiIni = await app.page.evaluate(() => {
      try { return FS.analyzePath('/imgui.ini').exists; } catch (e) { return false; }
    });
    assert.equal(imguiIni, false, 'no imgui.ini is written');
    assert.deepEqual(app.consoleErrors, [], 'no console errors');

    // A second visit: the Welcome window stays closed.
    await waitProgressSaved(app.page, '_path', (r) => r.welcomeSeen === true);
    await app.page.reload();
    await openApp(app.page, app.baseUrl);
    await app.page.waitForFunction(() => Module.esTest.state().lessons.progressLoaded, null, { timeout: 30000 });
    await nextFrames(app.page, 3);
    assert.equal((await appState(app.page)).windows.Welcome, false, 'the welcome window is not shown after a reload');
    assert.equal(await app.page.evaluate(() => Module.esTest.windowRect('Welcome')), null);
  } finally {
    await app.close();
  }
});

test('Help > Welcome closes and opens the welcome window; the View menu opens on a real click', async () => {
  const app = await launch();
  try {
    await openApp(app.page, app.baseUrl);
    await app.page.waitForFunction(() => Module.esTest.state().windows.Welcome, null, { timeout: 30000 });
    assert.equal(await app.page.evaluate(() => Module.esTest.widgetRect('Reset layout')), null,
                 'the menu item is hidden before the menu opens');
    await click(app.page, 'View');
    assert.ok((await widget(app.page, 'Reset layout')).width > 0, 'the View menu opened');
    assert.equal(await app.page.evaluate(() => Module.esTest.widgetRect('Welcome')), null,
                 'the Welcome window is not in the View menu');
    await screenshot(app.page, 'app-view-menu-open');
    await click(app.page, 'View');  // closes the menu again

    await click(app.page, 'Help');
    const item = await widget(app.page, 'Welcome');
    assert.ok(item.width > 0, 'the Welcome menu item is shown once the Help menu is open');
    await screenshot(app.page, 'app-help-menu-open');
    await click(app.page, 'Welcome');
    const state = await appState(app.page);
    assert.equal(state.windows.Welcome, false, 'clicking Help > Welcome closed the window');
    assert.equal(await app.page.evaluate(() => Module.esTest.windowRect('Welcome')), null);

    // And back through the same menu; then switch to the light theme.
    await click(app.page, 'Help');
    await click(app.page, 'Welcome');
    assert.equal((await appState(app.page)).windows.Welcome, true);
    await click(app.page, 'Theme');
    await click(app.page, 'Light');
    assert.equal((await appState(app.page)).theme, 'light');
    await screenshot(app.page, 'app-light-theme');
    assert.deepEqual(app.consoleErrors, []);
  } finally {
    await app.close();
  }
});

test('HiDPI: the backing store is devicePixelRatio times the CSS size and clicks still land', async () => {
  const app = await launch({ viewport: { width: 1000, height: 700 }, deviceScaleFactor: 2 });
  try {
    await openApp(app.page, app.baseUrl);
    const size = await app.page.evaluate(() => [document.getElementById('canvas').width,
                                                 document.getElementById('canvas').height]);
    assert.deepEqual(size, [2000, 1400], 'canvas is rendered at 2x for a crisp picture');
    assert.equal((await appState(app.page)).uiScale, 2, 'fonts and style are scaled by 2');
    await screenshot(app.page, 'app-hidpi-2x');
    await click(app.page, 'Help');
    await click(app.page, 'About the sandbox');
    assert.equal((await appState(app.page)).windows['About the sandbox'], true,
                 'a click at CSS coordinates hit the right widget at 2x');
  } finally {
    await app.close();
  }
});

test('the canvas follows window resizes and mouse coordinates stay correct', async () => {
  const app = await launch({ viewport: { width: 1280, height: 800 } });
  try {
    await openApp(app.page, app.baseUrl);
    await app.page.setViewportSize({ width: 900, height: 600 });
    await app.page.waitForFunction(() => document.getElementById('canvas').width === 900);
    await nextFrames(app.page, 3);
    assert.equal(await app.page.evaluate(() => document.getElementById('canvas').height), 600);
    const menu = await widget(app.page, 'Help');
    assert.ok(menu.x + menu.width <= 900, 'the menu bar fits the new width');
    await click(app.page, 'Help');
    await click(app.page, 'About the sandbox');
    assert.equal((await appState(app.page)).windows['About the sandbox'], true);
  } finally {
    await app.close();
  }
});
