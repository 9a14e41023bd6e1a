// The default layout as a person first sees it: at 1280x720, 1920x1080 and on a HiDPI screen,
// the five panels open side by side (Commands, Time travel, Events, Lessons, Account state) inside the page, none overlapping another; Reset layout puts
// a moved window back; the light theme. Screenshots of each are kept as artifacts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openSandbox, appState, screenshot, click, nextFrames, runCommand, pressKey } from './harness.mjs';

const PANELS = ['Commands', 'Time travel', 'Events', 'Lessons', 'Account state'];

async function rects(page) {
  return page.evaluate((titles) => Object.fromEntries(titles.map((t) => [t, Module.esTest.windowRect(t)])), PANELS);
}

function assertTiled(r, width, height) {
  for (const t of PANELS) {
    assert.ok(r[t], `${t} is on screen`);
    assert.ok(r[t].x >= 0 && r[t].y >= 0 && r[t].x + r[t].width <= width + 1 && r[t].y + r[t].height <= height + 1,
              `${t} lies inside the ${width}x${height} page: ${JSON.stringify(r[t])}`);
  }
  for (let i = 0; i < PANELS.length; i++) {
    for (let j = i + 1; j < PANELS.length; j++) {
      const a = r[PANELS[i]], b = r[PANELS[j]];
      const overlap = a.x < b.x + b.width - 1 && b.x < a.x + a.width - 1 && a.y < b.y + b.height - 1 && b.y < a.y + a.height - 1;
      assert.ok(!overlap, `${PANELS[i]} and ${PANELS[j]} overlap: ${JSON.stringify(a)} ${JSON.stringify(b)}`);
    }
  }
}

for (const [width, height, scale] of [[1280, 720, 1], [1920, 1080, 1], [1280, 720, 2]]) {
  test(`first open at ${width}x${height}${scale > 1 ? ` (devicePixelRatio ${scale})` : ''}: the panels tile the page`, async () => {
    const app = await launch({ viewport: { width, height }, deviceScaleFactor: scale });
    try {
      const { page } = app;
      await openSandbox(page, app.baseUrl);
      await nextFrames(page, 3);
      assertTiled(await rects(page), width, height);
      await screenshot(page, `layout-${width}x${height}${scale > 1 ? `@${scale}x` : ''}`);
      assert.deepEqual(app.consoleErrors, []);
    } finally {
      await app.close();
    }
  });
}

test('Reset layout puts a dragged window back; the light theme', async () => {
  const app = await launch({ viewport: { width: 1280, height: 720 } });
  try {
    const { page } = app;
    await openSandbox(page, app.baseUrl);
    const before = await rects(page);
    // Drag the Lessons window by its title bar.
    const s = before.Lessons;
    await page.mouse.move(s.x + 60, s.y + 8);
    await nextFrames(page, 2);
    await page.mouse.down();
    await nextFrames(page, 2);
    await page.mouse.move(s.x - 300, s.y + 100, { steps: 5 });
    await nextFrames(page, 2);
    await page.mouse.up();
    await nextFrames(page, 2);
    assert.notDeepEqual((await rects(page)).Lessons, s, 'the window moved');
    await click(page, 'View');
    await click(page, 'Reset layout');
    await nextFrames(page, 3);
    assert.deepEqual((await rects(page)).Lessons, s);

    await click(page, 'Theme');
    await click(page, 'Light');
    await nextFrames(page, 3);
    assert.equal((await appState(page)).theme, 'light');
    await screenshot(page, 'layout-light-1280x720');
  } finally {
    await app.close();
  }
});

test('keyboard: Tab moves from field to field, typing replaces the value, and the command uses it', async () => {
  const app = await launch({ viewport: { width: 1280, height: 720 } });
  try {
    const { page } = app;
    await openSandbox(page, app.baseUrl);
    assert.equal((await runCommand(page, 'Open account', { account: 'alice', owner: 'Alice' })).ok, true);
    await click(page, 'Account');
    await pressKey(page, 'Tab');  // to Amount, its text selected
    await page.keyboard.type('42.50', { delay: 5 });
    await nextFrames(page, 2);
    await pressKey(page, 'Tab');  // to Actor
    await page.keyboard.type('keyboard-user', { delay: 5 });
    await nextFrames(page, 2);
    const before = (await appState(page)).store.head;
    await click(page, 'Deposit');
    const s = await appState(page);
    assert.equal(s.lastCommand.ok, true, s.lastCommand.result);
    assert.equal(s.store.head, before + 1);
    assert.equal(s.accounts.rows.find((r) => r.id === 'alice').balanceCents, 4250);
    assert.match(s.sequence.messages[0].text, /^Deposit 42\.50 into alice, by keyboard-user$/);
  } finally {
    await app.close();
  }
});
