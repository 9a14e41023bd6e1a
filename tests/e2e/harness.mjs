// Shared set-up for the browser end-to-end tests: serve the built site on a free loopback port,
// launch Debian's Chromium headless through playwright-core (never a downloaded browser), and
// helpers that find widgets through the app's test hook and use them with real mouse events.
// Any console error or page error fails the test that saw it (see launch's allowErrors).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { afterEach } from 'node:test';
import { chromium } from 'playwright-core';
import { startServer } from '../../web/serve.mjs';

export const SITE_DIR = process.env.ES_SITE_DIR || path.resolve('build/web/site');
export const ARTIFACT_DIR = process.env.ES_ARTIFACT_DIR || path.resolve('build/web/artifacts');

const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-default-apps',
  // WebGL 2 without a GPU: ANGLE on SwiftShader.
  '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist',
];

// The console errors and page errors of the running test that it did not allow; the test fails
// on them once it ends (after its own assertions, so its own failure is what is reported first).
const unexpectedErrors = [];
afterEach(() => {
  const errors = unexpectedErrors.splice(0);
  if (errors.length) throw new Error(`the page logged ${errors.length} error(s):\n${errors.join('\n')}`);
});

// Collects what a browser reports: `seen(text)` for each console error or page error. `allowErrors`:
// regular expressions for errors the test provokes on purpose (each with a comment there saying
// why); any other fails the test. `consoleErrors` lists them all, allowed or not.
export function watchErrors(allowErrors = []) {
  const consoleErrors = [];
  const seen = (text) => {
    consoleErrors.push(text);
    if (!allowErrors.some((re) => re.test(text))) unexpectedErrors.push(text);
  };
  return { consoleErrors, seen };
}

// Serves the built site on 127.0.0.1 (`port` 0: any free port).
export async function serveSite(port = 0) {
  if (!fs.existsSync(path.join(SITE_DIR, 'app.wasm'))) {
    throw new Error(`${SITE_DIR}/app.wasm is missing: build the web app first (make test does).`);
  }
  const server = await startServer(SITE_DIR, port);
  return { server, baseUrl: `http://127.0.0.1:${server.address().port}/`, port: server.address().port,
           close: () => new Promise((resolve) => server.close(resolve)) };
}

// Starts the server and a persistent Chromium profile; returns helpers and a close().
// `port`: serve on this port (0 = any free one). IndexedDB belongs to an origin, port included,
// so a test that relaunches the browser on the same profile must reuse the port.
// `allowErrors`: see watchErrors; errors in every tab of the browser count.
export async function launch({ viewport = { width: 1280, height: 800 }, deviceScaleFactor = 1,
                               userDataDir, port = 0, allowErrors = [] } = {}) {
  const site = await serveSite(port);
  const profile = userDataDir || fs.mkdtempSync(path.join(os.tmpdir(), 'es-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS,
    viewport, deviceScaleFactor,
  });
  const { consoleErrors, seen } = watchErrors(allowErrors);
  context.on('console', (msg) => { if (msg.type() === 'error') seen(msg.text()); });
  context.on('weberror', (e) => seen(`page error: ${e.error()}`));
  const page = context.pages()[0] || await context.newPage();
  return {
    page, context, baseUrl: site.baseUrl, consoleErrors, port: site.port,
    async close() {
      await context.close();
      await site.close();
      if (!userDataDir) fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

// Opens the app and waits until it has drawn a few frames.
export async function openApp(page, url) {
  await page.goto(url);
  await page.waitForFunction(() => window.Module && Module.esTest && Module.esTest.frameCount() > 2,
                             null, { timeout: 30000 });
}

// Waits for `frames` more frames to be drawn (so the UI has reacted to input).
export async function nextFrames(page, frames = 3) {
  const start = await page.evaluate(() => Module.esTest.frameCount());
  await page.waitForFunction((n) => Module.esTest.frameCount() >= n, start + frames);
}

// The on-page rectangle of a widget by its label, waiting for it to appear.
export async function widget(page, label, { timeout = 5000 } = {}) {
  const handle = await page.waitForFunction((l) => Module.esTest.widgetRect(l), label, { timeout })
    .catch(async () => {
      const shot = 'widget-not-found';
      await screenshot(page, shot).catch(() => {});
      throw new Error(`no widget labelled "${label}" is on screen (screenshot: ${shot}.png)`);
    });
  return handle.jsonValue();
}

// Clicks a widget like a person: move the mouse there, press, release.
export async function click(page, label) {
  let r = await widget(page, label);
  // Aim where the widget is now: after a layout change (a banner closing moves every window)
  // the rectangle of the previous frame is stale, so move again until it holds still.
  for (let tries = 0; tries < 10; tries++) {
    await page.mouse.move(r.centerX, r.centerY);
    await nextFrames(page, 2);  // ImGui needs a frame of hover before the press
    const now = await widget(page, label);
    if (now.centerX === r.centerX && now.centerY === r.centerY) break;
    r = now;
  }
  await page.mouse.down();
  await nextFrames(page, 2);
  await page.mouse.up();
  await nextFrames(page, 2);
  return r;
}

// Drags the slider labelled `label` like a person: presses at its right end and moves to
// fraction `f` of its width before releasing.
export async function dragSliderTo(page, label, f) {
  const r = await widget(page, label);
  await page.mouse.move(r.x + r.width * 0.98, r.centerY);
  await nextFrames(page, 2);
  await page.mouse.down();
  await nextFrames(page, 2);
  await page.mouse.move(r.x + r.width * f, r.centerY, { steps: 5 });
  await nextFrames(page, 2);
  await page.mouse.up();
  await nextFrames(page, 2);
}

export async function appState(page, { events = true } = {}) {
  return page.evaluate((e) => Module.esTest.state({ events: e }), events);
}

// What `pick(state, arg)` returns, run in the page over state({events: false}): only that comes
// over to the test. (With 100,000 events the state is 8 MB of JSON even without the event list,
// the audit trail's rows: building it takes ~0.5 s, bringing it over to the test ~15 s.) `pick`
// goes to the page as its source, so it reads nothing of the test's but `arg` (JSON).
export async function stateOf(page, pick, arg = null) {
  return page.evaluate(`(${pick.toString()})(Module.esTest.state({ events: false }), ${JSON.stringify(arg)})`);
}

export async function screenshot(page, name) {
  fs.mkdirSync(ARTIFACT_DIR, { recursive: true });
  const file = path.join(ARTIFACT_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

// Types into an ImGui text field like a person: click it, select what is there, type.
export async function typeInto(page, label, text) {
  await click(page, label);
  await clearField(page);
  await page.keyboard.type(String(text), { delay: 5 });
  await nextFrames(page, 2);
  await pressKey(page, 'Enter');  // leave the field, keeping what was typed
}

// Empties the text field being edited as a person does: Ctrl+A, then Backspace. Control is held
// over frames of its own, so ImGui sees it down while A goes down.
export async function clearField(page) {
  await page.keyboard.down('Control');
  await nextFrames(page, 2);
  await pressKey(page, 'a');
  await page.keyboard.up('Control');
  await nextFrames(page, 2);
  await pressKey(page, 'Backspace');
}

// Taps a key, then waits two frames. The app makes sure exactly one frame sees a quick tap
// (src/platform/key_taps.h), so the key is pressed once however slow the frames. Holding it
// down from here instead, across round trips to the page, would be held for as many frames as
// a busy machine takes for them, and past Dear ImGui's repeat delay (0.275 s) it would repeat:
// an Enter held that long makes two or three new lines.
export async function pressKey(page, key) {
  await page.keyboard.press(key);
  await nextFrames(page, 2);
}

// Opens the app, waits until the stored log is loaded, and closes the Welcome window.
export async function openSandbox(page, url, { closeWelcome = true } = {}) {
  await openApp(page, url);
  // Polled every frame, state() would slow the very load it waits for: with 100,000 events its
  // read models' rows alone are 8 MB of JSON, ~0.4 s a call, and the background hash check gets
  // one slice a frame. So the cheap hashCheck() first, and state() (without the store's event
  // list) only once the check is done.
  await page.waitForFunction(() => {
    const check = Module.esTest.hashCheck();
    if (check && check.checked !== check.total) return false;
    const s = Module.esTest.state({ events: false });
    // The saved lesson progress too: the Welcome window opens, on a first visit, once it is in.
    // And the stored log's background hash check (one that finds a bad hash loads the log again).
    const h = s.persistence.hashCheck;
    return s.persistence.mode !== 'loading' && s.store !== null && s.lessons.progressLoaded &&
           !s.persistence.readModelsWarming &&
           (!h || h.checked === h.total);
  }, null, { timeout: 60000 });
  // The Welcome window may still be settling where it appears when its Start button is first
  // reported: a press that missed leaves it open over the desk, so check and press again.
  if (closeWelcome) await nextFrames(page, 2);
  for (let attempt = 0; closeWelcome && (await stateOf(page, (s) => s.windows.Welcome)); attempt++) {
    if (attempt === 5) throw new Error('the Welcome window did not close on "Start"');
    await nextFrames(page, 2);
    await click(page, 'Start');
    await nextFrames(page, 2);
  }
}

// Opens a window from the View menu (by its title) unless it is open already.
export async function openWindow(page, title) {
  const isOpen = () => stateOf(page, (s, t) => s.windows[t], title);
  if (await isOpen()) return;
  await click(page, 'View');
  await click(page, title);
  assert.equal(await isOpen(), true, `View > ${title} opened it`);
}

// Fills the command form's fields that are given and clicks `button` ("Deposit", ...).
export async function runCommand(page, button, fields = {}) {
  const labels = { account: 'Account', amount: 'Amount', actor: 'Actor', reason: 'Reason', expected: 'Expected version',
                   owner: 'Owner', currency: 'Currency', to: 'To account' };
  for (const [key, value] of Object.entries(fields)) await typeInto(page, labels[key], value);
  const before = await stateOf(page, (s) => s.lastCommand.result);
  await click(page, button);
  await page.waitForFunction((b) => Module.esTest.state({ events: false }).lastCommand.result !== b, before, { timeout: 5000 })
    .catch(() => {});
  return stateOf(page, (s) => s.lastCommand);
}

// runCommand for a command that must be accepted (fails the test with the app's reason if not).
export async function accepted(page, button, fields) {
  const r = await runCommand(page, button, fields);
  assert.equal(r.ok, true, `${button}: ${r.result}`);
  return r;
}

// Clicks a small bank into being: alice opens and gets 100.00, bob opens, alice sends bob 30.00
// (positions 1 to 5, the transfer at 4 and 5); returns once all of it is saved.
export async function smallBank(page) {
    await accepted(page, 'Open account', { account: 'alice', owner: 'Alice' });
    await accepted(page, 'Deposit', { amount: '100.00', reason: 'salary' });
    await accepted(page, 'Open account', { account: 'bob', owner: 'Bob' });
    await accepted(page, 'Transfer', { account: 'alice', to: 'bob', amount: '30' });
    await waitSaved(page);
}

// Waits until every event of the page is saved in IndexedDB.
export async function waitSaved(page) {
  await page.waitForFunction(() => {
    const s = Module.esTest.state({ events: false }).store;
    return s && s.pending === 0;
  }, null, { timeout: 15000 });
}

// Clicks an export button and returns the downloaded file's text.
export async function exportVia(page, label) {
  await openWindow(page, 'Storage');  // View > Storage: export, import and reset live there
  const [download] = await Promise.all([page.waitForEvent('download'), click(page, label)]);
  const file = await download.path();
  return { name: download.suggestedFilename(), text: fs.readFileSync(file, 'utf8') };
}

// Imports `text` through the file chooser; returns the app's result message.
export async function importText(page, text, name = 'upload.jsonl', { timeout = 20000 } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'es-import-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  try {
    await openWindow(page, 'Storage');
    const persistence = () => stateOf(page, (s) => s.persistence);
    const before = (await persistence()).importResult;
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), click(page, 'Import...')]);
    await chooser.setFiles(file);
    // (The file goes to the importer a piece per task: wait for its verdict, not its progress.)
    await page.waitForFunction((b) => {
      const p = Module.esTest.state({ events: false }).persistence;
      return !p.importing && p.importResult !== b;
    }, before, { timeout });
    return persistence();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// The records of IndexedDB's `events` store, as [key, value] pairs, read behind the app's back.
// A segment of bytes (f: 3) is shown with its lines decoded into `lines`, as f: 2 stored them,
// so a test reads and edits every format the same way.
export function storedRecords(page) {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('es-sandbox');
    open.onsuccess = () => {
      const store = open.result.transaction('events').objectStore('events');
      const keys = store.getAllKeys(), values = store.getAll();
      keys.transaction.oncomplete = () => {
        open.result.close();
        resolve(keys.result.map((k, i) => {
          const v = values.result[i];
          if (!(v && v.bytes instanceof Uint8Array)) return [k, v];
          const { bytes, ...rest } = v;
          return [k, { ...rest, lines: new TextDecoder().decode(bytes) }];
        }));
      };
      keys.transaction.onerror = () => reject(keys.transaction.error);
    };
  }));
}

// Replaces the record under `key` with change(record) behind the app's back (someone editing
// IndexedDB in the browser's developer tools). `change` gets the record as storedRecords shows
// it (undefined when there is none) and returns the new one, or null to delete it; a segment
// returned with f: 3 is stored as bytes again.
export function editStoredRecord(page, key, change) {
  return page.evaluate(([k, f]) => new Promise((resolve, reject) => {
    const open = indexedDB.open('es-sandbox');
    open.onsuccess = () => {
      const tx = open.result.transaction('events', 'readwrite');
      const store = tx.objectStore('events');
      const get = store.get(k);
      get.onsuccess = () => {
        let v = get.result;
        if (v && v.bytes instanceof Uint8Array) {
          const { bytes, ...rest } = v;
          v = { ...rest, lines: new TextDecoder().decode(bytes) };
        }
        let changed;
        try {
          changed = (0, eval)(f)(v);  // runs in the page: it sees only its argument
        } catch (e) {
          tx.abort();
          reject(e);
          return;
        }
        if (changed === null) { store.delete(k); return; }
        if (changed && changed.f === 3 && typeof changed.lines === 'string') {
          const { lines, ...rest } = changed;
          changed = { ...rest, bytes: new TextEncoder().encode(lines) };
        }
        store.put(changed, k);
      };
      tx.oncomplete = () => { open.result.close(); resolve(); };
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => { open.result.close(); reject(tx.error || new Error('the edit was aborted')); };
    };
  }), [key, change.toString()]);
}

// A valid n-event log (one account opened, then deposits of $1.00), hash chain included: the
// canonical bytes are the envelope without `hash`, keys sorted, compact (docs/EVENT_MODEL.md).
export function depositLog(n) {
  const lines = [];
  let prev = '0'.repeat(64);
  for (let p = 1; p <= n; p++) {
    const opened = p === 1;
    const e = {
      data: opened ? { accountId: 'alice', currency: 'USD', overdraftLimitCents: 0, owner: 'Alice' }
                   : { accountId: 'alice', amountCents: 100, currency: 'USD', depositedBy: 'test' },
      eventId: crypto.randomUUID(),
      globalPosition: p,
      metadata: { actor: 'test', causationId: '', correlationId: '', reason: 'segment test' },
      occurredAt: 1795764831000 + p,
      prevHash: prev,
      recordedAt: 1795764831000 + p,
      schemaVersion: opened ? 1 : 2,
      streamId: 'account-alice',
      streamVersion: p,
      type: opened ? 'AccountCreated' : 'MoneyDeposited',
    };
    const hash = crypto.createHash('sha256').update(JSON.stringify(e)).digest('hex');
    const { data, eventId, globalPosition, ...rest } = e;
    lines.push(JSON.stringify({ data, eventId, globalPosition, hash, ...rest }));
    prev = hash;
  }
  return lines.join('\n') + '\n';
}

// Stores `lines` (event lines, positions 1, 2, ...) behind the app's back as one-event records
// ({f: 1, line}), as clicks store them, in one transaction.
export function storeOneEventRecords(page, lines) {
  return page.evaluate((ls) => new Promise((resolve, reject) => {
    const open = indexedDB.open('es-sandbox');
    open.onsuccess = () => {
      const tx = open.result.transaction('events', 'readwrite');
      ls.forEach((line, i) => tx.objectStore('events').add({ f: 1, line }, i + 1));
      tx.oncomplete = () => { open.result.close(); resolve(); };
      tx.onerror = () => reject(tx.error);
    };
  }), lines);
}
