// The lesson flow inside a lesson, through real clicks: a lesson does not inherit another's
// fields (lesson 11 done as told, then lesson 15's deposit is no false conflict), the sequence
// diagram's goal needs an accepted command's trace stepped to its end ("Show all" and a refused
// command do not count), and the business-rules lesson's near miss is explained, its failed
// "Show solution" said in red, and "Restart this step" makes it finishable again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, click, appState, nextFrames, screenshot, widget } from './harness.mjs';
import { lessonById, openLessonsApp, clickIn, typeIn, openLesson, openWindow, doStep, nextStep, sendCommand,
  DEFAULT_FORM, openFromMenu } from './lesson_helpers.mjs';

test('lesson 11 done as told, then lesson 15: its first deposit is accepted, no false conflict', { timeout: 300000 }, async () => {
  const app = await launch({ viewport: { width: 1280, height: 720 } });
  const { page } = app;
  try {
    await openLessonsApp(page, app.baseUrl);
    const concurrency = lessonById('concurrency');
    await openFromMenu(page, concurrency);
    // Client A expects stream version 2, client B too (refused), then B retries with 3.
    await doStep(page, concurrency, 0);
    let s = await appState(page);
    assert.equal(s.lastCommand.ok, true, s.lastCommand.result);
    assert.match(s.lastCommand.result, /Expected version was used by this command and cleared\./);
    assert.equal(s.form.expectedVersion, '', 'the retry\'s expected version is cleared once it is accepted');
    await screenshot(page, 'flow-concurrency-done');
    // A learner who types a version again before moving on leaves the field filled.
    await typeIn(page, 'Commands', 'Expected version', '3');
    assert.equal((await appState(page)).form.expectedVersion, '3');

    const sequence = lessonById('sequence-diagram');
    await openFromMenu(page, sequence);
    s = await appState(page);
    assert.deepEqual(s.form, { ...DEFAULT_FORM, ...(sequence.form || {}) }, 'lesson 15 starts from a clean form');
    assert.equal(s.lastCommand.result, '', "lesson 11's result line is not shown in lesson 15");
    const r = await sendCommand(page, 'Deposit', { account: 'alice', amount: '25.00' });
    assert.equal(r.ok, true, `the first deposit of lesson 15 is accepted: ${r.result}`);
    assert.doesNotMatch(r.result, /conflict|expected/i);
    await screenshot(page, 'flow-sequence-first-deposit');
    assert.deepEqual(app.consoleErrors, []);
  } finally {
    await app.close();
  }
});

test('lesson 15 step 1: a refused deposit or "Show all" does not meet it; an accepted deposit stepped to its end does', { timeout: 300000 }, async () => {
  const app = await launch({ viewport: { width: 1280, height: 720 } });
  const { page } = app;
  try {
    await openLessonsApp(page, app.baseUrl);
    await openFromMenu(page, lessonById('sequence-diagram'));
    await openWindow(page, 'sequence');

    // Refused: there is no account "carol". Its trace, shown whole or stepped through, is no
    // trace of a command that reached the store.
    let r = await sendCommand(page, 'Deposit', { account: 'carol', amount: '25.00' });
    assert.equal(r.ok, false, r.result);
    let s = await appState(page);
    assert.equal(s.sequence.kind, 'command');
    assert.equal(s.sequence.accepted, false);
    assert.equal(s.sequence.shown, 1, 'in a lesson a new trace starts at its first message');
    await clickIn(page, 'Sequence diagram', 'Show all');
    await nextFrames(page, 3);
    s = await appState(page);
    assert.equal(s.sequence.shown, s.sequence.messages.length);
    assert.equal(s.lessons.open.currentDone, false, 'a refused deposit shown whole does not meet the step');
    assert.match(s.lessons.open.goal, /\[to do\]/);
    await screenshot(page, 'flow-sequence-refused-show-all');
    await clickIn(page, 'Sequence diagram', '|<');
    for (let i = 0; i < s.sequence.messages.length; i++) await clickIn(page, 'Sequence diagram', 'Next >');
    s = await appState(page);
    assert.equal(s.sequence.playedToEnd, true, 'the refused trace was stepped to its end');
    assert.equal(s.lessons.open.currentDone, false, 'a refused deposit stepped to its end does not meet the step');

    // Accepted, shown whole: still not met.
    r = await sendCommand(page, 'Deposit', { account: 'alice' });
    assert.equal(r.ok, true, r.result);
    await clickIn(page, 'Sequence diagram', 'Show all');
    await nextFrames(page, 3);
    s = await appState(page);
    assert.equal(s.sequence.accepted, true);
    assert.equal(s.sequence.playedToEnd, false, '"Show all" is not playing it');
    assert.equal(s.lessons.open.currentDone, false, '"Show all" alone does not meet the step');

    // Accepted, stepped from its first message to its last: met.
    await clickIn(page, 'Sequence diagram', '|<');
    const count = s.sequence.messages.length;
    for (let i = 0; i < count - 1; i++) {
      await clickIn(page, 'Sequence diagram', 'Next >');
      assert.equal((await openLesson(page)).currentDone, false, `not met at message ${i + 1} of ${count}`);
    }
    await clickIn(page, 'Sequence diagram', 'Next >');
    await page.waitForFunction(() => Module.esTest.state().lessons.open.currentDone, null, { timeout: 5000 });
    s = await appState(page);
    assert.equal(s.sequence.playedToEnd, true);
    assert.equal(s.lessons.open.current, 0, 'the met step stays on screen until "Next step >"');
    assert.ok(await widget(page, 'Next step >'));
    await screenshot(page, 'flow-sequence-step-met');
    assert.deepEqual(app.consoleErrors, []);
  } finally {
    await app.close();
  }
});

test('business rules: a near miss is explained, a refused solution says so in red, "Restart this step" recovers', { timeout: 300000 }, async () => {
  const app = await launch({ viewport: { width: 1280, height: 720 } });
  const { page } = app;
  try {
    await openLessonsApp(page, app.baseUrl);
    const lesson = lessonById('business-rules');
    await openFromMenu(page, lesson);
    await doStep(page, lesson, 0);
    await nextStep(page, lesson, 0);
    await doStep(page, lesson, 1);
    await nextStep(page, lesson, 1);

    // The near miss: the 500.00 taken back out with a withdrawal, without a reason.
    const r = await sendCommand(page, 'Withdraw', { account: 'alice', amount: '500.00', reason: '' });
    assert.equal(r.ok, true, r.result);
    let s = await appState(page);
    assert.equal(s.lessons.open.currentDone, false, 'a withdrawal is no reversal');
    assert.match(s.lessons.open.goal, /\[to do\] DepositReversed on alice, with a Reason: 0 of 1/);
    assert.match(s.lessons.open.goal, /near miss, #4 MoneyWithdrawn: it is a MoneyWithdrawn, not a DepositReversed/);
    assert.match(s.lessons.open.goal, /\[done\] the balances read model shows 50\.00 for alice/);
    await screenshot(page, 'flow-business-rules-near-miss');

    // "Show solution" from here: the reversal is refused (the money is gone) and it says so.
    const small = await widget(page, 'Restart this step');
    const solutionButton = await widget(page, 'Show solution');
    assert.ok(small.height < solutionButton.height, '"Restart this step" is a small button at first');
    await clickIn(page, 'Lessons', 'Show solution');
    s = await appState(page);
    assert.equal(s.lessons.solutionFailed, true);
    assert.equal(s.lessons.messageOk, false, 'the failure is said in red, not as a success');
    assert.match(s.lessons.message, /The solution stopped: ReverseDeposit refused: cannot reverse the deposit of \$500\.00 at position 3/);
    assert.match(s.lessons.message, /restart it/);
    assert.equal(s.store.head, 4, 'the refused reversal wrote nothing');
    await nextFrames(page, 3);
    const big = await widget(page, 'Restart this step');
    assert.ok(Math.abs(big.height - solutionButton.height) < 1, '"Restart this step" is now a full-size button');
    await screenshot(page, 'flow-business-rules-solution-refused');

    // Back to where the step began, then the solution: met.
    await clickIn(page, 'Lessons', 'Restart this step');
    s = await appState(page);
    assert.equal(s.store.head, 3, 'the withdrawal is gone: the log as the step began');
    assert.equal(s.lessons.open.stepStartHead, 3);
    assert.equal(s.lessons.solutionFailed, false);
    await clickIn(page, 'Lessons', 'Show solution');
    await page.waitForFunction(() => Module.esTest.state().lessons.open.currentDone, null, { timeout: 5000 });
    s = await appState(page);
    assert.equal(s.store.events[3].type, 'DepositReversed');
    assert.equal(s.lessons.messageOk, true, s.lessons.message);
    await screenshot(page, 'flow-business-rules-restarted-solved');

    // The Events window links the reversal and the deposit both ways.
    await clickIn(page, 'Events', '4##event');
    await clickIn(page, 'Events', 'Reverses the deposit at position 3##link');
    assert.equal((await appState(page)).timeline.selected, 3, 'the link goes to the reversed deposit');
    await screenshot(page, 'flow-business-rules-events-linked');
    await clickIn(page, 'Events', 'Reversed by the event at position 4##link');
    assert.equal((await appState(page)).timeline.selected, 4, 'and back to its reversal');
    assert.deepEqual(app.consoleErrors, []);
  } finally {
    await app.close();
  }
});
