// The sequence diagram through real clicks: it lists the real steps of the last command in
// order (from the core's trace), a rejection as a red reply with nothing appended, stepping and
// playing message by message, and a replay of an account into its current state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openSandbox, runCommand, appState, screenshot, click } from './harness.mjs';

const line = (m) => `${m.from} -> ${m.to}: ${m.text}`;

test('the sequence diagram shows what really happened in the last command, step by step', async () => {
  const app = await launch({ viewport: { width: 1280, height: 720 } });
  try {
    const { page } = app;
    await openSandbox(page, app.baseUrl);
    assert.equal((await runCommand(page, 'Open account', { account: 'alice', owner: 'Alice' })).ok, true);
    assert.equal((await runCommand(page, 'Deposit', { amount: '100.00' })).ok, true);
    await click(page, 'What happened? (sequence diagram)');
    let s = await appState(page);
    assert.equal(s.windows['Sequence diagram'], true);
    assert.equal(s.sequence.title, 'Deposit');
    assert.deepEqual(s.sequence.messages.map(line), [
      'User -> Command handler: Deposit 100.00 into alice, by learner',
      'Command handler -> Event store: read account-alice',
      'Event store -> Command handler: 1 event(s)',
      'Command handler -> Aggregate: evolve: fold 1 event(s) into the state',
      'Aggregate -> Command handler: state: version 1, balance $0.00',
      'Command handler -> Aggregate: decide(Deposit, state)',
      'Aggregate -> Command handler: new event(s): MoneyDeposited',
      'Command handler -> Event store: append MoneyDeposited to account-alice, expected version 1',
      'Event store -> Command handler: stored at position 2, account-alice now at version 2',
      'Event store -> Projections: MoneyDeposited #2 -> bank-log v1, balances v2, account-list v1, audit-trail v1',
      'Command handler -> User: accepted: MoneyDeposited at position 2',
    ]);
    assert.equal(s.sequence.shown, 11);
    await screenshot(page, 'sequence-deposit-1280x720');

    // Step through: back to the start, then two steps.
    await click(page, '|<');
    assert.equal((await appState(page)).sequence.shown, 0);
    await click(page, 'Next >');
    await click(page, 'Next >');
    assert.equal((await appState(page)).sequence.shown, 2);
    await click(page, '< Prev');
    assert.equal((await appState(page)).sequence.shown, 1);
    // Play: one message at a time until the whole trace is drawn.
    await click(page, 'Play');
    assert.equal((await appState(page)).sequence.playing, true);
    await page.waitForFunction(() => {
      const q = Module.esTest.state().sequence;
      return !q.playing && q.shown === q.messages.length;
    }, null, { timeout: 20000 });

    // A rejected command: a red reply from the aggregate, nothing appended or published.
    const rejected = await runCommand(page, 'Withdraw', { amount: '500' });
    assert.equal(rejected.ok, false);
    s = await appState(page);
    assert.equal(s.sequence.title, 'Withdraw');
    const errors = s.sequence.messages.filter((m) => m.error).map(line);
    assert.equal(errors.length, 2);
    assert.match(errors[0], /^Aggregate -> Command handler: rejected: cannot withdraw \$500\.00: balance is \$100\.00/);
    assert.match(errors[1], /^Command handler -> User: refused, nothing written/);
    assert.ok(s.sequence.messages.every((m) => !/append|Projections/.test(line(m))), 'nothing appended or published');
    assert.equal(s.store.head, 2);
    await screenshot(page, 'sequence-rejected-1280x720');

    // A replay of the selected account (alice) into its current state.
    await click(page, 'Replay alice');
    s = await appState(page);
    assert.equal(s.sequence.title, 'Replay account-alice');
    const msgs = s.sequence.messages.map(line);
    assert.equal(msgs[2], 'Event store -> Command handler: 2 event(s), oldest first');
    assert.ok(msgs.includes('Command handler -> Aggregate: evolve(state, MoneyDeposited #2)'));
    assert.equal(msgs.at(-1), 'Command handler -> User: current state: balance $100.00, version 2, open');
    await screenshot(page, 'sequence-replay-1280x720');
    assert.deepEqual(app.consoleErrors, []);
  } finally {
    await app.close();
  }
});

test('a stale expected version is a conflict that writes nothing; the retry with the current one works', async () => {
  const app = await launch({ viewport: { width: 1280, height: 720 } });
  try {
    const { page } = app;
    await openSandbox(page, app.baseUrl);
    assert.equal((await runCommand(page, 'Open account', { account: 'alice', owner: 'Alice' })).ok, true);
    // Deposit, saying "I saw version 1": right, so it goes through (now version 2). The field
    // was for that command: it is cleared, and the result line says so.
    const first = await runCommand(page, 'Deposit', { amount: '10', expected: '1' });
    assert.equal(first.ok, true, first.result);
    assert.match(first.result, /Expected version was used by this command and cleared\./);
    assert.equal((await appState(page)).form.expectedVersion, '');
    // Still saying 1: acting on stale information is a conflict, and nothing is written.
    const stale = await runCommand(page, 'Withdraw', { amount: '5', expected: '1' });
    assert.equal(stale.ok, false);
    assert.match(stale.result, /Withdraw rejected, nothing was written: account "alice" is at version 2 but the command expected version 1/);
    let s = await appState(page);
    assert.equal(s.store.head, 2);
    assert.match(s.sequence.messages[0].text, /Withdraw 5\.00 from alice, by learner, expecting version 1/);
    assert.equal(s.sequence.messages.at(-1).error, true);
    // Look again (version 2), decide again, retry.
    const retry = await runCommand(page, 'Withdraw', { expected: '2' });
    assert.equal(retry.ok, true, retry.result);
    assert.equal((await appState(page)).store.head, 3);
    // Not a number: not sent at all, and said so.
    const bad = await runCommand(page, 'Deposit', { expected: 'two' });
    assert.equal(bad.ok, false);
    assert.match(bad.result, /Deposit not sent: the expected version 'two' is not a whole number/);
    assert.equal((await appState(page)).store.head, 3);
  } finally {
    await app.close();
  }
});
