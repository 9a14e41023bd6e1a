// The CLI on a small and a large store: wall time (median of several runs) and peak RSS of
//   (a) `exec` of one deposit, (b) `state`, (c) `history` of one account, (d) `exec` of 100 commands,
// on a 1,000-event and a 200,000-event store, with the ratio large/small beside issue 21's targets
// (within 3x of the small store's time, under 64 MB peak RSS).
//   node bench/cli_scale.mjs [SMALL LARGE]          (default: 1000 200000)
// The stores are made with the CLI itself (`exec` of generated commands, bench/cli_logs.mjs) and
// kept in ES_BENCH_CLI_DIR (default /tmp/es-cli-scale) for the next run; each timed run works on
// a fresh copy there, so a run's appends never grow the store the next one sees. ES_BENCH_RUNS
// sets the runs per measurement (default 5). Peak RSS is the child's maximum resident set as
// `/usr/bin/time -f %M` reports it (the kernel's ru_maxrss); without /usr/bin/time, VmHWM from
// /proc/<pid>/status, polled every 5 ms while the child runs (it can miss a short peak).
// A benchmark, not a test: it prints figures for docs/PERFORMANCE.md and asserts nothing.
import fs from 'node:fs';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { CLI, buildStore, copyStore, storeFiles } from './cli_logs.mjs';

const [small, large] = process.argv.length > 3 ? process.argv.slice(2, 4).map(Number) : [1000, 200000];
const RUNS = Number(process.env.ES_BENCH_RUNS || 5);
const DIR = process.env.ES_BENCH_CLI_DIR || '/tmp/es-cli-scale';
const TIME = '/usr/bin/time';
const TARGETS = { ratio: 3, peakMB: 64 };

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = (kb) => kb / 1024;

// Runs the CLI once; returns { ms, peakKB }. With /usr/bin/time the wall time includes its fork
// (well under a millisecond here).
async function measure(args) {
  if (fs.existsSync(TIME)) {
    const report = path.join(DIR, 'time.out');
    const t0 = process.hrtime.bigint();
    const r = spawnSync(TIME, ['-f', '%M', '-o', report, CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) throw new Error(`es-sandbox ${args.join(' ')}: exit ${r.status}: ${r.stderr}`);
    return { ms, peakKB: Number(fs.readFileSync(report, 'utf8').trim().split('\n').pop()) };
  }
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(CLI, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    let peakKB = 0;
    const poll = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peakKB = Math.max(peakKB, Number(m[1]));
      } catch { /* the child has exited */ }
    }, 5);
    child.on('exit', (code) => {
      clearInterval(poll);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (code !== 0) reject(new Error(`es-sandbox ${args.join(' ')}: exit ${code}`)); else resolve({ ms, peakKB });
    });
  });
}

// `count` commands: a deposit, then (every second command) a withdrawal from the same account
// the deposit just paid for, so none is refused whatever the store holds.
function writeCommands(file, count) {
  const lines = [];
  for (let i = 0; i < count; i++) {
    const account = `acct${Math.floor(i / 2) % 100}`;
    const c = i % 2 ? { type: 'Withdraw', accountId: account, amount: '1.00' }
                    : { type: 'Deposit', accountId: account, amount: '2.50' };
    lines.push(JSON.stringify({ ...c, actor: 'bench', reason: 'cli_scale benchmark' }));
  }
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

fs.mkdirSync(DIR, { recursive: true });
const oneDeposit = path.join(DIR, 'one-deposit.jsonl'), hundred = path.join(DIR, 'hundred-commands.jsonl');
writeCommands(oneDeposit, 1);
writeCommands(hundred, 100);
const stores = [small, large].map((n) => buildStore(path.join(DIR, `store-${n}.jsonl`), n));
const work = path.join(DIR, 'work.jsonl');

const ops = [
  { name: '(a) `exec` of one deposit', args: (s) => ['exec', '--store', s, oneDeposit], writes: true },
  { name: '(b) `state`', args: (s) => ['state', '--store', s] },
  { name: '(c) `history` of one account', args: (s) => ['history', '--store', s, 'acct0'] },
  { name: '(d) `exec` of 100 commands', args: (s) => ['exec', '--store', s, hundred], writes: true },
];

const rows = [];
for (const op of ops) {
  const perStore = [];
  for (const [k, store] of stores.entries()) {
    const runs = [];
    for (let r = 0; r < RUNS; r++) {
      let target = store;
      if (op.writes) { copyStore(store, work); target = work; }
      runs.push(await measure(op.args(target)));
    }
    perStore.push({ ms: median(runs.map((x) => x.ms)), peakMB: mb(Math.max(...runs.map((x) => x.peakKB))) });
    console.error(`  ${op.name} on ${[small, large][k]} events: ${runs.map((x) => x.ms.toFixed(0)).join(', ')} ms`);
  }
  const [s, l] = perStore, ratio = l.ms / s.ms;
  const met = ratio <= TARGETS.ratio && l.peakMB < TARGETS.peakMB;
  rows.push([op.name, `${s.ms.toFixed(1)} ms, ${s.peakMB.toFixed(1)} MB`, `${l.ms.toFixed(1)} ms, ${l.peakMB.toFixed(1)} MB`,
             `${ratio.toFixed(1)}x time, ${(l.peakMB / s.peakMB).toFixed(1)}x RSS`, met ? '**yes**' : '**no**']);
}
for (const f of storeFiles(work)) fs.rmSync(f, { force: true });
fs.rmSync(path.join(DIR, 'time.out'), { force: true });

const peakHow = fs.existsSync(TIME) ? '`/usr/bin/time -f %M`' : 'VmHWM polled every 5 ms';
console.log(`es-sandbox on ${small.toLocaleString('en-US')} vs ${large.toLocaleString('en-US')} events: median of ${RUNS} ` +
            `wall times, the highest peak RSS (${peakHow}). Target: the large store within ${TARGETS.ratio}x ` +
            `of the small one's time, under ${TARGETS.peakMB} MB peak RSS.\n`);
console.log(`| command | ${small.toLocaleString('en-US')} events | ${large.toLocaleString('en-US')} events | large/small | met |`);
console.log('|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
