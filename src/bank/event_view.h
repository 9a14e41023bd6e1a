// A lean, copy-free reading of a bank event for the hot replay paths (projections, evolve()).
// decode_event builds a typed payload with its own strings and detailed error messages, which
// costs about a microsecond per event; replaying a million events only needs a few fields, read
// in place. view_event applies exactly the rules of the strict decoder (same types, versions,
// fields, limits) but never explains a failure: when it says no, the caller falls back to
// decode_event, which either reports the problem or decodes the event. So the fast path can
// only make replay faster, never more lenient. Internal to src/bank.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "bank/events.h"
#include "core/event.h"
#include "core/recorded_log.h"

namespace es::bank {

// Every field of every bank payload, as views into the event (or payload) it was read from: it
// must not outlive that. Fields a kind does not have stay empty / 0.
struct EventView {
    EventKind kind = EventKind::AccountClosed;
    std::string_view account_id;        // every kind
    std::string_view other_account_id;  // TransferSent: to, TransferReceived: from
    std::string_view transfer_id;       // transfers
    std::string_view currency;          // AccountCreated, MoneyDeposited
    std::string_view text;              // AccountCreated: owner, MoneyDeposited: depositedBy
    int64_t amount_cents = 0;           // deposits, withdrawals, transfers, reversals (> 0)
    int64_t overdraft_limit_cents = 0;  // AccountCreated (>= 0)
    uint64_t reversed_position = 0;     // DepositReversed: the deposit it reverses
    std::string_view reversed_event_id; // DepositReversed
};

// True (and `out` filled) only when decode_event(event) would succeed; false means "ask
// decode_event" (which gives the error, or in the unexpected case the payload).
bool view_event(const RecordedEvent& event, EventView& out);

// view_event, or when it declines, decode_event into `holder` and a view of that: true (and
// `out` filled, viewing `event` or `holder`) exactly when the strict decoder accepts the event.
bool view_or_decode(const RecordedEvent& event, EventView& out, std::optional<BankEvent>& holder);

// The same view over an already decoded payload (points into `event`).
EventView view_of(const BankEvent& event);

// The amount a bank event moves (deposits, withdrawals, transfers), read as above after upcasting
// a stored event of an older schema; nullopt for any other event.
std::optional<int64_t> amount_of(const RecordedEvent& event);

// The events at positions after `after_position` in a few words each, for a notice that lists
// them ("MoneyDeposited on account-alice (100.00), ..."): what a write lost to another tab held.
std::string describe_events_after(EventRange log, uint64_t after_position);

}  // namespace es::bank
