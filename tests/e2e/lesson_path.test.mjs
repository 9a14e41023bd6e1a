// The lesson path around the lessons, through real clicks: a reload mid-path resumes with
// "Continue" at the right lesson and step (the Welcome window stays closed; it never covers a
// lesson opened by its address), the path and the Lessons menu say what is done, in progress or
// skipped, the end of the path opens from the Lessons menu; a clean desk per lesson (the free
// sandbox's fields kept aside, Reason one-shot, the result line cleared when the sandbox changes);
// and a command sent while viewing the past says it was appended at the end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openSandbox, click, appState, nextFrames, screenshot, widget } from './harness.mjs';
import { lessonById, openLessonsApp, clickIn, typeIn, doStep, nextStep, sendCommand, waitProgressSaved,
  DEFAULT_FORM } from './lesson_helpers.mjs';

test('a reload mid-path: "Continue" resumes at the lesson and step; statuses; the end of the path from the Lessons menu', { timeout: 300000 }, async () => {
  const app = await launch({ viewport: { width: 1280, height: 720 } });
  const { page } = app;
  try {
    await openLessonsApp(page, app.baseUrl);
    const lesson = lessonById('first-events');
    await clickIn(page, 'Lessons', `${lesson.order}. ${lesson.title}##lesson-${lesson.id}`);
    await doStep(page, lesson, 0);
    await nextStep(page, lesson, 0);
    await doStep(page, lesson, 1);
    await nextStep(page, lesson, 1);  // on step 3 of 3, not yet done
    await waitProgressSaved(page, lesson.id, (p) => p.current === 2);
    await waitProgressSaved(page, '_path', (r) => r.last === lesson.id && r.welcomeSeen);

    await page.reload();
    await openLessonsApp(page, page.url().split('#')[0]);
    let s = await appState(page);
    assert.equal(s.windows.Welcome, false, 'the Welcome window stays closed after a reload');
    assert.equal(s.lessons.open, null, 'the address names no lesson: the free sandbox');
    assert.equal(s.lessons.lastLesson, lesson.id);
    const status = (id) => s.lessons.path.find((l) => l.id === id).status;
    assert.equal(status(lesson.id), 'in progress: 2 of 3 steps');
    assert.equal(status('your-day'), 'skipped', 'a lesson before the one opened is skipped');
    assert.equal(status('state-vs-history'), 'skipped');
    assert.equal(status('replay'), '', 'a lesson after it is not started');
    await screenshot(page, 'flow-path-after-reload');

    // "Continue" on the path: the lesson, at the step where the learner left off.
    await clickIn(page, 'Lessons', `Continue: ${lesson.order}. ${lesson.title}##continue`);
    s = await appState(page);
    assert.equal(s.lessons.open && s.lessons.open.id, lesson.id);
    assert.equal(s.lessons.open.current, 2, 'at step 3');
    assert.equal(s.lessons.open.stepsDone, 2);
    assert.equal(s.lessons.open.currentDone, false);
    assert.equal(s.store.head, 2, "with the lesson's own events");
    await screenshot(page, 'flow-continue-resumed');
    await doStep(page, lesson, 2);

    // The Lessons menu: statuses beside the lessons, and "Continue" once out of the lesson.
    await clickIn(page, 'Lessons', 'Free sandbox');
    await click(page, 'Lessons');
    await widget(page, `Continue: ${lesson.title}##menu-continue`);
    await screenshot(page, 'flow-lessons-menu');
    await click(page, `Continue: ${lesson.title}##menu-continue`);
    s = await appState(page);
    assert.equal(s.lessons.open && s.lessons.open.id, lesson.id, 'Lessons > Continue opens it again');
    assert.equal(s.lessons.open.current, 2);
    assert.equal(s.lessons.open.currentDone, true);

    // The end of the path, from the Lessons menu while a lesson is open.
    await click(page, 'Lessons');
    await click(page, 'The end of the path');
    s = await appState(page);
    assert.equal(s.lessons.open, null, 'the end of the path is outside any lesson');
    assert.equal(s.lessons.showEnd, true);
    assert.equal(s.windows.Lessons, true);
    assert.ok(await widget(page, '< The lesson path'), 'the end of the path offers the way back');
    await screenshot(page, 'flow-end-of-path');
    await click(page, '< The lesson path');
    assert.equal((await appState(page)).lessons.showEnd, false);
    assert.deepEqual(app.consoleErrors, []);
  } finally {
    await app.close();
  }
});

test('a first visit by a lesson\'s address: the lesson, no Welcome window over it', { timeout: 120000 }, async () => {
  const app = await launch({ viewport: { width: 1280, height: 720 } });
  const { page } = app;
  try {
    await openSandbox(page, `${app.baseUrl}#lesson=time-travel`, { closeWelcome: false });
    await page.waitForFunction(() => {
      const o = Module.esTest.state().lessons.open;
      return o && o.id === 'time-travel';
    }, null, { timeout: 30000 });
    await nextFrames(page, 5);
    assert.equal((await appState(page)).windows.Welcome, false, 'the Welcome window does not cover the lesson');
    await screenshot(page, 'flow-first-visit-by-address');
    assert.deepEqual(app.consoleErrors, []);
  } finally {
    await app.close();
  }
});

test('a clean desk: the free sandbox\'s fields are kept aside, Reason is one-shot, the result line goes with the sandbox', { timeout: 300000 }, async () => {
  const app = await launch({ viewport: { width: 1280, height: 720 } });
  const { page } = app;
  try {
    await openLessonsApp(page, app.baseUrl);
    // The free sandbox: an account opened with a reason, which is then cleared, and said so.
    let r = await sendCommand(page, 'Open account', { account: 'zoe', owner: 'Zoe', reason: 'new customer' });
    assert.equal(r.ok, true, r.result);
    assert.match(r.result, /Reason was used by this command and cleared\./);
    let s = await appState(page);
    assert.equal(s.form.reason, '');
    assert.equal(s.store.events.length, 1);
    await screenshot(page, 'flow-free-reason-cleared');
    // Values typed but not sent yet.
    await typeIn(page, 'Commands', 'Amount', '7.00');
    await typeIn(page, 'Commands', 'Actor', 'zoe-herself');
    const freeForm = (await appState(page)).form;
    assert.equal(freeForm.account, 'zoe');

    // A lesson: its own fields, and no result line from the free sandbox.
    const lesson = lessonById('first-events');
    await clickIn(page, 'Lessons', `${lesson.order}. ${lesson.title}##lesson-${lesson.id}`);
    s = await appState(page);
    assert.deepEqual(s.form, { ...DEFAULT_FORM, ...(lesson.form || {}) }, "none of the free sandbox's fields leak in");
    assert.equal(s.lastCommand.result, '', 'the result line is cleared when a lesson opens');
    await screenshot(page, 'flow-lesson-clean-desk');
    // Something typed and sent in the lesson.
    r = await sendCommand(page, 'Open account', { account: 'carol', owner: 'Carol' });
    assert.equal(r.ok, true, r.result);
    await clickIn(page, 'Lessons', 'Restart lesson');
    s = await appState(page);
    assert.equal(s.lastCommand.result, '', 'the result line is cleared when the lesson restarts');
    assert.deepEqual(s.form, { ...DEFAULT_FORM, ...(lesson.form || {}) }, 'a restart is a clean desk too');
    r = await sendCommand(page, 'Open account', { account: 'dave', owner: 'Dave' });
    assert.equal(r.ok, true, r.result);

    // Back to the free sandbox: its own fields, its own log, no result line from the lesson.
    await clickIn(page, 'Lessons', 'Free sandbox');
    s = await appState(page);
    assert.deepEqual(s.form, freeForm, 'the free sandbox gets its own fields back');
    assert.equal(s.lastCommand.result, '', 'the result line is cleared when the lesson closes');
    assert.equal(s.store.events.length, 1);
    await screenshot(page, 'flow-free-sandbox-back');
    // And the lesson again: a clean desk once more, nothing of the free sandbox's.
    await clickIn(page, 'Lessons', `${lesson.order}. ${lesson.title}##lesson-${lesson.id}`);
    assert.deepEqual((await appState(page)).form, { ...DEFAULT_FORM, ...(lesson.form || {}) });
    assert.deepEqual(app.consoleErrors, []);
  } finally {
    await app.close();
  }
});

test('a command sent while viewing the past is appended at the end, and says so', { timeout: 120000 }, async () => {
  const app = await launch({ viewport: { width: 1280, height: 720 } });
  const { page } = app;
  try {
    await openLessonsApp(page, app.baseUrl);
    assert.equal((await sendCommand(page, 'Open account', { account: 'alice' })).ok, true);
    assert.equal((await sendCommand(page, 'Deposit', { amount: '100.00' })).ok, true);
    await clickIn(page, 'Events', '1##event');
    await clickIn(page, 'Events', 'Travel here');
    await page.waitForFunction(() => !Module.esTest.state().timeTravel.atNow, null, { timeout: 5000 });
    // Said before anything is sent, with the way back.
    assert.ok(await widget(page, 'Back to now##commands'), 'the Commands window offers "Back to now"');
    await screenshot(page, 'flow-commands-in-the-past');

    const r = await sendCommand(page, 'Deposit', { amount: '5.00' });
    assert.equal(r.ok, true, r.result);
    assert.match(r.result, /Deposit accepted: MoneyDeposited at position 3\. It was appended after the newest event, not at position 1/);
    let s = await appState(page);
    assert.equal(s.store.head, 3);
    assert.equal(s.timeTravel.atNow, false, 'the views still show the moment chosen');
    await screenshot(page, 'flow-command-appended-at-the-end');

    await clickIn(page, 'Commands', 'Back to now##commands');
    s = await appState(page);
    assert.equal(s.timeTravel.atNow, true);
    assert.equal(await page.evaluate(() => Module.esTest.widgetRect('Back to now##commands')), null);
    assert.deepEqual(app.consoleErrors, []);
  } finally {
    await app.close();
  }
});
