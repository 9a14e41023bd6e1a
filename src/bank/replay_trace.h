// The trace of a replay: an account's state rebuilt from its events, one evolve step per event,
// for the sequence diagram's "replay -> current state" view. Uses the same read (upcast) and
// the same evolve() as the Bank, so what it shows is what a command's load does.
#pragma once

#include <cstddef>
#include <string>

#include "bank/account.h"
#include "core/event_store.h"
#include "core/trace.h"

namespace es::bank {

// An account's events as the Bank reads them to load it: its stream, upcast to the current
// schemas, oldest first (empty when the account has no events).
Result<EventList> read_account_events(const EventStore& store, const std::string& account_id);

// Begins `trace` with a replay of account `account_id` and returns the state it reaches. The
// first `max_steps` events get a message each; the rest are summed up in one. NotFound when the
// account has no events (the trace then says so).
Result<AccountState> trace_replay(const EventStore& store, const std::string& account_id, Trace& trace,
                                  size_t max_steps = 8);

}  // namespace es::bank
