// The replay stepper's model: one account's stream, read as the Bank reads it (upcast, through
// read_account_events), folded once with the real evolve(), then shown step by step: for step i
// the event, the block of evolve() that runs (fold_code.h), the state before and after, and
// which fields changed. Moving to any step is cheap after the one fold: states are kept at most
// every `every()` events (every one for streams up to kMaxKept events), so a step folds fewer
// than every() events: a 100,000-event stream keeps 4,000 states and folds at most 24 per step.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "bank/account.h"
#include "bank/fold_code.h"
#include "core/event_store.h"

namespace es::bank {

struct ReplayStep {
    size_t index = 0;                      // 1-based: the index-th event of the stream
    const RecordedEvent* event = nullptr;  // as read (upcast); lives as long as the stepper's load
    const FoldCode* code = nullptr;        // the block of evolve() that folds it
    std::string summary;                   // "+$50.00", "-$20.00 to bob", "owner Alice, USD"
    AccountState before, after;
    FieldSet changed = 0;
    std::string narration;                 // "MoneyDeposited +$50.00: balance $50.00 -> $100.00"
};

class ReplayStepper {
public:
    static constexpr size_t kMaxKept = 4096;

    // Reads and folds `account_id`'s stream. NotFound when it has no events; a read or fold error
    // as the Bank would report it (the stepper is then empty).
    Status load(const EventStore& store, const std::string& account_id);

    const std::string& account() const { return account_; }
    size_t steps() const { return events_.size(); }
    size_t every() const { return every_; }
    const EventList& events() const { return events_; }
    // The state after the first `i` events (0: before any, the initial state), i <= steps().
    AccountState state_after(size_t i) const;
    // Step i, 1 <= i <= steps().
    ReplayStep step(size_t i) const;

private:
    std::string account_;
    EventList events_;
    std::vector<AccountState> kept_;  // kept_[k]: the state after k * every_ events
    size_t every_ = 1;
};

// An event in a few words for the stepper's cards and narration, from the state it lands on
// (for the currency): "+$50.00", "-$20.00 to bob", "owner Alice, USD", "" for AccountClosed.
std::string step_summary(const RecordedEvent& event, const AccountState& after);

}  // namespace es::bank
