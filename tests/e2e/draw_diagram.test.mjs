// Draw it through real mouse and keyboard input: the cards of the learner's own last command,
// dragged into order, meet the check (and, in the "Draw it yourself" lesson, its goal); one card
// out of place does not, and its explanation names the rule it breaks; a selected card moves with
// Alt+Up / Alt+Down and the Up / Down buttons; the replay variant deals a replay's cards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openSandbox, accepted, appState, screenshot, openWindow, nextFrames, pressKey } from './harness.mjs';
import { openLessonsApp, openFromMenu, lessonById, command, clickIn, nextStep, openLesson, doStep, answer } from './lesson_helpers.mjs';
import { drawDiagram, dragCard, dragCardsIntoPlace, selectCard } from './draw_helpers.mjs';

const line = (m) => `${m.from} -> ${m.to}: ${m.text ?? m.label}`;
const slotOf = (d, start) => d.cards.findIndex((c) => c.label.startsWith(start));

// The app at 1280x720 with the "Draw it yourself" lesson open.
async function openDrawLesson(app) {
  const lesson = lessonById('draw-it');
  await openLessonsApp(app.page, app.baseUrl);
  await openFromMenu(app.page, lesson);
  return { page: app.page, lesson };
}

async function check(page) {
  await clickIn(page, 'Draw it', 'Check##draw');
  return (await drawDiagram(page)).check;
}

test('the last command\'s cards dragged into order pass the check, one misplaced card does not and says why', async () => {
  const app = await launch({ viewport: { width: 1280, height: 720 } });
  try {
    const { page } = app;
    await openSandbox(page, app.baseUrl);
    await openWindow(page, 'Draw it');
    let d = await drawDiagram(page);
    assert.equal(d.cards.length, 0);
    assert.match(d.nothingToDraw, /No command has been accepted yet.*Commands window/);

    await accepted(page, 'Open account', { account: 'alice', owner: 'Alice' });
    await accepted(page, 'Deposit', { amount: '100.00' });
    await nextFrames(page, 3);
    const s = await appState(page);
    d = await drawDiagram(page);
    assert.equal(d.title, 'Deposit');
    assert.equal(d.cards.length, 11);
    // The cards are the real trace's messages, the Sequence diagram's, shuffled.
    const messages = s.sequence.messages.map(line);
    assert.deepEqual(d.cards.map(line).sort(), [...messages].sort());
    assert.notDeepEqual(d.cards.map(line), messages);

    let c = await check(page);
    assert.equal(c.allInPlace, false);
    assert.ok(c.misplaced > 0);
    for (const v of c.cards.filter((x) => !x.inPlace)) assert.match(v.why, /^belongs (before|after) ".+": .+/);

    const drags = await dragCardsIntoPlace(page);
    assert.ok(drags > 0);
    d = await drawDiagram(page);
    assert.equal(d.check, null, 'a moved card is not checked yet');
    assert.deepEqual(d.cards.map(line), messages);
    c = await check(page);
    assert.equal(c.allInPlace, true, c.summary);
    assert.equal(c.summary, 'all 11 cards in place');
    await screenshot(page, 'draw-diagram-in-order-1280x720');

    // The read model's card dragged above "stored": one card misplaced, and the rule it breaks.
    d = await drawDiagram(page);
    await dragCard(page, slotOf(d, 'MoneyDeposited #2 ->'), slotOf(d, 'stored at'));
    c = await check(page);
    assert.equal(c.allInPlace, false);
    assert.equal(c.misplaced, 1);
    const wrong = c.cards.find((v) => !v.inPlace);
    assert.match(wrong.why, /the event must be stored before any read model sees it/);
    assert.match(c.summary, /^1 of 11 cards misplaced: ".+" belongs (before|after) ".+": the event must be stored before any read model sees it$/);
    await screenshot(page, 'draw-diagram-misplaced-1280x720');
    assert.deepEqual(app.consoleErrors, []);
  } finally {
    await app.close();
  }
});

test('a selected card moves with Alt+Up / Alt+Down and the Up / Down buttons; New cards deals again', async () => {
  const app = await launch({ viewport: { width: 1280, height: 720 } });
  try {
    const { page } = app;
    await openSandbox(page, app.baseUrl);
    await accepted(page, 'Open account', { account: 'alice', owner: 'Alice' });
    await openWindow(page, 'Draw it');
    let before = await drawDiagram(page);
    assert.equal(before.title, 'OpenAccount');
    // Select the third card with a click.
    await selectCard(page, 2);
    assert.equal((await drawDiagram(page)).selected, 2);
    const card = before.cards[2].label;

    await page.keyboard.down('Alt');
    await nextFrames(page, 2);
    await pressKey(page, 'ArrowUp');
    await page.keyboard.up('Alt');
    await nextFrames(page, 2);
    let d = await drawDiagram(page);
    assert.equal(d.cards[1].label, card, 'Alt+Up moved it one slot up');
    assert.equal(d.selected, 1);
    await page.keyboard.down('Alt');
    await nextFrames(page, 2);
    await pressKey(page, 'ArrowDown');
    await pressKey(page, 'ArrowDown');
    await page.keyboard.up('Alt');
    await nextFrames(page, 2);
    d = await drawDiagram(page);
    assert.equal(d.cards[3].label, card, 'Alt+Down twice moved it two slots down');
    assert.equal((await appState(page)).windows['Draw it'], true);

    await clickIn(page, 'Draw it', 'Up##draw');
    d = await drawDiagram(page);
    assert.equal(d.cards[2].label, card, 'Up moved it back');
    await clickIn(page, 'Draw it', 'Down##draw');
    assert.equal((await drawDiagram(page)).cards[3].label, card, 'Down moved it down');

    // Put in order with the keyboard alone: each card that belongs higher moved up, one slot at a time.
    for (let slot = 0; slot < d.cards.length; slot++) {
      d = await drawDiagram(page);
      const from = d.cards.findIndex((c) => c.place === slot);
      if (from === slot) continue;
      await selectCard(page, from);
      await page.keyboard.down('Alt');
      for (let k = from; k > slot; k--) await pressKey(page, 'ArrowUp');
      await page.keyboard.up('Alt');
      await nextFrames(page, 2);
    }
    const c = await check(page);
    assert.equal(c.allInPlace, true, c.summary);

    before = await drawDiagram(page);
    await clickIn(page, 'Draw it', 'New cards##draw');
    d = await drawDiagram(page);
    assert.equal(d.check, null);
    assert.notDeepEqual(d.cards.map(line), before.cards.map(line), 'dealt again, shuffled');
    assert.deepEqual(app.consoleErrors, []);
  } finally {
    await app.close();
  }
});

test('the "Draw it yourself" lesson: a near miss leaves the goal unmet and names the card, then the replay variant', { timeout: 300000 }, async () => {
  const app = await launch({ viewport: { width: 1280, height: 720 } });
  try {
    const { page, lesson } = await openDrawLesson(app);
    const [deposit] = lesson.steps[0].solution;
    await command(page, deposit.command);
    await openWindow(page, 'Draw it');
    await dragCardsIntoPlace(page);
    // One card out of place: Check says which, and the step is not done.
    let d = await drawDiagram(page);
    await dragCard(page, slotOf(d, 'append'), slotOf(d, 'decide('));
    let c = await check(page);
    assert.equal(c.misplaced, 1);
    let open = await openLesson(page);
    assert.equal(open.currentDone, false);
    assert.match(open.goal, /Deposit, Check: 1 of 11 cards misplaced: .*the aggregate decides before anything is stored/);
    await dragCardsIntoPlace(page);
    c = await check(page);
    assert.equal(c.allInPlace, true, c.summary);
    await page.waitForFunction(() => Module.esTest.state().lessons.open.currentDone, null, { timeout: 5000 });
    await nextStep(page, lesson, 0);

    // The replay of alice: request, read, events folded in stream order, current state.
    await clickIn(page, 'Draw it', 'A replay of alice');
    d = await drawDiagram(page);
    assert.equal(d.source, 'replay');
    assert.equal(d.title, 'Replay account-alice');
    assert.ok(d.cards.some((x) => x.label === 'evolve(state, AccountCreated #1)'));
    await dragCardsIntoPlace(page);
    c = await check(page);
    assert.equal(c.allInPlace, true, c.summary);
    await page.waitForFunction(() => Module.esTest.state().lessons.open.currentDone, null, { timeout: 5000 });
    open = await openLesson(page);
    assert.match(open.goal, /^Replay account-alice, Check: all \d+ cards in place$/);
    await screenshot(page, 'draw-diagram-replay-1280x720');
    assert.deepEqual(app.consoleErrors, []);
  } finally {
    await app.close();
  }
});

test('the "Draw it yourself" lesson done by hand as its solutions say (arrange_diagram: drags, then Check)', { timeout: 300000 }, async () => {
  const app = await launch({ viewport: { width: 1280, height: 720 } });
  try {
    const { page, lesson } = await openDrawLesson(app);
    await doStep(page, lesson, 0);
    await nextStep(page, lesson, 0);
    await doStep(page, lesson, 1);
    for (const q of lesson.questions) await answer(page, lesson, q.id, q.choices.findIndex((c) => c.correct));
    await page.waitForFunction(() => Module.esTest.state().lessons.open.complete, null, { timeout: 5000 });
    assert.deepEqual(app.consoleErrors, []);
  } finally {
    await app.close();
  }
});
