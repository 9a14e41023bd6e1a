// The replay stepper through real clicks: an account made in the Commands window, replayed event
// by event beside the code that folds it. At each step the highlighted block of evolve() is the
// one for that event's type and the state is the fold so far; Back goes back; the slider jumps to
// a position; Play plays to the end; with reduce motion the same steps come without movement.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openSandbox, accepted, appState, screenshot, click, openWindow, dragSliderTo, nextFrames } from './harness.mjs';

const replay = async (page) => (await appState(page)).replay;

// What a step shows, to compare runs: the event, the code block, the changed fields, the state.
const picture = (r) => ({ step: r.step, position: r.position, type: r.type, line: r.line, changed: r.changed,
                          state: r.state, narration: r.narration });

async function stepThrough(page) {
  const seen = [];
  for (let i = 0; i < 3; i++) {
    await click(page, 'Step >##replay');
    seen.push(await replay(page));
  }
  return seen;
}

test('the replay stepper folds each event with the code for its type, back, jump, play and reduce motion', async () => {
  const app = await launch({ viewport: { width: 1280, height: 720 } });
  try {
    const { page } = app;
    await openSandbox(page, app.baseUrl);
    await accepted(page, 'Open account', { account: 'alice', owner: 'Alice' });
    await accepted(page, 'Deposit', { amount: '100.00' });
    await accepted(page, 'Withdraw', { amount: '30.00' });
    await openWindow(page, 'Replay stepper');
    let r = await replay(page);
    assert.equal(r.account, 'alice');
    assert.equal(r.steps, 3);
    assert.equal(r.step, 0);
    assert.equal(r.line, '');
    assert.equal(r.state.exists, 'false');

    const steps = await stepThrough(page);
    const [opened, deposited, withdrawn] = steps;
    assert.deepEqual(steps.map((s) => [s.step, s.position, s.type]),
                     [[1, 1, 'AccountCreated'], [2, 2, 'MoneyDeposited'], [3, 3, 'MoneyWithdrawn']]);
    for (const s of steps) assert.ok(s.line.startsWith(`on ${s.type}:`), `step ${s.step} highlights ${s.type}'s block: ${s.line}`);
    assert.match(opened.line, /exists = true/);
    assert.equal(opened.state.exists, 'true');
    assert.equal(opened.state.owner, '"Alice"');
    assert.ok(opened.changed.includes('exists') && opened.changed.includes('owner'));
    assert.match(deposited.line, /balance \+= e\.amount/);
    assert.equal(deposited.narration, 'MoneyDeposited +$100.00: balance $0.00 -> $100.00');
    assert.deepEqual(deposited.changed, ['balance', 'version', 'lastActivity', 'transactions']);
    assert.equal(deposited.state.balance, '$100.00');
    assert.equal(deposited.state.version, '2');
    assert.match(withdrawn.line, /balance -= e\.amount/);
    assert.equal(withdrawn.narration, 'MoneyWithdrawn -$30.00: balance $100.00 -> $70.00');
    assert.equal(withdrawn.state.balance, '$70.00');
    // The last step's state is the account as every view shows it now.
    const now = (await appState(page)).accounts.rows.find((a) => a.id === 'alice');
    assert.equal(withdrawn.state.balance, '$70.00');
    assert.equal(now.balanceCents, 7000);
    await screenshot(page, 'replay-stepper-dark-1280x720');

    // Back: the state as it was after the deposit.
    await click(page, '< Back##replay');
    assert.deepEqual(picture(await replay(page)), picture(deposited));
    // The slider: a third of the way lands on the first event.
    await dragSliderTo(page, '##replay-step', 0.34);
    r = await replay(page);
    assert.equal(r.step, 1);
    assert.equal(r.position, 1);
    assert.equal(r.type, 'AccountCreated');
    // Play: one step at a time to the last event, then it stops.
    await click(page, 'replay-play');
    assert.equal((await replay(page)).playing, true);
    await page.waitForFunction(() => { const q = Module.esTest.state().replay; return !q.playing && q.step === q.steps; },
                               null, { timeout: 20000 });
    await click(page, '|<##replay');
    assert.equal((await replay(page)).step, 0);

    // Reduce motion (View > Motion): the same steps, nothing travels.
    await click(page, 'View');
    await click(page, 'Motion');
    await click(page, 'Reduce motion');
    assert.equal((await appState(page)).motion.reduce, true);
    await nextFrames(page, 3);
    const still = await stepThrough(page);
    assert.deepEqual(still.map(picture), steps.map(picture));
    assert.ok(still.every((s) => !s.travelling), 'no card travels with reduce motion');

    // The light theme, for a look.
    await click(page, 'Theme');
    await click(page, 'Light');
    await click(page, '< Back##replay');
    await screenshot(page, 'replay-stepper-light-1280x720');
    assert.deepEqual(app.consoleErrors, []);
  } finally {
    await app.close();
  }
});
