// The CLI on a small and a large store: wall and CPU time (medians of several runs) and peak RSS of
//   (a) `exec` of one deposit, (b) `state`, (c) `history` of an account with 10 events (the same
//   in both stores), (d) `exec` of 100 commands,
// on a 1,000-event and a 200,000-event store, with the ratio large/small beside issue 21's targets
// (within 3x of the small store's time, under 64 MB peak RSS).
//   node bench/cli_scale.mjs [SMALL LARGE]          (default: 1000 200000)
// The stores are made with the CLI itself (`exec` of generated commands, bench/cli_logs.mjs) and
// kept in ES_BENCH_CLI_DIR (default /tmp/es-cli-scale) for the next run; each timed run works on
// a fresh copy there, so a run's appends never grow the store the next one sees. ES_BENCH_RUNS
// sets the runs per measurement (default 5). Peak RSS is the child's maximum resident set as
// `/usr/bin/time -f %M` reports it (ru_maxrss; measured from a launcher as small as GNU time,
// since a child's ru_maxrss starts at its parent's). CPU time (user + system, to the
// microsecond; /usr/bin/time rounds to 10 ms, too coarse for the small store) comes from a
// python3 wrapper's wait4() on /usr/bin/time, which counts the CLI it waited for. On a shared
// machine the CPU time is the steadier figure: wall time also counts the neighbours.
// A benchmark, not a test: it prints figures for docs/PERFORMANCE.md and asserts nothing.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { CLI, buildStore, copyStore, storeFiles } from './cli_logs.mjs';

const [small, large] = process.argv.length > 3 ? process.argv.slice(2, 4).map(Number) : [1000, 200000];
const RUNS = Number(process.env.ES_BENCH_RUNS || 5);
const DIR = process.env.ES_BENCH_CLI_DIR || '/tmp/es-cli-scale';
const TARGETS = { ratio: 3, peakMB: 64 };

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = (kb) => kb / 1024;

// Runs the CLI once; returns { ms, cpuMs, peakKB }.
const WAIT4 = `
import os, subprocess, sys, time
t = time.monotonic()
child = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
_, status, ru = os.wait4(child.pid, 0)
print(os.waitstatus_to_exitcode(status), (time.monotonic() - t) * 1000, (ru.ru_utime + ru.ru_stime) * 1000)
`;
function measure(args) {
  const report = path.join(DIR, 'time.out');
  const r = spawnSync('python3', ['-c', WAIT4, '/usr/bin/time', '-f', '%M', '-o', report, CLI, ...args], { encoding: 'utf8' });
  const [code, ms, cpuMs] = r.stdout.trim().split(' ').map(Number);
  if (r.status !== 0 || code !== 0) throw new Error(`es-sandbox ${args.join(' ')}: exit ${code}: ${r.stderr}`);
  return { ms, cpuMs, peakKB: Number(fs.readFileSync(report, 'utf8').trim().split('\n').pop()) };
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
const fixedAccount = path.join(DIR, 'fixed-account.jsonl');
fs.writeFileSync(fixedAccount, [
  { type: 'OpenAccount', accountId: 'fixed', owner: 'Fixed', currency: 'USD' },
  ...Array.from({ length: 9 }, () => ({ type: 'Deposit', accountId: 'fixed', amount: '1.00' })),
].map((c) => JSON.stringify({ ...c, actor: 'bench', reason: 'cli_scale benchmark' })).join('\n') + '\n');
const stores = [small, large].map((n) => buildStore(path.join(DIR, `store-${n}.jsonl`), n));
// An untimed `exec` of no command on each kept store first, so whatever the CLI keeps beside a
// log (a store kept from an older CLI may lack it) is up to date before the copies are taken.
const noCommand = path.join(DIR, 'no-command.jsonl');
fs.writeFileSync(noCommand, '');
for (const store of stores) measure(['exec', '--store', store, noCommand]);
const work = path.join(DIR, 'work.jsonl');

const ops = [
  { name: '(a) `exec` of one deposit', args: (s) => ['exec', '--store', s, oneDeposit], writes: true },
  { name: '(b) `state`', args: (s) => ['state', '--store', s] },
  // An account with the same 10 events in both stores (opened and paid just before, untimed):
  // what history prints does not grow with the log, so its time should not either.
  { name: '(c) `history` of one account (10 events)', args: (s) => ['history', '--store', s, 'fixed'], prepare: fixedAccount },
  { name: '(d) `exec` of 100 commands', args: (s) => ['exec', '--store', s, hundred], writes: true },
];

const rows = [];
for (const op of ops) {
  const perStore = [];
  for (const [k, store] of stores.entries()) {
    const runs = [];
    for (let r = 0; r < RUNS; r++) {
      let target = store;
      if (op.writes || op.prepare) { copyStore(store, work); target = work; }
      if (op.prepare) measure(['exec', '--store', work, op.prepare]);
      runs.push(measure(op.args(target)));
    }
    perStore.push({ ms: median(runs.map((x) => x.ms)), cpuMs: median(runs.map((x) => x.cpuMs)),
                    peakMB: mb(Math.max(...runs.map((x) => x.peakKB))) });
    console.error(`  ${op.name} on ${[small, large][k]} events: ${runs.map((x) => x.ms.toFixed(0)).join(', ')} ms wall, ` +
                  `${runs.map((x) => x.cpuMs.toFixed(0)).join(', ')} ms CPU`);
  }
  const [s, l] = perStore, ratio = l.ms / s.ms, cpuRatio = l.cpuMs / s.cpuMs;
  const met = ratio <= TARGETS.ratio && l.peakMB < TARGETS.peakMB;
  const cell = (x) => `${x.ms.toFixed(1)} ms (CPU ${x.cpuMs.toFixed(0)} ms), ${x.peakMB.toFixed(1)} MB`;
  rows.push([op.name, cell(s), cell(l), `${ratio.toFixed(1)}x time (CPU ${cpuRatio.toFixed(1)}x), ${(l.peakMB / s.peakMB).toFixed(1)}x RSS`,
             met ? '**yes**' : '**no**']);
}
for (const f of [...storeFiles(work), path.join(DIR, 'time.out')]) fs.rmSync(f, { force: true });

console.log(`es-sandbox on ${small.toLocaleString('en-US')} vs ${large.toLocaleString('en-US')} events: median of ${RUNS} ` +
            `wall (and CPU) times, the highest peak RSS (/usr/bin/time -f %M). Target: the large store within ${TARGETS.ratio}x ` +
            `of the small one's time, under ${TARGETS.peakMB} MB peak RSS.\n`);
console.log(`| command | ${small.toLocaleString('en-US')} events | ${large.toLocaleString('en-US')} events | large/small | met |`);
console.log('|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
