// Web bundle benchmark: the shipped size of app.wasm + app.js (raw and gzip) and the time from
// navigation to the first rendered frame in headless Chromium on localhost.
//   NODE_PATH=/usr/share/nodejs make build-web && node bench/web_startup.mjs [RUNS]
// A benchmark, not a test: it prints figures for docs/PERFORMANCE.md and asserts nothing.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { launch, SITE_DIR } from '../tests/e2e/harness.mjs';

const runs = Number(process.argv[2] || 10);

function sizeOf(file) {
  const bytes = fs.readFileSync(path.join(SITE_DIR, file));
  return { raw: bytes.length, gzip: zlib.gzipSync(bytes, { level: 9 }).length };
}
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;

const files = ['app.wasm', 'app.js', 'app.data'];
let total = { raw: 0, gzip: 0 };
console.log('file        raw         gzip');
for (const f of files) {
  const s = sizeOf(f);
  if (f !== 'app.data') { total.raw += s.raw; total.gzip += s.gzip; }
  console.log(`${f.padEnd(10)}  ${kb(s.raw).padEnd(10)}  ${kb(s.gzip)}`);
}
console.log(`wasm+js     ${kb(total.raw).padEnd(10)}  ${kb(total.gzip)}   (app.data holds the fonts)`);

const times = [];
for (let i = 0; i < runs; i++) {
  const app = await launch();  // a fresh profile each run: nothing cached
  try {
    await app.page.goto(app.baseUrl);
    await app.page.waitForFunction(() => window.esFirstFrameMs, null, { timeout: 30000 });
    times.push(await app.page.evaluate(() => window.esFirstFrameMs));
  } finally {
    await app.close();
  }
}
times.sort((a, b) => a - b);
const pct = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
console.log(`navigation -> first frame over ${runs} cold loads: ` +
            `min ${times[0].toFixed(0)} ms, median ${pct(0.5).toFixed(0)} ms, max ${times[times.length - 1].toFixed(0)} ms`);
