// Frame-time benchmark of the visual sandbox, in headless Chromium on the built site: with a
// large log (default 100,000 events, made with the native CLI and imported through
// Storage > Import...), how long the page's main thread spends on each frame while
//   1. the mouse wheel scrolls the Events timeline,
//   2. the time-travel slider is dragged across the whole log (every view replays to the new
//      position each frame), and how long the whole drag takes,
//   3. every animated view plays at once (issue budget: p50 < 8 ms, p95 < 16 ms on 10,000
//      events): a deposit's token in the Command flow, the Sequence diagram playing its trace,
//      the Replay stepper playing an account's fold, the Integrity view walking the chain.
//   node bench/web_frames.mjs [EVENTS]      (the animation budget: node bench/web_frames.mjs 10000)
// Above 100,000 events (1,000,000: the "opens and stays usable") the log is stored without
// the import (cli_logs.mjs, fillDirect: the import of 1,000,000 fits, but leaves the WASM memory
// within 50 MiB of its cap, and the point is the page a reload opens), the page is reloaded to
// open it, and only steps 1-3 run: the app's whole state() no longer fits the heap.
// A frame is timed around the app's requestAnimationFrame callback (wrapped by this script; the
// app is untouched): ImGui NewFrame to Render plus the WebGL calls that submit the frame, so it
// is an upper bound of "NewFrame to Render". Needs build/web/site and build/native/es-sandbox.
// A benchmark, not a test: it prints figures for docs/PERFORMANCE.md and asserts nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch, openSandbox, click, widget, nextFrames, openWindow, accepted } from '../tests/e2e/harness.mjs';
import { makeLog, fillDirect } from './cli_logs.mjs';

const N = Number(process.argv[2] || 100000);
const TARGET_MS = 8;
const ANIMATION_MS = 4000;

function timeFrames() {
  const raf = window.requestAnimationFrame.bind(window);
  window.esFrames = [];
  window.requestAnimationFrame = (cb) => raf((t) => {
    const start = performance.now();
    cb(t);
    window.esFrames.push(performance.now() - start);
  });
}

const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };
const summary = (xs) => `p50 ${pct(xs, 0.5).toFixed(1)} ms, p95 ${pct(xs, 0.95).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms (${xs.length} frames)`;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'es-bench-frames-'));
const app = await launch({ viewport: { width: 1280, height: 720 } });
try {
  const { page } = app;
  console.error(`building a ${N}-event log with the CLI...`);
  const log = makeLog(process.env.ES_BENCH_LOGS || tmp, N);  // ES_BENCH_LOGS=DIR: as web_storage.mjs
  await app.context.addInitScript(timeFrames);
  await openSandbox(page, app.baseUrl);
  const DIRECT = N > 100000;
  if (DIRECT) {
    console.error('storing it without the import, and reloading...');
    await fillDirect(page, log, N);
    await page.goto(app.baseUrl);
    // Opened, its read models caught up and every hash checked (the background work done).
    await page.waitForFunction((n) => {
      const s = window.Module && Module.esTest && Module.esTest.loadStats(), h = s && Module.esTest.hashCheck();
      return s && s.head === n && h && h.readModelsWarmedAt > 0 && h.checked === h.total;
    }, N, { timeout: 600000, polling: 500 });
    const s = await page.evaluate(() => Module.esTest.loadStats());
    if (s.mode !== 'indexeddb' || s.problem) throw new Error(`the reload did not open the log: ${JSON.stringify(s)}`);
  } else {
    console.error('importing it...');
    await openWindow(page, 'Storage');  // View > Storage (closed in the default layout)
    const chooser = page.waitForEvent('filechooser');
    await click(page, 'Import...');
    await (await chooser).setFiles(log);
    await page.waitForFunction((n) => Module.esTest.state().store.head === n, N, { timeout: 600000, polling: 500 });
  }
  await nextFrames(page, 5);
  const rows = [];

  // 1. Idle frames with the log loaded (a redraw forced by small mouse moves).
  const events = await page.evaluate(() => Module.esTest.windowRect('Events'));
  const reset = () => page.evaluate(() => { window.esFrames = []; });
  const frames = () => page.evaluate(() => window.esFrames.slice());
  // 0. The page then releases the decoded events nobody reads, a few chunks a frame: the frames
  // meanwhile, and then everything below on the log as the page holds it from then on.
  const decoded = () => page.evaluate(() => Module.esTest.loadStats().decodedEvents);
  if ((await decoded()) > 8192) {
    await reset();
    const t0 = Date.now();
    while ((await decoded()) > 8192 && Date.now() - t0 < 120000) {
      await page.mouse.move(events.x + 200 + (Date.now() % 2), events.y + 200);
      await nextFrames(page, 2);
    }
    rows.push([`frame, ${N.toLocaleString('en-US')} events, mouse moving while the page releases the decoded events nobody reads (${((Date.now() - t0) / 1000).toFixed(1)} s; ${(await decoded()).toLocaleString('en-US')} left decoded)`, summary(await frames())]);
  }
  await reset();
  for (let i = 0; i < 60; i++) await page.mouse.move(events.x + 200 + (i % 2), events.y + 200);
  rows.push([`frame, ${N.toLocaleString('en-US')} events, mouse moving over the timeline`, summary(await frames())]);

  // 2. Scrolling the timeline with the wheel: 200 wheel steps down.
  await page.mouse.move(events.x + 200, events.y + 250);
  await reset();
  for (let i = 0; i < 200; i++) { await page.mouse.wheel(0, 400); }
  await nextFrames(page, 3);
  rows.push([`frame, ${N.toLocaleString('en-US')} events, timeline scrolled with the wheel (200 steps)`, summary(await frames())]);

  // 3. Dragging the time-travel slider from the right end to the left end in 100 moves.
  const slider = await widget(page, '##position');
  await page.mouse.move(slider.x + slider.width - 2, slider.centerY);
  await nextFrames(page, 2);
  await page.mouse.down();
  await nextFrames(page, 2);
  await reset();
  const t0 = Date.now();
  for (let i = 0; i <= 100; i++) {
    await page.mouse.move(slider.x + slider.width * (1 - i / 100), slider.centerY);
    await nextFrames(page, 1);
  }
  const dragMs = Date.now() - t0;
  await page.mouse.up();
  const dragFrames = await frames();
  rows.push(['frame while dragging the scrubber (every view replays to the new position)', summary(dragFrames)]);
  rows.push(['whole drag across the log, 100 mouse moves, each waited for one frame', `${dragMs} ms`]);
  if (!DIRECT) {
    const pos = await page.evaluate(() => Module.esTest.state().timeTravel.position);
    if (pos !== 0) console.error(`note: the drag ended at position ${pos}, not 0`);
  }
  await click(page, 'Back to now');
  if (process.env.ES_BENCH_SHOT) await page.screenshot({ path: process.env.ES_BENCH_SHOT });  // what it looked like
  const heap = await page.evaluate(() => ({ linear: Module.HEAP8.length, inUse: Module.esTest.heapInUse() }));
  rows.push(['WASM memory after the scrolling and the drag: linear (its peak) / heap in use',
             `${(heap.linear / 1048576).toFixed(0)} MiB / ${(heap.inUse / 1048576).toFixed(0)} MiB`]);
  if (!DIRECT) {
    // 4. Every animated view playing at once, for ANIMATION_MS, at 1920x1080 so all of them fit.
    await page.setViewportSize({ width: 1920, height: 1080 });
    await nextFrames(page, 5);
    for (const title of ['Command flow', 'Sequence diagram', 'Replay stepper', 'Integrity']) await openWindow(page, title);
    await nextFrames(page, 5);
    await accepted(page, 'Deposit', { account: 'acct0', amount: '5.00' });  // the flow and the diagram start playing
    await click(page, 'Play');  // the Sequence diagram's
    await click(page, 'Play###replay-play');
    await click(page, 'Verify');
    await reset();
    await new Promise((r) => setTimeout(r, ANIMATION_MS));
    const s = await page.evaluate(() => Module.esTest.state());
    rows.push([`frame while the flow, the sequence diagram, the replay stepper and the chain walk play (${ANIMATION_MS / 1000} s, 1920x1080)`,
      summary(await frames())]);
    const playing = [s.flow?.playing, s.sequence?.playing, s.replay?.playing, s.integrity?.walking];
    if (playing.some((p) => !p)) console.error(`note: not every view was still animating at the end: ${JSON.stringify(playing)}`);
  }

  console.log(`${N.toLocaleString('en-US')} events, 1280x720, headless Chromium (SwiftShader). Target: < ${TARGET_MS} ms per frame.${DIRECT ? ' Steps 1-3 only.' : ''}\n`);
  console.log('| measurement | result |\n|---|---|');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  if (app.consoleErrors.length) console.error(`console errors: ${app.consoleErrors.join(' | ')}`);
} finally {
  await app.close();
  fs.rmSync(tmp, { recursive: true, force: true });
}
