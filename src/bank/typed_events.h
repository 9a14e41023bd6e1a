// The bank's PayloadCodec: what the event store keeps of each bank event, decoded once, so a
// rebuild of a read model (BalancesProjection) folds 16 bytes per event instead of its JSON.
// A TypedPayload it fills says:
//   kind    the EventKind;
//   stream  the account's stream (the event's accountId is always its stream's account; an event
//           where they differ is left untyped, so a fold that reads the account off the stream
//           reads what apply() reads off the payload);
//   value   the amount in cents (deposits, withdrawals, transfers, reversals), the overdraft limit
//           (AccountCreated), 0 (AccountClosed);
//   detail  the currency code (AccountCreated, MoneyDeposited), packed: typed_currency() reads it.
// The codec types exactly the events the strict decoder accepts (view_or_decode), after upcasting.
#pragma once

#include <string_view>

#include "bank/events.h"
#include "core/typed_payload.h"

namespace es::bank {

// One for the whole program (a store keeps a pointer to it). Bank's constructor and the Sandbox
// set it on their store.
const PayloadCodec& bank_payload_codec();

inline EventKind typed_kind(const TypedPayload& p) { return static_cast<EventKind>(p.kind); }

// The currency code in `detail`, spelled into `buf` (which the result views).
std::string_view typed_currency(const TypedPayload& p, char (&buf)[3]);

}  // namespace es::bank
