// What the browser on this machine costs before the app does anything: the floor under the
// 100,000-event load (docs/PERFORMANCE.md). In headless Chromium, on a blank page of the served
// site (the app is not started), it measures
//   1. touching memory: a WebAssembly.Memory grown by MB megabytes, one byte written per 4 KiB
//      page, the first time (every page is fresh: the kernel maps it on that write) and again;
//   2. reading IndexedDB: records shaped like the app's stored segments ({f: 3, first, bytes},
//      keyed by their last position, 1,000 events each) read back as the load reads them:
//      getAllKeys + getAll of 10 records per read-only transaction, one after the other, nothing
//      decoded;
//   3. the same records compressed with the browser's CompressionStream('deflate-raw'): the time
//      to compress them (what an import would add), to read them back, and to decompress them.
// The records hold the lines of LOG (a JSON Lines export, e.g. bench/web_storage.mjs's
// log-100000.jsonl), cut every 1,000 lines as the app cuts them; without LOG, 100 records of
// 562,000 bytes of JSON-like filler (which compresses far better than real events).
//   node bench/web_floor.mjs [MB=200] [LOG]
// Needs the web build only to serve a page (build/web/site, or ES_SITE_DIR). A benchmark, not a
// test: it prints figures and asserts nothing.
import fs from 'node:fs';
import { launch } from '../tests/e2e/harness.mjs';

const MB = Number(process.argv[2] || 200);
const LOG = process.argv[3];
const RUNS = 3;
const SEGMENT = 1000;  // events per stored record, as web/idb.js writes them

function touchMemory(mb) {
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536 });
  memory.grow(mb * 16);  // 64 KiB pages
  const bytes = new Uint8Array(memory.buffer);
  const pass = (value) => {
    const t = performance.now();
    for (let i = 0; i < bytes.length; i += 4096) bytes[i] = value;
    return performance.now() - t;
  };
  return { fresh: pass(1), again: pass(2) };
}

// In the page: window.esFloorSegments (strings) become records in two object stores of a
// database of its own, 'plain' and 'deflated'.
async function writeRecords() {
  const encoder = new TextEncoder();
  const plain = window.esFloorSegments.map((s) => encoder.encode(s));
  const pipe = async (bytes, stream) => new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(stream)).arrayBuffer());
  const t = performance.now();
  const deflated = [];
  for (const b of plain) deflated.push(await pipe(b, new CompressionStream('deflate-raw')));
  const compressMs = performance.now() - t;
  const db = await new Promise((resolve, reject) => {
    indexedDB.deleteDatabase('es-floor');
    const open = indexedDB.open('es-floor', 1);
    open.onupgradeneeded = () => { open.result.createObjectStore('plain'); open.result.createObjectStore('deflated'); };
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  await new Promise((resolve, reject) => {
    const tx = db.transaction(['plain', 'deflated'], 'readwrite', { durability: 'strict' });
    plain.forEach((b, i) => {
      const key = (i + 1) * 1000, first = i * 1000 + 1;
      tx.objectStore('plain').add({ f: 3, first, bytes: b }, key);
      tx.objectStore('deflated').add({ f: 3, first, bytes: deflated[i] }, key);
    });
    tx.oncomplete = resolve;
    tx.onabort = () => reject(tx.error);
  });
  db.close();
  const sum = (list) => list.reduce((n, b) => n + b.length, 0);
  return { records: plain.length, plainBytes: sum(plain), deflatedBytes: sum(deflated), compressMs };
}

// In the page: every record of `store` read as the load reads them; `inflate` also decompresses.
async function readRecords({ store, inflate }) {
  const db = await new Promise((resolve, reject) => {
    const open = indexedDB.open('es-floor', 1);
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const t = performance.now();
  const values = await new Promise((resolve, reject) => {
    const out = [];
    let next = 1;
    (function page() {
      const tx = db.transaction(store, 'readonly');
      const range = IDBKeyRange.lowerBound(next);
      const keys = tx.objectStore(store).getAllKeys(range, 10), got = tx.objectStore(store).getAll(range, 10);
      tx.oncomplete = () => {
        if (!keys.result.length) { resolve(out); return; }
        for (const v of got.result) out.push(v.bytes);
        next = keys.result[keys.result.length - 1] + 1;
        page();
      };
      tx.onabort = () => reject(tx.error);
    })();
  });
  const readMs = performance.now() - t;
  let inflateMs = 0, bytes = 0;
  if (inflate) {
    const t2 = performance.now();
    for (const b of values) {
      const stream = new Blob([b]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
      bytes += (await new Response(stream).arrayBuffer()).byteLength;
    }
    inflateMs = performance.now() - t2;
  }
  db.close();
  return { readMs, inflateMs, bytes };
}

function segments() {
  if (!LOG) {
    const line = '{"data":{"accountId":"acct1","amountCents":100},"hash":"';
    return Array.from({ length: 100 }, (_, r) => {
      let s = '';
      while (s.length < 562000) s += line + String(r) + s.length + '"}\n';
      return s.slice(0, 562000);
    });
  }
  const lines = fs.readFileSync(LOG, 'utf8').split('\n').filter((l) => l.length);
  const out = [];
  for (let i = 0; i < lines.length; i += SEGMENT) out.push(lines.slice(i, i + SEGMENT).join('\n'));
  return out;
}

const app = await launch();
const { page } = app;
try {
  await page.goto(`${app.baseUrl}style.css`);  // the app's origin, nothing of it running
  const touches = [];
  for (let r = 0; r < RUNS; r++) {
    touches.push(await page.evaluate(touchMemory, MB));
    await page.reload();
  }
  await page.evaluate(() => { window.esFloorSegments = []; });
  const all = segments();
  for (let i = 0; i < all.length; i += 10)
    await page.evaluate((part) => { window.esFloorSegments.push(...part); }, all.slice(i, i + 10));
  const written = await page.evaluate(writeRecords);
  const plain = [], deflated = [];
  for (let r = 0; r < RUNS; r++) {
    await page.reload();
    plain.push(await page.evaluate(readRecords, { store: 'plain', inflate: false }));
    await page.reload();
    deflated.push(await page.evaluate(readRecords, { store: 'deflated', inflate: true }));
  }
  const ms = (x) => x.toFixed(0);
  const mib = (n) => (n / 1048576).toFixed(1);
  console.log(`touch ${MB} MB of fresh WASM memory (one byte per 4 KiB page): ` +
              `${touches.map((t) => ms(t.fresh)).join(' / ')} ms = ` +
              `${touches.map((t) => (t.fresh / MB).toFixed(2)).join(' / ')} ms per MB; ` +
              `the same pages again: ${touches.map((t) => t.again.toFixed(1)).join(' / ')} ms`);
  console.log(`records: ${written.records} of ${LOG ? `${SEGMENT} lines of ${LOG}` : 'filler'}, ` +
              `${mib(written.plainBytes)} MiB; deflate-raw: ${mib(written.deflatedBytes)} MiB, compressed in ${ms(written.compressMs)} ms`);
  console.log(`read, 10 records per transaction: ${plain.map((r) => ms(r.readMs)).join(' / ')} ms`);
  console.log(`read deflated: ${deflated.map((r) => ms(r.readMs)).join(' / ')} ms, then decompressed in ` +
              `${deflated.map((r) => ms(r.inflateMs)).join(' / ')} ms` +
              (deflated.every((r) => r.bytes === written.plainBytes) ? '' : ' (WRONG SIZE)'));
} finally {
  await app.close();
}
