// The visual sandbox through real clicks, drags and typing: the timeline (colours, filters,
// details), time travel (slider, steps, date-time entry, back to now) and the Account state
// window, which shows each account as of the travelled-to point.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, openSandbox, runCommand, appState, screenshot, waitSaved, click, typeInto, widget, accepted, dragSliderTo,
} from './harness.mjs';

const alice = (state) => state.accounts.rows.find((r) => r.id === 'alice');

test('scrubbing back shows each account as it was; stepping shows what one event changed', async () => {
  const app = await launch({ viewport: { width: 1280, height: 720 } });
  try {
    const { page } = app;
    await openSandbox(page, app.baseUrl);
    await accepted(page, 'Open account', { account: 'alice', owner: 'Alice' });  // 1
    await accepted(page, 'Deposit', { amount: '100.00', reason: 'salary' });      // 2
    await accepted(page, 'Withdraw', { amount: '30' });                          // 3
    await waitSaved(page);

    let s = await appState(page);
    assert.deepEqual(s.store.events.map((e) => e.type), ['AccountCreated', 'MoneyDeposited', 'MoneyWithdrawn']);
    assert.equal(s.timeTravel.atNow, true);
    assert.equal(s.timeTravel.position, 3);
    assert.equal(alice(s).balanceCents, 7000);
    assert.equal(s.accounts.history.points, 3);

    // Drag the slider all the way left: before the first event, no account exists yet.
    await dragSliderTo(page, '##position', 0.0);
    s = await appState(page);
    assert.equal(s.timeTravel.atNow, false);
    assert.equal(s.timeTravel.position, 0);
    assert.equal(alice(s).exists, false);
    assert.equal(alice(s).nowBalanceCents, 7000);

    // Drag to two thirds: position 2, after the deposit and before the withdrawal.
    await dragSliderTo(page, '##position', 2 / 3);
    s = await appState(page);
    assert.equal(s.timeTravel.position, 2);
    assert.equal(alice(s).balanceCents, 10000);
    assert.equal(alice(s).version, 2);
    assert.equal(alice(s).lastType, 'MoneyDeposited');
    assert.equal(s.accounts.history.eventsApplied, 2, 'the state at 2 is a replay of 2 events');
    assert.equal(s.accounts.history.usedSnapshot, false);
    await screenshot(page, 'time-travel-past-1280x720');

    // One step forward reaches the head again: "now".
    await click(page, 'Step forward >');
    s = await appState(page);
    assert.equal(s.timeTravel.position, 3);
    assert.equal(s.timeTravel.atNow, true);
    assert.equal(alice(s).balanceCents, 7000);

    await click(page, '< Step back');
    await click(page, '< Step back');
    s = await appState(page);
    assert.equal(s.timeTravel.position, 1);
    assert.equal(alice(s).balanceCents, 0);
    assert.equal(alice(s).exists, true);

    // A new event while in the past: the view stays where it is; "Back to now" follows it.
    await accepted(page, 'Deposit', { amount: '5' });
    s = await appState(page);
    assert.equal(s.timeTravel.position, 1);
    assert.equal(alice(s).nowBalanceCents, 7500);
    await click(page, 'Back to now##accounts');
    s = await appState(page);
    assert.equal(s.timeTravel.atNow, true);
    assert.equal(s.timeTravel.position, 4);
    assert.equal(alice(s).balanceCents, 7500);
    assert.deepEqual(app.consoleErrors, []);
  } finally {
    await app.close();
  }
});

test('a date-time entry travels to the last event by then; a bad one says what is wrong', async () => {
  const app = await launch({ viewport: { width: 1280, height: 720 } });
  try {
    const { page } = app;
    await openSandbox(page, app.baseUrl);
    await accepted(page, 'Open account', { account: 'alice', owner: 'Alice' });
    await accepted(page, 'Deposit', { amount: '100.00' });

    await typeInto(page, '##time', 'last tuesday');
    let s = await appState(page);
    assert.match(s.timeTravel.message, /'last tuesday' is not a date and time: write it as YYYY-MM-DD HH:MM/);
    assert.equal(s.timeTravel.atNow, true, 'a bad entry does not move the view');

    await typeInto(page, '##time', '2001-02-30 10:00');
    s = await appState(page);
    assert.match(s.timeTravel.message, /is not a day of the calendar/);

    await typeInto(page, '##time', '2001-01-01 10:00');
    s = await appState(page);
    assert.equal(s.timeTravel.position, 0);
    assert.match(s.timeTravel.message, /Nothing had happened yet/);
    assert.equal(alice(s).exists, false);

    await typeInto(page, '##time', '2999-12-31 23:59');
    s = await appState(page);
    assert.match(s.timeTravel.message, /outside the years 1970 to 2037/);
    assert.equal(s.timeTravel.position, 0, 'the view stays where it was');

    await typeInto(page, '##time', '2037-12-31 23:59');
    s = await appState(page);
    assert.equal(s.timeTravel.atNow, true);
    assert.equal(alice(s).balanceCents, 10000);
  } finally {
    await app.close();
  }
});

test('the timeline filters by type and text, shows an event in full, and travels to it', async () => {
  const app = await launch({ viewport: { width: 1280, height: 720 } });
  try {
    const { page } = app;
    await openSandbox(page, app.baseUrl);
    await accepted(page, 'Open account', { account: 'alice', owner: 'Alice' });
    await accepted(page, 'Open account', { account: 'bob', owner: 'Bob' });
    await accepted(page, 'Deposit', { account: 'alice', amount: '100.00', reason: 'salary' });
    await accepted(page, 'Transfer', { amount: '25', to: 'bob' });
    let s = await appState(page);
    assert.equal(s.store.head, 5);

    // A rejected command writes nothing and says why.
    const rejected = await runCommand(page, 'Withdraw', { amount: '1000' });
    assert.equal(rejected.ok, false);
    assert.match(rejected.result, /Withdraw rejected, nothing was written: .*balance is \$75\.00/);
    assert.equal((await appState(page)).store.head, 5);

    // Type filter: a combo opened with a click, an item chosen with a click.
    await click(page, '##type-filter');
    await click(page, 'AccountCreated');
    s = await appState(page);
    assert.equal(s.timeline.shown, 2);
    // Text filter on top: only bob's account opening mentions "bob" among AccountCreated.
    await typeInto(page, '##text-filter', 'Bob');
    s = await appState(page);
    assert.equal(s.timeline.shown, 1);
    await screenshot(page, 'timeline-filtered-1280x720');
    await click(page, 'Clear filters');
    s = await appState(page);
    assert.equal(s.timeline.shown, 5);

    // Select the deposit: its details open; travel to it.
    await click(page, '3##event');
    s = await appState(page);
    assert.equal(s.timeline.selected, 3);
    await widget(page, 'Travel here');
    await screenshot(page, 'timeline-details-1280x720');
    await click(page, 'Travel here');
    s = await appState(page);
    assert.equal(s.timeTravel.position, 3);
    assert.equal(alice(s).balanceCents, 10000);
    assert.equal(s.accounts.rows.find((r) => r.id === 'bob').balanceCents, 0);
    await click(page, 'Close details');
    assert.equal((await appState(page)).timeline.selected, 0);
    assert.deepEqual(app.consoleErrors, []);
  } finally {
    await app.close();
  }
});
