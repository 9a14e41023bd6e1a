// Bank stores and logs of a given size, made with the real native CLI (build/native/es-sandbox,
// or ES_CLI), shared by the benchmarks that need a big log: web_storage.mjs, web_frames.mjs,
// cli_scale.mjs. A store is built by `exec` of generated commands in a folder on tmpfs (/dev/shm,
// where `exec`'s fdatasync per command is nearly free; else the target's own folder), then copied.
// fillDirect() stores a log in a page's IndexedDB without the app's import, for the sizes the
// import cannot take.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

export const CLI = process.env.ES_CLI || path.resolve('build/native/es-sandbox');

// Bank commands for the CLI that record exactly n events over up to 100 accounts (acct0..acct99):
// each account in turn gets deposit, deposit, withdraw, transfer (2 events), so none is ever refused.
export function commandsFor(n) {
  const accounts = Math.min(100, n), lines = [];
  let events = 0;
  const cmd = (c) => { lines.push(JSON.stringify({ ...c, actor: 'bench', reason: 'benchmark log' })); };
  for (let i = 0; i < accounts; i++, events++) cmd({ type: 'OpenAccount', accountId: `acct${i}`, owner: `Owner ${i}`, currency: 'USD' });
  for (let i = 0; events < n; i++) {
    const a = `acct${Math.floor(i / 4) % accounts}`, b = `acct${(Math.floor(i / 4) + 1) % accounts}`;
    if (i % 4 === 3 && events + 2 <= n && a !== b) {
      cmd({ type: 'Transfer', fromAccountId: a, toAccountId: b, amount: '1.00' });
      events += 2;
    } else {
      cmd({ type: i % 4 === 2 ? 'Withdraw' : 'Deposit', accountId: a, amount: i % 4 === 2 ? '1.00' : '5.00' });
      events += 1;
    }
  }
  return lines.join('\n') + '\n';
}

// The files a store consists of: the log and every file named after it (FILE.snapshots and
// whatever else the store keeps beside its log), so a copy is the whole store.
export function storeFiles(store) {
  const dir = path.dirname(store), base = path.basename(store);
  const extra = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.startsWith(`${base}.`)) : [];
  return [store, ...extra.map((f) => path.join(dir, f))];
}

// Makes `to` an exact copy of the store `from` (files of `to` that `from` lacks are removed).
// The copy is synced, so a timed run's own fdatasync does not also write back the copy's pages.
export function copyStore(from, to) {
  for (const f of storeFiles(to)) fs.rmSync(f, { force: true });
  for (const f of storeFiles(from)) {
    const copy = path.join(path.dirname(to), path.basename(to) + f.slice(from.length));
    fs.copyFileSync(f, copy);
    const fd = fs.openSync(copy, 'r+');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
  }
}

// Builds an n-event store at `store` with `exec` unless it is there already.
export function buildStore(store, n) {
  if (fs.existsSync(store)) return store;
  const shm = fs.existsSync('/dev/shm') ? '/dev/shm' : path.dirname(store);
  const work = fs.mkdtempSync(path.join(shm, 'es-bench-build-'));
  try {
    const cmds = path.join(work, 'commands.jsonl'), tmpStore = path.join(work, 'store.jsonl');
    fs.writeFileSync(cmds, commandsFor(n));
    const t0 = Date.now();
    execFileSync(CLI, ['exec', '--store', tmpStore, cmds], { stdio: ['ignore', 'ignore', 'inherit'] });
    copyStore(tmpStore, store);
    console.error(`  built a ${n}-event store with the CLI in ${((Date.now() - t0) / 1000).toFixed(0)} s: ${store}`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return store;
}

// An n-event JSON Lines export in `dir` (log-N.jsonl), made from a store built there, reused when
// present.
export function makeLog(dir, n) {
  const log = path.join(dir, `log-${n}.jsonl`);
  if (fs.existsSync(log)) return log;
  const store = buildStore(path.join(dir, `store-${n}.jsonl`), n);
  const out = fs.openSync(`${log}.part`, 'w');
  try {
    execFileSync(CLI, ['export', '--store', store], { stdio: ['ignore', out, 'inherit'] });
  } finally {
    fs.closeSync(out);
  }
  const lines = fs.readFileSync(`${log}.part`).reduce((k, byte) => k + (byte === 10), 0);
  if (lines !== n) throw new Error(`the CLI recorded ${lines} events, not ${n}`);
  fs.renameSync(`${log}.part`, log);
  return log;
}

// Writes the log's lines into the open page's IndexedDB as segment records (f: 3, at most 1,000
// events, keyed by the last event's position), as an import or a compaction stores them, a few
// MiB per call into the page. Returns the time it took (not an app figure: the app is bypassed).
export async function fillDirect(page, file, n) {
  const t0 = Date.now();
  // As bytes: the 1,000,000-event log (557 MB) is longer than a JavaScript string may be.
  const buf = fs.readFileSync(file);
  const SEGMENT = 1000, PER_CALL = 20;
  let at = 0, position = 1;
  const segment = () => {  // the next (up to) SEGMENT lines, joined by '\n'
    const first = position, start = at;
    let end = at;
    for (let k = 0; k < SEGMENT && at < buf.length; k++, position++) {
      end = buf.indexOf(10, at);
      if (end < 0) end = buf.length;
      at = end + 1;
    }
    return { first, text: buf.subarray(start, end).toString('utf8') };
  };
  while (at < buf.length) {
    const segments = [];
    for (let k = 0; k < PER_CALL && at < buf.length; k++) segments.push(segment());
    await page.evaluate((segs) => new Promise((resolve, reject) => {
      const req = indexedDB.open('es-sandbox', 1);
      req.onerror = () => reject(req.error);
      req.onsuccess = () => {
        const db = req.result, tx = db.transaction('events', 'readwrite'), store = tx.objectStore('events');
        const enc = new TextEncoder();
        for (const s of segs) store.add({ f: 3, first: s.first, bytes: enc.encode(s.text) }, s.first + s.text.split('\n').length - 1);
        tx.oncomplete = () => { db.close(); resolve(); };
        tx.onabort = () => { db.close(); reject(tx.error); };
      };
    }), segments);
  }
  if (position - 1 !== n) throw new Error(`${file} holds ${position - 1} events, not ${n}`);
  return Date.now() - t0;
}
