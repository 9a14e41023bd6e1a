// The web bundle stays within its budget (docs/PERFORMANCE.md, row "web bundle"): app.wasm and
// app.js, what the page downloads and compiles before its first frame, at most 1.5 MiB together.
// A size, not a timing: the same build gives the same bytes on any machine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { SITE_DIR } from './harness.mjs';

const BUDGET_BYTES = 1.5 * 1024 * 1024;

test('app.wasm + app.js fit the 1.5 MiB budget', () => {
  if (!fs.existsSync(path.join(SITE_DIR, 'app.wasm'))) {
    throw new Error(`${SITE_DIR}/app.wasm is missing: build the web app first (make test does).`);
  }
  const wasm = fs.statSync(path.join(SITE_DIR, 'app.wasm')).size;
  const js = fs.statSync(path.join(SITE_DIR, 'app.js')).size;
  const total = wasm + js;
  const figures = `app.wasm ${wasm} B + app.js ${js} B = ${total} B of ${BUDGET_BYTES} B`;
  console.log(`${figures}: ${BUDGET_BYTES - total} B to spare`);
  assert.ok(total <= BUDGET_BYTES,
            `${figures}, ${total - BUDGET_BYTES} B over the budget (docs/PERFORMANCE.md, "web bundle", ` +
            'says what the bundle is made of and what was trimmed before)');
});
