// When the sandbox cannot start, the page says why instead of staying blank.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from './harness.mjs';

async function errorText(page) {
  await page.waitForFunction(() => window.esStartupError, null, { timeout: 30000 });
  return page.evaluate(() => ({
    title: document.getElementById('status').textContent,
    detail: document.getElementById('detail').textContent,
    visible: !document.getElementById('overlay').classList.contains('hidden'),
  }));
}

test('without WebGL 2 the page explains what is missing', async () => {
  const app = await launch();
  try {
    await app.page.addInitScript(() => {
      const real = HTMLCanvasElement.prototype.getContext;
      HTMLCanvasElement.prototype.getContext = function (type, ...rest) {
        return type === 'webgl2' ? null : real.call(this, type, ...rest);
      };
    });
    await app.page.goto(app.baseUrl);
    const shown = await errorText(app.page);
    assert.equal(shown.visible, true);
    assert.match(shown.title, /WebGL 2 is not available/);
    assert.match(shown.detail, /hardware acceleration/);
  } finally {
    await app.close();
  }
});

test('a WebAssembly file that fails to load gives a clear message', async () => {
  // The test answers 404 for app.wasm: the browser logs each failed request (Emscripten asks
  // twice: streaming, then a plain fetch), and Emscripten's runtime aborts with an error that
  // nothing can catch, after the page has shown its message (which is what is tested here).
  const app = await launch({ allowErrors: [
    /^Failed to load resource: the server responded with a status of 404/,
    /^page error: RuntimeError: Aborted\(.*both async and sync fetching of the wasm failed/,
  ] });
  try {
    await app.page.route('**/app.wasm', (route) => route.fulfill({ status: 404, body: 'gone' }));
    await app.page.goto(app.baseUrl);
    const shown = await errorText(app.page);
    assert.equal(shown.visible, true);
    assert.match(shown.title, /stopped unexpectedly|could not be downloaded/);
    assert.match(shown.detail, /Reload/);
  } finally {
    await app.close();
  }
});
