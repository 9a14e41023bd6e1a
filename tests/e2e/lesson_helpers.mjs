// Doing lessons by hand in the browser tests: find a widget that may be scrolled out of its
// window, type and click there, send a command through the Commands window's fields (only the
// ones that differ from what the app's form holds), turn each action of a lesson file into the
// clicks a learner makes, and move from step to step with "Next step >".
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSandbox, click, typeInto, clearField, pressKey, appState, nextFrames, screenshot, openWindow as openViewWindow } from './harness.mjs';
import { dragCardsIntoPlace } from './draw_helpers.mjs';

const LESSON_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../assets/lessons');
export const LESSONS = fs.readdirSync(LESSON_DIR).filter((f) => f.endsWith('.json')).sort()
  .map((f) => JSON.parse(fs.readFileSync(path.join(LESSON_DIR, f), 'utf8')));

export function lessonById(id) {
  const lesson = LESSONS.find((l) => l.id === id);
  assert.ok(lesson, `a lesson file with id ${id}`);
  return lesson;
}

const WINDOW_TITLES = {
  commands: 'Commands', events: 'Events', time_travel: 'Time travel', accounts: 'Account state',
  sequence: 'Sequence diagram', projections: 'Projections', snapshots: 'Snapshots',
  console: 'Event history console', crud: 'CRUD vs event sourcing', flow: 'Command flow',
  replay: 'Replay stepper', integrity: 'Integrity', upcast: 'Upcasting', code: 'Code',
  draw_diagram: 'Draw it',
};

// Opens the app, waits for the stored log and the lesson progress (the Welcome window opens, on a
// first visit, only once the progress is in), and closes the Welcome window if it is open.
export async function openLessonsApp(page, url) {
  await openSandbox(page, url, { closeWelcome: false });
  await page.waitForFunction(() => Module.esTest.state().lessons.progressLoaded, null, { timeout: 30000 });
  await nextFrames(page, 3);
  if ((await appState(page)).windows.Welcome) await click(page, 'Start');
}

// Opens a lesson from the Lessons menu, as a learner who skips ahead does.
export async function openFromMenu(page, lesson) {
  await click(page, 'Lessons');
  await click(page, `${lesson.order}. ${lesson.title}##menu-${lesson.id}`);
  await page.waitForFunction((id) => {
    const o = Module.esTest.state().lessons.open;
    return o && o.id === id;
  }, lesson.id, { timeout: 5000 });
}

// Finds a widget that may be scrolled out of its window: wheels over the window until it shows,
// clear of the window's top and bottom edges (a press within a few pixels of an edge takes the
// window's border, to resize it, instead of the widget).
export async function reveal(page, label, windowTitle) {
  const visible = () => page.evaluate(([l, t]) => {
    const r = Module.esTest.widgetRect(l);
    const w = Module.esTest.windowRect(t);
    if (!r || r.height <= 4 || !w) return null;
    const margin = 10;
    return r.centerY > w.y + margin * 3 && r.centerY < w.y + w.height - margin ? r : null;
  }, [label, windowTitle]);
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

// Reveals and clicks. A panel may still move under the mouse as it reveals (a step met a frame
// later scrolls its feedback into view), so a widget gone before the press is revealed again.
export async function clickIn(page, windowTitle, label) {
  for (let attempt = 0; ; attempt++) {
    await reveal(page, label, windowTitle);
    try {
      return await click(page, label);
    } catch (e) {
      if (attempt === 2) throw e;
    }
  }
}

export async function typeIn(page, windowTitle, label, text) {
  await reveal(page, label, windowTitle);
  return typeInto(page, label, text);
}

export function openWindow(page, key) {
  return openViewWindow(page, WINDOW_TITLES[key]);
}

// The Commands window's fields: the key of the test hook's `form`, and the field's label.
const FIELDS = {
  account: 'Account', amount: 'Amount', actor: 'Actor', reason: 'Reason', expectedVersion: 'Expected version',
  owner: 'Owner', currency: 'Currency', toAccount: 'To account', reversePosition: 'Deposit at position',
};

// The fields a command of a lesson file needs, as the form names them, and its button.
function formFor(c) {
  const want = { actor: c.actor, reason: c.reason || '', expectedVersion: c.expectedVersion === undefined ? '' : String(c.expectedVersion) };
  switch (c.type) {
    case 'OpenAccount': return { button: 'Open account', want: { ...want, account: c.accountId, owner: c.owner, currency: c.currency } };
    case 'Deposit': return { button: 'Deposit', want: { ...want, account: c.accountId, amount: c.amount } };
    case 'Withdraw': return { button: 'Withdraw', want: { ...want, account: c.accountId, amount: c.amount } };
    case 'Transfer': return { button: 'Transfer', want: { ...want, account: c.fromAccountId, toAccount: c.toAccountId, amount: c.amount } };
    case 'CloseAccount': return { button: 'Close account', want: { ...want, account: c.accountId } };
    case 'ReverseDeposit': return { button: 'Reverse deposit', want: { ...want, account: c.accountId, reversePosition: String(c.depositPosition) } };
    default: throw new Error(`no button for ${c.type}`);
  }
}

// Types the given fields (keys of the test hook's `form`) where they differ from what the form
// holds, then clicks `button` in the Commands window; returns the result line.
export async function sendCommand(page, button, fields = {}) {
  const form = (await appState(page)).form;
  for (const [key, value] of Object.entries(fields)) {
    assert.ok(FIELDS[key], `the Commands window has a field for ${key}`);
    if (value !== undefined && form[key] !== value) await typeIn(page, 'Commands', FIELDS[key], value);
  }
  const before = await appState(page);
  await clickIn(page, 'Commands', button);
  // Something answers: a new result line, or a new trace (the same refusal twice reads the same).
  await page.waitForFunction(([result, serial]) => {
    const s = Module.esTest.state();
    return s.lastCommand.result !== '' && (s.lastCommand.result !== result || s.sequence.title + s.sequence.messages.length !== serial);
  }, [before.lastCommand.result, before.sequence.title + before.sequence.messages.length], { timeout: 5000 }).catch(() => {});
  return (await appState(page)).lastCommand;
}

// A command of a lesson file (`src/bank/commands.h` JSON) done through the Commands window.
export function command(page, c) {
  const { button, want } = formFor(c);
  return sendCommand(page, button, want);
}

async function travel(page, position) {
  await clickIn(page, 'Events', `${position}##event`);
  await clickIn(page, 'Events', 'Travel here');
  await page.waitForFunction((p) => Module.esTest.state().timeTravel.position === p, position, { timeout: 5000 });
}

// Steps the Sequence diagram to its last message, with "Next >" (or, with `play`, "Play").
export async function playSequence(page, { play = false } = {}) {
  if (play) {
    await clickIn(page, 'Sequence diagram', 'Play');
    await page.waitForFunction(() => Module.esTest.state().sequence.playedToEnd, null, { timeout: 60000 });
    return;
  }
  const count = (await appState(page)).sequence.messages.length;
  for (let i = 0; i <= count && !(await appState(page)).sequence.playedToEnd; i++) {
    await clickIn(page, 'Sequence diagram', 'Next >');
  }
  assert.equal((await appState(page)).sequence.playedToEnd, true, `"Next >" ${count} times reached the last message`);
}

// The Code window's exercises as its combo names them.
const EXERCISE_TITLES = { fold: 'Write the fold', 'read-model': 'A new read model', domain: 'Your domain' };

// Picks the exercise (and the read model or stream) in the Code window's combos, as a learner does.
export async function pickExercise(page, exercise, model, stream) {
  await openWindow(page, 'code');
  if ((await appState(page)).code.exercise !== exercise) {
    await clickIn(page, 'Code', '##code-exercise');
    await click(page, EXERCISE_TITLES[exercise]);
  }
  if (model && (await appState(page)).code.model !== model) {
    await clickIn(page, 'Code', '##code-model');
    await click(page, model);
  }
  if (stream && (await appState(page)).code.stream !== stream) {
    await clickIn(page, 'Code', '##code-stream');
    await click(page, stream);
  }
  assert.equal((await appState(page)).code.exercise, exercise, `the Code window shows the ${exercise} exercise`);
}

// Clicks into the Code window's editor, where it shows inside its window (its own area scrolls).
export async function clickEditor(page) {
  const p = await page.evaluate(() => {
    const r = Module.esTest.state().code.editorRect;
    const w = Module.esTest.windowRect('Code');
    const top = Math.max(r[1], w.y + 24), bottom = Math.min(r[3], w.y + w.height - 8);
    return { x: r[0] + (r[2] - r[0]) * 0.6, y: top + Math.min(12, (bottom - top) / 2), room: bottom - top };
  });
  assert.ok(p.room > 8, `the Code window's editor is in view (${p.room}px of it)`);
  await page.mouse.move(p.x, p.y);
  await nextFrames(page, 2);
  await page.mouse.down();
  await nextFrames(page, 2);
  await page.mouse.up();
  await nextFrames(page, 2);
  assert.equal((await appState(page)).code.editorActive, true, 'a click in the editor starts typing there');
}

// Types `code` into the Code window's editor with the keyboard: click into it, select all, delete,
// then each line as typed keys, Enter tapped between lines (pressKey). Nothing is
// indented or closed for the learner: what is typed lands.
export async function typeCode(page, code) {
  await clickEditor(page);
  await clearField(page);
  assert.equal((await appState(page)).code.text, '', 'Ctrl+A and Backspace emptied the editor');
  const lines = code.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]) await page.keyboard.type(lines[i], { delay: 5 });
    if (i + 1 < lines.length) await pressKey(page, 'Enter');
  }
  await pressKey(page, 'Escape');  // leaves the editor, keeping the text
  await page.waitForFunction((c) => Module.esTest.state().code.text === c, code, { timeout: 5000 }).catch(async () => {
    throw new Error(`the editor holds ${JSON.stringify((await appState(page)).code.text)}, not what was typed`);
  });
}

// One action of a lesson file, done by hand. `play`: how play_sequence drives the diagram.
export async function perform(page, a, { play = false } = {}) {
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
      const stream = a.stream || `account-${a.account}`;
      const events = (await appState(page)).store.events.filter((e) => e.stream === stream);
      if (a.stream) {
        // A free-form stream (lesson 19): "< Step back" in the Time travel window, from now back to
        // its first event (the Events window may be short under the Code window).
        for (let i = 0; i < 50 && (await appState(page)).timeTravel.position > events[0].position; i++) {
          await clickIn(page, 'Time travel', '< Step back');
        }
        break;
      }
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
    case 'eventual': {
      await openWindow(page, 'projections');
      const heldBack = (await appState(page)).projections.some((p) => p.heldBack);
      if (heldBack !== a.on) await clickIn(page, 'Projections', 'Eventual consistency##eventual');
      if (a.on) {
        await clickIn(page, 'Projections', a.release === 'on_request' ? 'When I say so##eventual' : 'After a delay##eventual');
      }
      break;
    }
    case 'catch_up':
      await openWindow(page, 'projections');
      await clickIn(page, 'Projections', 'Catch up##eventual');
      break;
    case 'snapshot_every':
      await openWindow(page, 'snapshots');
      await typeIn(page, 'Snapshots', 'events##snapshot-every', a.n);
      break;
    case 'trace_replay':
      await openWindow(page, 'sequence');
      await clickIn(page, 'Sequence diagram', `Replay ${a.account}`);
      break;
    case 'play_sequence': await playSequence(page, { play }); break;
    case 'arrange_diagram': {
      await openWindow(page, 'draw_diagram');
      if (a.trace === 'replay') {
        if ((await appState(page)).accounts.selected !== a.account) throw new Error(`select ${a.account} in Account state first`);
        await clickIn(page, 'Draw it', `A replay of ${a.account}`);
      } else {
        await clickIn(page, 'Draw it', 'My last command');
      }
      await page.waitForFunction((t) => Module.esTest.state().drawDiagram.source === t && Module.esTest.state().drawDiagram.cards.length > 0,
                                 a.trace, { timeout: 5000 });
      await dragCardsIntoPlace(page);
      await clickIn(page, 'Draw it', 'Check##draw');
      break;
    }
    case 'step_replay': {
      await openWindow(page, 'replay');
      if ((await appState(page)).accounts.selected !== a.account) {
        await clickIn(page, 'Replay stepper', '##replay-account');
        await click(page, a.account);
      }
      await page.waitForFunction((acc) => Module.esTest.state().replay.account === acc, a.account, { timeout: 5000 });
      const { steps } = (await appState(page)).replay;
      for (let i = 0; i < steps && (await appState(page)).replay.step < steps; i++) {
        await clickIn(page, 'Replay stepper', 'Step >##replay');
      }
      assert.equal((await appState(page)).replay.step, steps, `"Step >" reached ${a.account}'s last event`);
      break;
    }
    case 'type_code': {
      await pickExercise(page, a.exercise, a.model, a.stream);
      // Without `code`: the exercise's reference solution, as Show solution types it.
      const code = a.code !== undefined ? a.code : (await appState(page)).code.solution;
      await typeCode(page, code);
      break;
    }
    case 'run_code':
      await pickExercise(page, a.exercise, a.model, a.stream);
      await clickIn(page, 'Code', 'Run##code');
      await page.waitForFunction(() => {
        const c = Module.esTest.state().code;
        return !c.running && c.run && c.run.done;
      }, null, { timeout: 30000 });
      break;
    case 'check_code': {
      await pickExercise(page, a.exercise, a.model, a.stream);
      const before = (await appState(page)).code.check;
      await clickIn(page, 'Code', 'Check##code');
      await page.waitForFunction((b) => JSON.stringify(Module.esTest.state().code.check) !== b || b !== 'null',
                                 JSON.stringify(before), { timeout: 5000 });
      break;
    }
    default: throw new Error(`unknown action ${a.do}`);
  }
}

export async function openLesson(page) {
  return (await appState(page)).lessons.open;
}

// Answers a reflection question by its radio button.
export async function answer(page, lesson, qid, choice) {
  const q = lesson.questions.find((x) => x.id === qid);
  assert.ok(q.choices[choice], `${qid} has a choice ${choice}`);
  // A click the panel moved away from (it scrolls the newest explanation into view) is tried
  // again; the answer is read back from the lesson's own state.
  for (let attempt = 0; ; attempt++) {
    await clickIn(page, 'Lessons', `##${qid}-${choice}`);
    const answers = (await openLesson(page)).answers || {};
    if (answers[qid] === choice) return;
    if (attempt === 2) throw new Error(`${lesson.id}: clicking choice ${choice} of ${qid} did not answer it`);
  }
}

// Does step `i` of the open lesson as its solution says, by hand; it must be met and stay on
// screen as the current step, done.
export async function doStep(page, lesson, i, options) {
  for (const a of lesson.steps[i].solution) {
    if (a.do === 'answer') await answer(page, lesson, a.question, a.choice);
    else await perform(page, a, options);
  }
  await page.waitForFunction((n) => {
    const o = Module.esTest.state().lessons.open;
    return o.current === n && o.currentDone;
  }, i, { timeout: 5000 }).catch(async () => {
    const s = await openLesson(page);
    await screenshot(page, `lesson-${lesson.id}-step-${i + 1}-not-met`);
    throw new Error(`${lesson.id} step ${i + 1} not met after doing it by hand: ${s.goal}`);
  });
}

// "Next step >" under a met step: the next one becomes current, not yet done.
export async function nextStep(page, lesson, i) {
  await clickIn(page, 'Lessons', 'Next step >');
  await page.waitForFunction((n) => Module.esTest.state().lessons.open.current === n, i + 1, { timeout: 5000 });
  const open = await openLesson(page);
  assert.equal(open.currentDone, false, `${lesson.id}: step ${i + 2} is not done as it begins`);
  assert.equal(open.stepStartHead, (await appState(page)).store.head, `${lesson.id}: step ${i + 2} begins at the head`);
}

// The Commands window's fields on a clean desk (docs/LESSONS.md, FORM), as the test hook names them.
export const DEFAULT_FORM = {
  account: 'alice', toAccount: 'bob', owner: 'Alice', currency: 'USD', amount: '100.00', actor: 'learner',
  reason: '', expectedVersion: '', reversePosition: '',
};

// Waits until IndexedDB's `progress` store holds a record under `key` (a lesson id, or "_path" for
// the path's own record) for which `check(progress)` is true, read behind the app's back; so a
// reload right after finds what the app saved. Returns the progress object.
export async function waitProgressSaved(page, key, check = () => true) {
  const deadline = Date.now() + 15000;
  for (;;) {
    const saved = await page.evaluate((k) => new Promise((resolve, reject) => {
      const open = indexedDB.open('es-sandbox');
      open.onsuccess = () => {
        const get = open.result.transaction('progress').objectStore('progress').get(k);
        get.onsuccess = () => { open.result.close(); resolve(get.result ? JSON.parse(get.result.json) : null); };
        get.onerror = () => { open.result.close(); reject(get.error); };
      };
      open.onerror = () => reject(open.error);
    }), key);
    if (saved && check(saved)) return saved;
    if (Date.now() > deadline) throw new Error(`progress "${key}" was not saved as expected: ${JSON.stringify(saved)}`);
    await nextFrames(page, 5);
  }
}
