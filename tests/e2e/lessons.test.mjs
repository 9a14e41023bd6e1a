// The lesson path, as a learner does it: every lesson of assets/lessons completed through real
// clicks and typing in the windows the step names (the Commands form, the Events window's "Travel
// here", the Projections window, the Sequence diagram's "Next >" and "Play", the lesson's own
// tools, the questions' radio buttons), never through "Show solution", with "Next step >" after
// each met step. The lesson files say what to do (each step's `solution`); lesson_helpers.mjs
// turns each action into what a person would click. Progress must survive a reload, and the free
// sandbox's own events must be untouched by all of it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openSandbox, click, appState, nextFrames, screenshot, accepted, runCommand } from './harness.mjs';
import { LESSONS, DEFAULT_FORM, openLessonsApp, clickIn, openLesson, answer, doStep, nextStep, perform } from './lesson_helpers.mjs';

async function doLesson(page, lesson) {
  const open = await openLesson(page);
  assert.equal(open && open.id, lesson.id, `lesson ${lesson.id} is open`);
  assert.equal(open.stepsDone, 0);
  assert.equal(open.current, 0);
  for (let i = 0; i < lesson.steps.length; i++) {
    // A replay is played, a command's trace stepped: both ways a learner follows the diagram.
    const replay = lesson.steps[i].solution.some((a) => a.do === 'trace_replay');
    await doStep(page, lesson, i, { play: replay });
    if (i + 1 < lesson.steps.length) await nextStep(page, lesson, i);
  }
  for (const q of lesson.questions || []) {
    const correct = q.choices.findIndex((c) => c.correct);
    const wrong = q.choices.findIndex((c) => !c.correct);
    if (q === lesson.questions[0]) {
      // A wrong answer first: explained, and the lesson is not complete.
      await answer(page, lesson, q.id, wrong);
      assert.equal((await openLesson(page)).complete, false, `${lesson.id}: a wrong answer does not complete it`);
    }
    await answer(page, lesson, q.id, correct);
  }
  await page.waitForFunction(() => Module.esTest.state().lessons.open.complete, null, { timeout: 5000 })
    .catch(async () => {
      await screenshot(page, `lesson-${lesson.id}-not-complete`);
      throw new Error(`${lesson.id} is not complete after its steps and questions: ${JSON.stringify(await openLesson(page))}`);
    });
}

test('every lesson, done by hand, completes; progress survives a reload; the free sandbox is untouched', { timeout: 1200000 }, async () => {
  const app = await launch({ viewport: { width: 1280, height: 720 } });
  const { page } = app;
  try {
    await openLessonsApp(page, app.baseUrl);
    // The learner's own sandbox first: one event that no lesson may touch.
    await accepted(page, 'Open account', { account: 'zoe', owner: 'Zoe' });
    const freeEvents = (await appState(page)).store.events;
    assert.equal(freeEvents.length, 1);

    // The first lesson from the Welcome window, opened again from the Help menu.
    await click(page, 'Help');
    await click(page, 'Welcome');
    assert.equal((await appState(page)).windows.Welcome, true, 'Help > Welcome opens it');
    await click(page, 'Begin the lessons');
    let s = await appState(page);
    assert.equal(s.windows.Welcome, false, 'the Welcome window closes as the lessons begin');
    assert.equal(s.lessons.open && s.lessons.open.id, LESSONS[0].id, 'the path begins with the warm-up');
    for (let k = 0; k < LESSONS.length; k++) {
      const lesson = LESSONS[k];
      // A clean desk: the form of every lesson starts from the sandbox's defaults, never from
      // what the learner typed in the free sandbox or the lesson before.
      assert.deepEqual((await appState(page)).form, { ...DEFAULT_FORM, ...(lesson.form || {}) }, `${lesson.id} starts from a clean form`);
      await doLesson(page, lesson);
      if (k === 0) await screenshot(page, 'lesson-warm-up-done');
      if (k === 5) await screenshot(page, 'lesson-complete-time-travel');
      if (k + 1 < LESSONS.length) await clickIn(page, 'Lessons', `Next: ${LESSONS[k + 1].title}##next-lesson`);
      await nextFrames(page, 3);
    }
    // After the last lesson: the end of the path, with the learner's insights among what it shows.
    await clickIn(page, 'Lessons', 'The end of the path##end-of-path');
    s = await appState(page);
    assert.equal(s.lessons.open, null, 'the end of the path is outside any lesson');
    assert.equal(s.lessons.showEnd, true);
    assert.equal(s.form.account, 'zoe', "leaving the lessons gives the free sandbox its own fields back");
    await screenshot(page, 'lessons-end-of-path');
    assert.deepEqual(app.consoleErrors, []);

    await page.reload();
    await openLessonsApp(page, page.url().split('#')[0]);
    const after = await appState(page);
    assert.equal(after.windows.Welcome, false, 'the Welcome window is not shown again after a reload');
    assert.equal(after.lessons.open, null, 'a reload without #lesson= is the free sandbox');
    for (const l of after.lessons.path) {
      assert.equal(l.complete, true, `${l.id} is still complete after the reload`);
      assert.equal(l.status, 'done', `${l.id} is marked done on the path`);
    }
    assert.deepEqual(after.store.events, freeEvents, 'the free sandbox still holds exactly its own event');
    await screenshot(page, 'lessons-path-completed');
  } finally {
    await app.close();
  }
});

test('a lesson by URL: hints one at a time, show solution, restart on a clean sandbox, further reading in a new tab', { timeout: 300000 }, async () => {
  const app = await launch({ viewport: { width: 1280, height: 720 } });
  const { page } = app;
  try {
    await openLessonsApp(page, app.baseUrl);
    await accepted(page, 'Open account', { account: 'zoe', owner: 'Zoe' });
    // The address names a lesson (on page open too: the reload below).
    await page.evaluate(() => { location.hash = '#lesson=first-events'; });
    await page.waitForFunction(() => Module.esTest.state().lessons.open !== null);
    let s = await appState(page);
    assert.equal(s.lessons.open.id, 'first-events');
    assert.equal(s.store.head, 0, 'the lesson runs on its own clean sandbox');
    assert.equal(s.lessons.freeHead, 1, "the free sandbox's event is kept aside");

    // Hints, one at a time.
    await clickIn(page, 'Lessons', 'hint');
    assert.equal((await openLesson(page)).hintsShown, 1);
    await clickIn(page, 'Lessons', 'hint');
    assert.equal((await openLesson(page)).hintsShown, 2);

    // A near miss does not meet the goal: the step asks for alice's account, not carol's.
    const r = await runCommand(page, 'Open account', { account: 'carol', owner: 'Carol' });
    assert.equal(r.ok, true, r.result);
    assert.equal((await openLesson(page)).stepsDone, 0, "carol's account does not meet a goal about alice's");
    await runCommand(page, 'Open account', { account: 'alice', owner: 'Alice' });
    await page.waitForFunction(() => Module.esTest.state().lessons.open.stepsDone === 1);
    await clickIn(page, 'Lessons', 'Restart lesson');  // and again, this time with the solution

    // Show solution: performed through the command path, the step is met.
    await clickIn(page, 'Lessons', 'Show solution');
    await page.waitForFunction(() => Module.esTest.state().lessons.open.stepsDone === 1);
    s = await appState(page);
    assert.equal(s.store.events.length, 1, 'a clean sandbox again, then the solution: one event');
    assert.equal(s.store.events[0].type, 'AccountCreated');
    assert.match(s.sequence.title, /OpenAccount/, 'the solution went through the traced command path');
    await screenshot(page, 'lesson-in-progress');

    // Progress is saved: a reload on the same URL continues at step 2 with the lesson's events.
    await page.reload();
    await openSandbox(page, page.url());
    await page.waitForFunction(() => Module.esTest.state().lessons.open !== null);
    s = await appState(page);
    assert.equal(s.lessons.open.stepsDone, 1, 'the step met before the reload is still met');
    assert.equal(s.store.head, 1, "the lesson's own event came back with it");

    // Restart: a clean sandbox again; the free sandbox is untouched.
    await clickIn(page, 'Lessons', 'Restart lesson');
    s = await appState(page);
    assert.equal(s.lessons.open.stepsDone, 0);
    assert.equal(s.store.head, 0);
    assert.equal(s.lessons.freeHead, 1);

    // Further reading opens in a new tab (this machine is offline: a stand-in page answers).
    await app.context.route(/martinfowler\.com/, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<title>stand-in</title>' }));
    const [popup] = await Promise.all([app.context.waitForEvent('page'), clickIn(page, 'Lessons', 'Martin Fowler: Event Sourcing##read-fowler')]);
    assert.match(popup.url(), /martinfowler\.com\/eaaDev\/EventSourcing/);
    await popup.close();

    // Free sandbox: one click, back to the learner's own log; the address follows.
    await clickIn(page, 'Lessons', 'Free sandbox');
    s = await appState(page);
    assert.equal(s.lessons.open, null);
    assert.equal(s.store.head, 1);
    assert.equal(await page.evaluate(() => location.hash), '');
    // An unknown lesson in the address says so and stays in the free sandbox.
    await page.evaluate(() => { location.hash = '#lesson=no-such-lesson'; });
    await page.waitForFunction(() => /no lesson "no-such-lesson"/.test(Module.esTest.state().lessons.message));
    assert.equal((await appState(page)).lessons.open, null);
    assert.deepEqual(app.consoleErrors, []);
  } finally {
    await app.close();
  }
});

test('the immutability lesson: a saved digest catches a history rewritten with the whole chain rehashed', { timeout: 300000 }, async () => {
  const app = await launch({ viewport: { width: 1280, height: 720 } });
  const { page } = app;
  try {
    await openSandbox(page, app.baseUrl);
    await page.evaluate(() => { location.hash = '#lesson=immutability'; });
    await page.waitForFunction(() => Module.esTest.state().lessons.open !== null);
    const tamperState = async () => (await openLesson(page)).tamper;

    // Step 1: a careless change, caught by the chain check at its position.
    await perform(page, { do: 'tamper', position: 2, amount: '1000.00' });
    await clickIn(page, 'Lessons', 'Run the integrity check');
    await page.waitForFunction(() => Module.esTest.state().lessons.open.stepsDone === 1);
    await clickIn(page, 'Lessons', 'Next step >');
    await nextFrames(page, 5);  // the new step scrolls to the top of the window

    // Step 2: save the digest, shown as position and hash.
    await clickIn(page, 'Lessons', 'Save the digest');
    let t = await tamperState();
    assert.match(t.savedDigest, /^2:[0-9a-f]{64}$/);
    assert.equal(t.savedDigest, t.digest, 'the saved digest is the current one');

    // Rehash the whole chain: the chain check passes.
    await perform(page, { do: 'tamper', position: 2, amount: '5000.00', rehash: true });
    await clickIn(page, 'Lessons', 'Run the integrity check');
    t = await tamperState();
    assert.equal(t.rehashed, true);
    assert.equal(t.verified, true);
    assert.equal(t.chainOk, true, 'rehashing the whole chain fools the chain check');
    assert.notEqual(t.digest, t.savedDigest, 'the stored log now has another head hash');

    // The saved digest does not pass, and names the position.
    await clickIn(page, 'Lessons', 'Check the saved digest');
    t = await tamperState();
    assert.equal(t.digestChecked, true);
    assert.equal(t.digestOk, false);
    assert.equal(t.digestBadPosition, 2);
    assert.match(t.digestProblem, /rewritten \(and rehashed\) at or before position 2/);
    await page.waitForFunction(() => Module.esTest.state().lessons.open.stepsDone === 2);
    await nextFrames(page, 3);
    await screenshot(page, 'lesson-immutability-digest');
    assert.deepEqual(app.consoleErrors, []);
  } finally {
    await app.close();
  }
});
