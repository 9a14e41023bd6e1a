// The default layout as a person first sees it: at 1280x720, 1920x1080, on a HiDPI screen and
// with 150 % text on a 1920x1080 projector, the five panels open side by side (Commands, Time
// travel, Events, Lessons, Account state) inside the page, none overlapping another, none cutting
// off its content; Reset layout puts a moved window back; the light theme; the text size's
// shortcuts, kept from the browser's zoom and across a reload. Screenshots of each are kept as
// artifacts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openSandbox, appState, screenshot, click, nextFrames, runCommand, pressKey } from './harness.mjs';

const PANELS = ['Commands', 'Time travel', 'Events', 'Lessons', 'Account state'];

const MENU_BAR = '##MainMenuBar';  // Dear ImGui's name for the main menu bar's window

async function rects(page, panels = PANELS) {
  return page.evaluate((titles) => Object.fromEntries(titles.map((t) => [t, Module.esTest.windowRect(t)])),
                       [...panels, MENU_BAR]);
}

// `squeezed`: windows given little room beside a newer one (a scrollbar may then narrow them).
function assertTiled(r, width, height, PANELS = Object.keys(r).filter((t) => t !== MENU_BAR), squeezed = []) {
  const top = r[MENU_BAR].y + r[MENU_BAR].height;
  for (const t of PANELS) {
    assert.ok(r[t], `${t} is on screen`);
    assert.ok(r[t].x >= 0 && r[t].y >= top - 1 && r[t].x + r[t].width <= width + 1 && r[t].y + r[t].height <= height + 1,
              `${t} lies inside the ${width}x${height} page, under the menu bar (${top}): ${JSON.stringify(r[t])}`);
    if (!squeezed.includes(t)) assert.ok(r[t].clippedWidth <= 1, `${t} shows all of its content across: ${JSON.stringify(r[t])}`);
  }
  for (let i = 0; i < PANELS.length; i++) {
    for (let j = i + 1; j < PANELS.length; j++) {
      const a = r[PANELS[i]], b = r[PANELS[j]];
      const overlap = a.x < b.x + b.width - 1 && b.x < a.x + a.width - 1 && a.y < b.y + b.height - 1 && b.y < a.y + a.height - 1;
      assert.ok(!overlap, `${PANELS[i]} and ${PANELS[j]} overlap: ${JSON.stringify(a)} ${JSON.stringify(b)}`);
    }
  }
}

// Chooses View > Text size > `item` with real clicks, and waits for the new fonts.
async function chooseTextSize(page, item, size) {
  await click(page, 'View');
  await click(page, 'Text size');
  await click(page, item);
  await page.waitForFunction((s) => Module.esTest.state().textSize === s, size);
  await nextFrames(page, 3);
}

for (const [width, height, scale, text] of [[1280, 720, 1, 1], [1920, 1080, 1, 1], [1280, 720, 2, 1], [1920, 1080, 1, 1.5]]) {
  const name = `${width}x${height}${scale > 1 ? `@${scale}x` : ''}${text !== 1 ? `-text${text * 100}` : ''}`;
  test(`first open at ${width}x${height}${scale > 1 ? ` (devicePixelRatio ${scale})` : ''}${text !== 1 ? ` with ${text * 100} % text` : ''}: the panels tile the page`, async () => {
    const app = await launch({ viewport: { width, height }, deviceScaleFactor: scale });
    try {
      const { page } = app;
      await openSandbox(page, app.baseUrl);
      await nextFrames(page, 3);
      if (text !== 1) {
        const before = await rects(page);
        await chooseTextSize(page, `${text * 100} %`, text);
        const after = await rects(page);
        assert.ok(after.Commands.width > before.Commands.width * 1.3, `the windows grew with the text: ${before.Commands.width} -> ${after.Commands.width}`);
      }
      assertTiled(await rects(page), width, height);
      await screenshot(page, `layout-${name}`);
    } finally {
      await app.close();
    }
  });
}

test('text size: Ctrl+= and Ctrl+- step it (not the browser zoom), Ctrl+0 resets it, a reload keeps it', async () => {
  const app = await launch({ viewport: { width: 1920, height: 1080 } });
  try {
    const { page } = app;
    await openSandbox(page, app.baseUrl);
    // Whether the page kept each key from the browser, seen after the app's own listener.
    await page.evaluate(() => {
      window.keptKeys = [];
      window.addEventListener('keydown', (e) => window.keptKeys.push([e.key, e.defaultPrevented]));
    });
    const shortcut = async (key) => {
      await page.keyboard.down('Control');
      await nextFrames(page, 2);
      await pressKey(page, key);
      await page.keyboard.up('Control');
      await nextFrames(page, 3);
      return (await appState(page)).textSize;
    };
    assert.equal((await appState(page)).textSize, 1);
    assert.equal(await shortcut('Equal'), 1.25);
    assert.equal(await shortcut('Equal'), 1.5);
    assert.equal(await shortcut('Minus'), 1.25);
    assert.equal(await shortcut('NumpadAdd'), 1.5);
    assert.equal(await page.evaluate(() => window.devicePixelRatio), 1, 'the browser did not zoom');
    await pressKey(page, 'Equal');  // without Ctrl: an ordinary key, left alone
    assert.deepEqual(await page.evaluate(() => window.keptKeys.filter(([k]) => k !== 'Control')),
                     [['=', true], ['=', true], ['-', true], ['+', true], ['=', false]]);
    assertTiled(await rects(page), 1920, 1080);

    await page.reload();
    await openSandbox(page, app.baseUrl, { closeWelcome: false });
    assert.equal((await appState(page)).textSize, 1.5, 'the text size is kept across a reload');
    await click(page, 'View');
    await click(page, 'Text size');
    await screenshot(page, 'layout-text-size-menu');
    await pressKey(page, 'Escape');
    assert.equal(await shortcut('Digit0'), 1);
  } finally {
    await app.close();
  }
});

for (const [width, height, text] of [[1280, 720, 1], [1920, 1080, 1.5]]) {
  const name = `${width}x${height}${text !== 1 ? `-text${text * 100}` : ''}`;
  test(`Reset layout puts a dragged window back; the light theme (${width}x${height}, ${text * 100} % text)`, async () => {
    const app = await launch({ viewport: { width, height } });
    try {
      const { page } = app;
      await openSandbox(page, app.baseUrl);
      if (text !== 1) await chooseTextSize(page, `${text * 100} %`, text);
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
      assertTiled(await rects(page), width, height);
      await screenshot(page, `layout-light-${name}`);
    } finally {
      await app.close();
    }
  });
}

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

// Windows opened on demand (from the View menu, as a lesson's step does) take free space in the
// lower middle beside Events, never the place of another window; closing one gives its space back.
const ON_DEMAND = ['Sequence diagram', 'Projections', 'CRUD vs event sourcing'];
for (const [width, height, text] of [[1280, 720, 1], [1920, 1080, 1.5]]) {
  test(`at ${width}x${height}${text !== 1 ? ` with ${text * 100} % text` : ''}: windows opened on demand tile beside Events, none covering another`, async () => {
    const app = await launch({ viewport: { width, height } });
    try {
      const { page } = app;
      await openSandbox(page, app.baseUrl);
      if (text !== 1) await chooseTextSize(page, `${text * 100} %`, text);
      const alone = (await rects(page)).Events;
      const open = [...PANELS];
      for (const title of ON_DEMAND) {
        await click(page, 'View');
        await click(page, title);
        await nextFrames(page, 3);
        open.push(title);
        // The window just opened gets the most room; the earlier ones stay visible, smaller.
        const r = await rects(page, open);
        assertTiled(r, width, height, open, ON_DEMAND.filter((t) => t !== title));
        for (const other of open.filter((t) => t !== title && ON_DEMAND.includes(t)))
          assert.ok(r[title].height > r[other].height, `${title} (just opened) is taller than ${other}`);
      }
      await screenshot(page, `layout-on-demand-${width}x${height}`);
      const shared = (await rects(page)).Events;
      assert.ok(shared.height < alone.height * 0.6, `Events made room: ${alone.height} -> ${shared.height}`);
      // Closing them (View menu again) gives Events its height back.
      for (const title of ON_DEMAND) {
        await click(page, 'View');
        await click(page, title);
        await nextFrames(page, 3);
      }
      const back = (await rects(page)).Events;
      assert.ok(Math.abs(back.height - alone.height) <= 1, `Events is as tall as before: ${alone.height} vs ${back.height}`);
      assertTiled(await rects(page), width, height);
    } finally {
      await app.close();
    }
  });
}
