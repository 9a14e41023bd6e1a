// The account decider, in Emmett's shape: initial_state() is an account before anything
// happened, evolve(state, event) folds one recorded event into the state, and
// decide(command, state) turns a command into new events or a rejection. All three are pure:
// no store, no clock, no ids drawn at random, so Given/When/Then tests need nothing else.
//
// A Transfer touches two accounts, so it has its own decider, decide_transfer(), that sees both
// states and returns the events for both streams; the Bank appends them in one atomic batch.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "bank/commands.h"
#include "core/event.h"
#include "core/fold.h"
#include "core/result.h"

namespace es::bank {

struct AccountState {
    bool exists = false;  // an AccountCreated has been folded
    bool closed = false;
    std::string account_id;
    std::string owner;
    std::string currency;
    int64_t balance_cents = 0;          // may be negative down to -overdraft_limit_cents
    int64_t overdraft_limit_cents = 0;
    uint64_t version = 0;               // stream version of the last folded event; 0 = none
    int64_t opened_at_ms = 0;
    int64_t closed_at_ms = 0;
    int64_t last_activity_ms = 0;       // time of the last folded event
    uint64_t transaction_count = 0;     // deposits, withdrawals, transfers and reversals folded
    std::vector<uint64_t> reversed_positions;  // deposits reversed (DepositReversed), ascending

    bool operator==(const AccountState& o) const;
    bool operator!=(const AccountState& o) const { return !(*this == o); }
};

AccountState initial_state();

// The rules every recorded bank history keeps (docs/EVENT_MODEL.md, "History rules"). evolve()
// refuses an event that breaks one of the rules about a single account (naming which, through
// evolve_viewed); HistoryRules (history_rules.h) checks them all along a whole log, with the
// rules that span accounts and time.
enum class HistoryRule : uint8_t {
    BankEvent,             // a type, schema version and payload the bank can read
    OwnStream,             // in its account's own stream, stream versions 1, 2, 3...
    OpenedOnce,            // a stream starts with its one AccountCreated
    NothingAfterClose,     // no event after AccountClosed
    ClosedAtZero,          // an account is closed only at a zero balance
    WithinOverdraft,       // the balance never goes below minus the overdraft limit
    TransferPaired,        // TransferSent, then at once its TransferReceived, in one batch
    SameCurrency,          // deposits and transfers in the account's own currency
    NoOverflow,            // no balance leaves the range of int64 cents
    ReversalNamesDeposit,  // DepositReversed names an earlier deposit of its account, once
    TimeMovesForward,      // recordedAt never decreases along the log
    TimeInRange,           // recordedAt from 2000-01-01T00:00:00Z to now + 1 day
    TextIsText,            // no control character (C0, DEL) in an owner, a depositor, an actor or a reason
};

// "within-overdraft", ...: how messages and docs name a rule.
const char* rule_name(HistoryRule rule);

// Whether `balance` is one the account may hold: at least minus its overdraft limit.
bool within_overdraft(const AccountState& state, int64_t balance);

// Folds one event of this account's stream. Expects the current schema versions (upcast first)
// and the next stream version; anything else is an error (Corrupt or Unsupported) that names
// the event, because a state built from a broken stream must not be trusted.
Result<AccountState> evolve(AccountState state, const RecordedEvent& event);

// evolve() for an event whose payload the bank's codec decoded (bank_payload_codec, typed_events.h):
// deposits, withdrawals, transfers and closes are folded from `typed` without reading the event's
// JSON (~10x faster); the others, and any event when `typed` is nullptr, as evolve() does. The
// same result as evolve() either way.
Result<AccountState> evolve_typed(AccountState state, const RecordedEvent& event, const TypedPayload* typed);

// Folds a run of one account stream's events into `state`, in order, each by evolve. An error
// names the event by its position and type; `state` is then not to be used.
Status evolve_run(AccountState& state, const std::vector<const RecordedEvent*>& events);
// The same for a store's run (EventStore::current_views): each event by evolve_typed with its
// payload when the run has payloads, reading a released event's stamp (stream version and
// times) instead of decoding it (core/event_run.h). The account fold's run
// (Fold::evolve_typed_run) and the time-travel cache (AccountStatesCache) fold with it.
Status evolve_run(AccountState& state, const EventRun& run);

// evolve() for an event already read (view_or_decode, bank/event_view.h) into `view`: when the
// event cannot be folded, `*broken` (if given) names the rule it breaks.
struct EventView;
Result<AccountState> evolve_viewed(AccountState state, const RecordedEvent& event, const EventView& view,
                                   HistoryRule* broken);

// Decides a single-account command (OpenAccount, Deposit, Withdraw, CloseAccount). A Transfer
// or a ReverseDeposit here is an InvalidArgument: use decide_transfer or decide_reversal. Errors: InvalidArgument for a malformed
// command, NotFound for an unknown account, AlreadyExists when opening twice, Rejected when a
// business rule says no. Each message says what to do instead.
Result<std::vector<NewEvent>> decide(const Command& command, const AccountState& state);

struct TransferDecision {
    std::string transfer_id;
    std::vector<NewEvent> from_events;  // TransferSent, for account-<from>
    std::vector<NewEvent> to_events;    // TransferReceived, for account-<to>
};

// The transfer id is derived from the source stream ("transfer-<from>-<next version>"), so the
// decider stays pure and the id is unique: each source version is written at most once.
Result<TransferDecision> decide_transfer(const Transfer& command, const AccountState& from,
                                         const AccountState& to);

// A reversal needs the deposit it names as well as the account: `deposit` is the event recorded
// at command.deposit_position, at its current schema (null when there is no such position).
// Rejected when it is not a deposit into this account, was reversed already, or its money is no
// longer there (balance and overdraft limit as for a withdrawal); InvalidArgument without a
// reason. The DepositReversed names the deposit (its position and id; causation = its id).
Result<std::vector<NewEvent>> decide_reversal(const ReverseDeposit& command, const AccountState& state,
                                              const RecordedEvent* deposit);

// The state as JSON (for snapshots and the UI) and back, strictly.
Json state_to_json(const AccountState& state);
Result<AccountState> state_from_json(const Json& j);

// The account fold for snapshots and time travel: state_type "bank.account",
// state_schema_version 2 (bump it when AccountState's JSON changes, so old snapshots are ignored).
// Its evolve is evolve() above, through state_to_json/state_from_json.
Fold account_fold();

}  // namespace es::bank
