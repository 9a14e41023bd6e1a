// The Code window through real typing: a fold typed with the keyboard into the editor and run
// over the sandbox's real log beside the bank's own fold. A fold that adds withdrawals stops at the
// first withdrawal with the sentence; a correct one matches, prints into the console and
// passes Check (the log and a generated one); an endless loop is stopped while the page keeps
// drawing; Reset and Undo (the button and Ctrl+Z) bring text back; the code survives a reload; and
// lesson 4's "Show solution" meets every step through the same path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openSandbox, accepted, appState, screenshot, click, openWindow, nextFrames, pressKey } from './harness.mjs';
import { lessonById, openLessonsApp, openFromMenu, clickIn, clickEditor, typeCode, doStep, nextStep, waitProgressSaved } from './lesson_helpers.mjs';

const code = async (page) => (await appState(page)).code;

const WITHDRAW_ADDS = `function apply(account, event)
  if event.type == "AccountCreated" then
    account.exists = true
    account.owner = event.owner
    account.balance = 0
  elseif event.type == "MoneyDeposited" then
    account.balance = account.balance + event.amount
  elseif event.type == "MoneyWithdrawn" then
    account.balance = account.balance + event.amount
  end
  return account
end
`;
const CORRECT = WITHDRAW_ADDS.replace(/(MoneyWithdrawn" then\n    account.balance = account.balance) \+/, '$1 -')
  .replace('  return account', '  print(event.position, event.type, account.balance)\n  return account');
const ENDLESS = `function apply(account, event)
  while true do end
end
`;

async function run(page) {
  await click(page, 'Run##code');
  await page.waitForFunction(() => {
    const c = Module.esTest.state().code;
    return !c.running && c.run && c.run.done;
  }, null, { timeout: 30000 });
  return code(page);
}

test('typed folds run over the real log: a wrong one stops at the first withdrawal, a right one passes Check, an endless loop is stopped', { timeout: 300000 }, async () => {
  const app = await launch({ viewport: { width: 1280, height: 720 } });
  const { page } = app;
  try {
    await openSandbox(page, app.baseUrl);
    await accepted(page, 'Open account', { account: 'alice', owner: 'Alice' });
    await accepted(page, 'Deposit', { amount: '100.00' });
    await accepted(page, 'Withdraw', { amount: '50.00' });
    await openWindow(page, 'Code');
    let c = await code(page);
    assert.equal(c.exercise, 'fold');
    const start = c.text;
    assert.match(start, /function apply\(account, event\)/);

    // balance = balance + amount for withdrawals: stopped at #3, the first withdrawal.
    await typeCode(page, WITHDRAW_ADDS);
    c = await run(page);
    assert.equal(c.run.matched, false);
    assert.equal(c.run.verdict, 'after #3 MoneyWithdrawn $50.00: your balance 150.00, expected 50.00');
    assert.equal(c.run.step.position, 3);
    assert.deepEqual(c.run.step.diffs, ['balance']);
    assert.equal(c.run.step.yours.balance, '150.00');
    assert.equal(c.run.step.expected.balance, '50.00');
    assert.ok(c.run.step.line >= 9 && c.run.step.line <= 11, `the line that ran for #3 is the withdrawal's: ${c.run.step.line}`);
    assert.equal(c.highlight, 3, 'the Events window marks the event it stopped at');
    assert.equal((await appState(page)).timeline.selected, 3);
    assert.equal(c.lastRun.stoppedAt, 3);
    await screenshot(page, 'code-stopped-at-withdrawal');

    // Reset to the starting code, and Undo brings the typed fold back.
    await click(page, 'Reset##code');
    assert.equal((await code(page)).text, start);
    await click(page, 'Undo##code');
    assert.equal((await code(page)).text, WITHDRAW_ADDS);

    // Ctrl+Z in the editor undoes typing.
    await clickEditor(page);
    await page.keyboard.type('--x', { delay: 5 });
    await nextFrames(page, 3);
    assert.notEqual((await code(page)).text, WITHDRAW_ADDS, 'typing changed the text');
    await page.keyboard.down('Control');
    await nextFrames(page, 2);
    await pressKey(page, 'z');
    await page.keyboard.up('Control');
    await nextFrames(page, 3);
    assert.equal((await code(page)).text, WITHDRAW_ADDS, 'Ctrl+Z took the typing back');
    await pressKey(page, 'Escape');

    // The right fold: every event matches, each printed line goes to the console, Check passes.
    await typeCode(page, CORRECT);
    c = await run(page);
    assert.equal(c.run.matched, true, c.run.verdict);
    assert.equal(c.run.verdict, 'your fold matches all 3 events');
    assert.deepEqual(c.run.printed.map((p) => p.position), [1, 2, 3]);
    await openWindow(page, 'Event history console');
    await nextFrames(page, 3);
    const consoleText = (await appState(page)).console;
    assert.match(consoleText, /#3 .*MoneyWithdrawn[^\n]*\n {4}\[your code printed\] 3\tMoneyWithdrawn\t5000/);
    await click(page, 'View');
    await click(page, 'Event history console');  // closed again: the Code window gets its room back
    await click(page, 'Check##code');
    c = await code(page);
    assert.equal(c.check.visibleOk, true, c.check.message);
    assert.equal(c.check.hiddenOk, true, c.check.message);
    await screenshot(page, 'code-matches');

    // An endless loop: stopped with a clear message while the page keeps drawing frames.
    await typeCode(page, ENDLESS);
    const framesBefore = await page.evaluate(() => Module.esTest.frameCount());
    c = await run(page);
    assert.equal(c.run.error.kind, 'instruction-limit');
    assert.match(c.run.verdict, /stopped after [\d,]+ instructions/);
    assert.equal(c.run.error.line, 2);
    await nextFrames(page, 10);
    assert.ok((await page.evaluate(() => Module.esTest.frameCount())) >= framesBefore + 10, 'frames kept coming');
    await screenshot(page, 'code-endless-loop');

    // The free sandbox's code is kept and comes back after a reload.
    await waitProgressSaved(page, '_code', (p) => p.code && p.code.fold === ENDLESS);
    await page.reload();
    await openSandbox(page, page.url());
    await openWindow(page, 'Code');
    assert.equal((await code(page)).text, ENDLESS);
    assert.deepEqual(app.consoleErrors, []);
  } finally {
    await app.close();
  }
});

test('lesson 4: folds typed by hand meet the first steps (Check of a typed fold too), "Show solution" the last; Undo takes it back; the code survives a reload', { timeout: 300000 }, async () => {
  const app = await launch({ viewport: { width: 1280, height: 720 } });
  const { page } = app;
  const lesson = lessonById('write-the-fold');
  try {
    await openLessonsApp(page, app.baseUrl);
    await openFromMenu(page, lesson);
    // Steps 1 to 3 by hand: the View menu, then each fold typed with the keyboard, Run and Check pressed.
    for (let i = 0; i < 3; i++) {
      await doStep(page, lesson, i);
      if (i === 1) assert.equal((await code(page)).lastRun.stoppedAt, 5, 'the deposits-only fold stops at #5, the first withdrawal');
      if (i === 2) {
        const c = await code(page);
        assert.equal(c.check.visibleOk && c.check.hiddenOk, true, `the typed fold passed Check: ${c.check.message}`);
        await screenshot(page, 'code-lesson-checked');
      }
      await nextStep(page, lesson, i);
    }
    // The last step by "Show solution": it types the reference fold through the same path, runs it
    // and opens the console.
    const before = (await code(page)).text;
    await clickIn(page, 'Lessons', 'Show solution');
    await page.waitForFunction(() => Module.esTest.state().lessons.open.currentDone, null, { timeout: 20000 }).catch(async () => {
      throw new Error(`the last step is not met by its solution: ${(await appState(page)).lessons.open.goal}`);
    });
    assert.equal((await appState(page)).lessons.open.stepsComplete, true);
    const typed = (await code(page)).text;
    assert.match(typed, /print\(/, 'the solution typed the reference fold, which prints');
    await page.waitForFunction(() => /\[your code printed\]/.test(Module.esTest.state().console), null, { timeout: 5000 });
    await click(page, 'Undo##code');
    assert.equal((await code(page)).text, before, "Undo takes Show solution's text back");
    await waitProgressSaved(page, lesson.id, (p) => p.code && p.code.code && p.code.code.fold === before);
    await page.reload();
    await openLessonsApp(page, page.url().split('#')[0]);
    if (!(await appState(page)).lessons.open) await openFromMenu(page, lesson);
    await openWindow(page, 'Code');
    assert.equal((await code(page)).text, before, "the lesson's code came back with its progress");
    assert.deepEqual(app.consoleErrors, []);
  } finally {
    await app.close();
  }
});

test('lesson 8 by hand: a read model nobody planned for, typed and checked over old history; the log\'s head hash does not move', { timeout: 300000 }, async () => {
  const app = await launch({ viewport: { width: 1280, height: 720 } });
  const { page } = app;
  const lesson = lessonById('new-read-model');
  try {
    await openLessonsApp(page, app.baseUrl);
    await openFromMenu(page, lesson);
    const before = (await appState(page)).store;
    for (let i = 0; i < lesson.steps.length; i++) {
      await doStep(page, lesson, i);
      if (i === 0) assert.equal((await code(page)).lastRun.stoppedAt, 5, 'the starting projection stops at the first withdrawal');
      if (i === 1) {
        const c = await code(page);
        assert.equal(c.model, 'largest-withdrawal');
        assert.equal(c.check.visibleOk && c.check.hiddenOk, true, c.check.message);
        assert.equal(c.run.headBefore.hash, before.events[before.events.length - 1].hash, 'the pane shows the head hash from before the run');
        await screenshot(page, 'code-read-model');
      }
      if (i + 1 < lesson.steps.length) await nextStep(page, lesson, i);
    }
    assert.equal((await code(page)).model, 'deposits-by-actor');
    const after = (await appState(page)).store;
    assert.deepEqual(after.events.map((e) => e.hash), before.events.map((e) => e.hash), 'no stored event changed or was added');
    assert.deepEqual(app.consoleErrors, []);
  } finally {
    await app.close();
  }
});

test('lesson 19 by hand: three event types recorded on booking-1, the domain fold typed and checked, then time travel rewinds the learner\'s own state', { timeout: 300000 }, async () => {
  const app = await launch({ viewport: { width: 1280, height: 720 } });
  const { page } = app;
  const lesson = lessonById('your-domain');
  try {
    await openLessonsApp(page, app.baseUrl);
    await openFromMenu(page, lesson);
    await doStep(page, lesson, 0);
    await nextStep(page, lesson, 0);
    await doStep(page, lesson, 1);
    let c = await code(page);
    assert.equal(c.stream, 'booking-1');
    assert.equal(c.check.visibleOk, true, c.check.message);
    await nextStep(page, lesson, 1);
    // Time travel to the first booking event: the learner's state as of then, by their own fold.
    const first = (await appState(page)).store.events.find((e) => e.stream === 'booking-1').position;
    await openWindow(page, 'Code');
    for (let i = 0; i < 10 && (await appState(page)).timeTravel.position > first; i++) await clickIn(page, 'Time travel', '< Step back');
    await page.waitForFunction(() => Module.esTest.state().code.asOf !== null, null, { timeout: 5000 });
    c = await code(page);
    assert.equal(c.asOf.status, '"reserved"', JSON.stringify(c.asOf));
    await screenshot(page, 'code-domain-time-travel');
    await page.waitForFunction(() => Module.esTest.state().lessons.open.currentDone, null, { timeout: 5000 });
    assert.equal((await appState(page)).lessons.open.stepsComplete, true);
    assert.deepEqual(app.consoleErrors, []);
  } finally {
    await app.close();
  }
});
