// The lesson path, as a learner does it: every lesson of assets/lessons completed through real
// clicks and typing in the windows the step names (the Commands form, the Events window's "Travel
// here", the Projections window, the lesson's own tools, the questions' radio buttons), never
// through "Show solution". The lesson files say what to do (each step's `solution`); this file
// turns each action into what a person would click. Progress must survive a reload, and the free
// sandbox's own events must be untouched by all of it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, openSandbox, click, typeInto, appState, nextFrames, screenshot, accepted, runCommand,
  openWindow as openViewWindow } from './harness.mjs';

const LESSON_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../assets/lessons');
const LESSONS = fs.readdirSync(LESSON_DIR).filter((f) => f.endsWith('.json')).sort()
  .map((f) => JSON.parse(fs.readFileSync(path.join(LESSON_DIR, f), 'utf8')));

const WINDOW_TITLES = {
  commands: 'Commands', events: 'Events', time_travel: 'Time travel', accounts: 'Account state',
  sequence: 'Sequence diagram', projections: 'Projections', snapshots: 'Snapshots',
  console: 'Event history console', crud: 'CRUD vs event sourcing',
};

// Finds a widget that may be scrolled out of its window: wheels over the window until it shows.
async function reveal(page, label, windowTitle) {
  const visible = () => page.evaluate((l) => {
    const r = Module.esTest.widgetRect(l);
    return r && r.height > 4 ? r : null;
  }, label);
  if (await visible()) return;
  // Small wheel steps (Emscripten's GLFW turns a large delta into a jump to the end), both ways.
  for (const direction of [-1, 1]) {
    for (let i = 0; i < 30; i++) {
      const w = await page.evaluate((t) => Module.esTest.windowRect(t), windowTitle);
      if (!w) throw new Error(`window "${windowTitle}" is not open (looking for "${label}")`);
      // Low in the window: the lesson's explanation box (higher up) scrolls on its own.
      await page.mouse.move(w.centerX, w.y + w.height * 0.85);
      await page.mouse.wheel(0, direction * 3);
      await nextFrames(page, 3);
      if (await visible()) return;
    }
  }
  await screenshot(page, 'lessons-widget-not-found');
  throw new Error(`"${label}" is not in the ${windowTitle} window (screenshot: lessons-widget-not-found.png)`);
}

async function clickIn(page, windowTitle, label) {
  await reveal(page, label, windowTitle);
  return click(page, label);
}

async function typeIn(page, windowTitle, label, text) {
  await reveal(page, label, windowTitle);
  return typeInto(page, label, text);
}

function openWindow(page, key) {
  return openViewWindow(page, WINDOW_TITLES[key]);
}

// The Commands form remembers what was typed; only fields that differ are typed again.
const form = { account: 'alice', amount: '100.00', actor: 'learner', reason: '', expected: '', owner: 'Alice', currency: 'USD', to: 'bob' };

async function command(page, c) {
  const want = { actor: c.actor, reason: c.reason || '', expected: c.expectedVersion === undefined ? '' : String(c.expectedVersion) };
  let button;
  switch (c.type) {
    case 'OpenAccount': Object.assign(want, { account: c.accountId, owner: c.owner, currency: c.currency }); button = 'Open account'; break;
    case 'Deposit': Object.assign(want, { account: c.accountId, amount: c.amount }); button = 'Deposit'; break;
    case 'Withdraw': Object.assign(want, { account: c.accountId, amount: c.amount }); button = 'Withdraw'; break;
    case 'Transfer': Object.assign(want, { account: c.fromAccountId, to: c.toAccountId, amount: c.amount }); button = 'Transfer'; break;
    case 'CloseAccount': Object.assign(want, { account: c.accountId }); button = 'Close account'; break;
    default: throw new Error(`no button for ${c.type}`);
  }
  const fields = {};
  for (const [k, v] of Object.entries(want)) {
    if (v !== undefined && form[k] !== v) { fields[k] = v; form[k] = v; }
  }
  return runCommand(page, button, fields);
}

async function travel(page, position) {
  await clickIn(page, 'Events', `${position}##event`);
  await clickIn(page, 'Events', 'Travel here');
  await page.waitForFunction((p) => Module.esTest.state().timeTravel.position === p, position, { timeout: 5000 });
}

// One action of a lesson file, done by hand.
async function perform(page, a) {
  switch (a.do) {
    case 'command': await command(page, a.command); break;
    case 'record':
      await typeIn(page, 'Lessons', 'Event type##record-type', a.type);
      await typeIn(page, 'Lessons', 'Time (HH:MM)##record-time', a.time);
      await typeIn(page, 'Lessons', '##record-text', a.text);
      await clickIn(page, 'Lessons', 'Record event');
      break;
    case 'legacy_deposit':
      await typeIn(page, 'Lessons', 'Amount##legacy-amount', a.amount);
      await clickIn(page, 'Lessons', 'Write a v1 deposit');
      break;
    case 'tamper':
      await typeIn(page, 'Lessons', 'Position##tamper-position', a.position);
      await typeIn(page, 'Lessons', 'New amount##tamper-amount', a.amount);
      if ((await appState(page)).lessons.tamperRehash !== Boolean(a.rehash)) {
        await clickIn(page, 'Lessons', 'Rehash the whole chain##tamper-rehash');
      }
      await clickIn(page, 'Lessons', 'Change the stored event');
      break;
    case 'verify': await clickIn(page, 'Lessons', 'Run the integrity check'); break;
    case 'save_digest': await clickIn(page, 'Lessons', 'Save the digest'); break;
    case 'check_digest': await clickIn(page, 'Lessons', 'Check the saved digest'); break;
    case 'travel': await travel(page, a.position); break;
    case 'back_to_now': await click(page, 'Back to now'); break;
    case 'step_through': {
      const events = (await appState(page)).store.events.filter((e) => e.stream === `account-${a.account}`);
      for (const e of events) await travel(page, e.position);
      break;
    }
    case 'open_window': await openWindow(page, a.window); break;
    case 'set_balances_version':
      await openWindow(page, 'projections');
      await clickIn(page, 'Projections', a.version === 1 ? 'v1 (buggy)' : 'v2 (fixed)');
      break;
    case 'rebuild':
      await openWindow(page, 'projections');
      await clickIn(page, 'Projections', `Rebuild##${a.projection}`);
      break;
    case 'add_projection':
      await openWindow(page, 'projections');
      await clickIn(page, 'Projections', `Add ${a.projection}##projection`);
      break;
    case 'snapshot_every':
      await openWindow(page, 'snapshots');
      await typeIn(page, 'Snapshots', 'events##snapshot-every', a.n);
      break;
    case 'trace_replay':
      await openWindow(page, 'sequence');
      await clickIn(page, 'Sequence diagram', `Replay ${a.account}`);
      break;
    case 'show_all_sequence': await clickIn(page, 'Sequence diagram', 'Show all'); break;
    default: throw new Error(`unknown action ${a.do}`);
  }
}

async function answer(page, lessonQuestions, qid, choice) {
  const q = lessonQuestions.find((x) => x.id === qid);
  assert.ok(q.choices[choice], `${qid} has a choice ${choice}`);
  await clickIn(page, 'Lessons', `##${qid}-${choice}`);  // the choice's radio button
}

async function openLesson(page) {
  return (await appState(page)).lessons.open;
}

async function doLesson(page, lesson) {
  const open = await openLesson(page);
  assert.equal(open && open.id, lesson.id, `lesson ${lesson.id} is open`);
  assert.equal(open.stepsDone, 0);
  for (let i = 0; i < lesson.steps.length; i++) {
    for (const a of lesson.steps[i].solution) {
      if (a.do === 'answer') await answer(page, lesson.questions, a.question, a.choice);
      else await perform(page, a);
    }
    await page.waitForFunction((n) => Module.esTest.state().lessons.open.stepsDone >= n, i + 1, { timeout: 5000 })
      .catch(async () => {
        const s = await openLesson(page);
        throw new Error(`${lesson.id} step ${i + 1} not met after doing it by hand: ${s.goal}`);
      });
  }
  for (const q of lesson.questions || []) {
    const correct = q.choices.findIndex((c) => c.correct);
    const wrong = q.choices.findIndex((c) => !c.correct);
    if (q === lesson.questions[0]) {
      // A wrong answer first: explained, and the lesson is not complete.
      await answer(page, lesson.questions, q.id, wrong);
      assert.equal((await openLesson(page)).complete, false, `${lesson.id}: a wrong answer does not complete it`);
    }
    await answer(page, lesson.questions, q.id, correct);
  }
  await page.waitForFunction(() => Module.esTest.state().lessons.open.complete, null, { timeout: 5000 });
}

test('every lesson, done by hand, completes; progress survives a reload; the free sandbox is untouched', { timeout: 900000 }, async () => {
  const app = await launch({ viewport: { width: 1280, height: 720 } });
  const { page } = app;
  try {
    await openSandbox(page, app.baseUrl);
    // The learner's own sandbox first: one event that no lesson may touch.
    await accepted(page, 'Open account', { account: 'zoe', owner: 'Zoe' });
    form.account = 'zoe'; form.owner = 'Zoe';
    const freeEvents = (await appState(page)).store.events;
    assert.equal(freeEvents.length, 1);

    // The first lesson from the Lessons window's path.
    await clickIn(page, 'Lessons', `Warm-up: ${LESSONS[0].title}##lesson-${LESSONS[0].id}`);
    for (let k = 0; k < LESSONS.length; k++) {
      const lesson = LESSONS[k];
      await doLesson(page, lesson);
      if (k === 0) await screenshot(page, 'lesson-warm-up-done');
      if (k === 5) await screenshot(page, 'lesson-complete-time-travel');
      if (k + 1 < LESSONS.length) await clickIn(page, 'Lessons', `Next: ${LESSONS[k + 1].title}##next-lesson`);
      await nextFrames(page, 3);
    }
    assert.deepEqual(app.consoleErrors, []);

    await page.reload();
    await openSandbox(page, page.url().split('#')[0]);
    await page.waitForFunction(() => Module.esTest.state().lessons.progressLoaded);
    const after = await appState(page);
    assert.equal(after.lessons.open, null, 'a reload without #lesson= is the free sandbox');
    for (const l of after.lessons.path) assert.equal(l.complete, true, `${l.id} is still complete after the reload`);
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
    await openSandbox(page, app.baseUrl);
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
