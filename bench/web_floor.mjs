// What the browser on this machine costs before the app does anything: the floor under the
// 100,000-event load (docs/PERFORMANCE.md). In headless Chromium, on a blank page of the served
// site (the app is not started), it measures
//   1. touching memory: a WebAssembly.Memory grown by N MB, one byte written per 4 KiB page, the
//      first time (every page is fresh: the kernel maps it on that write) and a second time;
//   2. reading IndexedDB: records shaped like the app's stored segments ({f: 3, first, bytes},
//      keyed by their last position; by default 100 records of 1,000 events' worth of bytes, as a
//      100,000-event log is stored) read back as the load reads them: getAllKeys + getAll of 10
//      records per read-only transaction, one after the other. Nothing is decoded.
//   node bench/web_floor.mjs [MB=200] [RECORDS=100] [BYTES_PER_RECORD=562000]
// Needs the web build only to serve a page (build/web/site, or ES_SITE_DIR). A benchmark, not a
// test: it prints figures and asserts nothing.
import { launch } from '../tests/e2e/harness.mjs';

const [MB = 200, RECORDS = 100, BYTES = 562000] = process.argv.slice(2).map(Number);
const RUNS = 3;

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

function idb({ op, records, bytesPerRecord }) {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('es-floor', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('events');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      if (op === 'write') {
        const tx = db.transaction('events', 'readwrite', { durability: 'strict' });
        const store = tx.objectStore('events');
        store.clear();
        // Bytes shaped like JSON lines (not all one value, which a store might compress away).
        const line = new TextEncoder().encode('{"data":{"accountId":"acct1","amountCents":100},"hash":"');
        for (let r = 0; r < records; r++) {
          const b = new Uint8Array(bytesPerRecord);
          for (let i = 0; i < b.length; i++) b[i] = i % 97 === 0 ? 10 : line[(i * 7 + r) % line.length];
          store.add({ f: 3, first: r * 1000 + 1, bytes: b }, (r + 1) * 1000);
        }
        tx.oncomplete = () => { db.close(); resolve({}); };
        tx.onabort = () => reject(tx.error);
        return;
      }
      const t = performance.now();
      let next = 1, read = 0, total = 0;
      (function page() {
        const tx = db.transaction('events', 'readonly');
        const store = tx.objectStore('events');
        const range = IDBKeyRange.lowerBound(next);
        const keys = store.getAllKeys(range, 10), values = store.getAll(range, 10);
        tx.oncomplete = () => {
          if (!keys.result.length) {
            db.close();
            resolve({ ms: performance.now() - t, records: read, bytes: total });
            return;
          }
          for (const v of values.result) { read++; total += v.bytes.length; }
          next = keys.result[keys.result.length - 1] + 1;
          page();
        };
        tx.onabort = () => reject(tx.error);
      })();
    };
  });
}

const app = await launch();
const { page } = app;
try {
  await page.goto(`${app.baseUrl}style.css`);  // same origin as the app, nothing of it running
  const touches = [];
  for (let r = 0; r < RUNS; r++) {
    touches.push(await page.evaluate(touchMemory, MB));
    await page.reload();
  }
  await page.evaluate(idb, { op: 'write', records: RECORDS, bytesPerRecord: BYTES });
  const reads = [];
  for (let r = 0; r < RUNS; r++) {
    await page.reload();
    reads.push(await page.evaluate(idb, { op: 'read', records: RECORDS, bytesPerRecord: BYTES }));
  }
  const f = (x) => x.toFixed(0);
  console.log(`touch ${MB} MB of fresh WASM memory (one byte per 4 KiB page): ` +
              `${touches.map((t) => f(t.fresh)).join(' / ')} ms = ` +
              `${touches.map((t) => (t.fresh / MB).toFixed(2)).join(' / ')} ms per MB; ` +
              `the same pages again: ${touches.map((t) => t.again.toFixed(1)).join(' / ')} ms`);
  console.log(`read ${reads[0].records} IndexedDB records, ${(reads[0].bytes / 1048576).toFixed(1)} MiB, ` +
              `10 per transaction: ${reads.map((r) => f(r.ms)).join(' / ')} ms`);
} finally {
  await app.close();
}
