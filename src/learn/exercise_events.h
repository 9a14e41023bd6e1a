// What the exercises hand to Lua and how they show it (internal to src/learn): an event as the
// Lua table the learner's function receives, an event in a few words for a verdict, a value of
// the learner's table as text, and the reference read models.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "bank/event_view.h"
#include "core/event.h"
#include "learn/fold_exercise.h"

namespace es::learn {

// A bank event (read into `view`) as the Lua table: type, position, stream, version, accountId,
// owner, currency, actor, reason, recordedAt, and every amount as integer cents ("amount",
// "overdraftLimit"), plus depositedBy, toAccountId, fromAccountId, transferId, reversedPosition
// where the type has them.
Json bank_event_table(const RecordedEvent& event, const bank::EventView& view);
// Any other event (a lesson's free-form one): type, position, stream, version, time, text,
// actor, reason, recordedAt.
Json free_form_event_table(const RecordedEvent& event);

// "#3 MoneyWithdrawn $50.00", "#1 AccountCreated alice", "#9 SeatReserved \"14C\"". `currency`:
// the account's, for the types whose payload does not name it. `view` null: not a bank event.
std::string describe_event(const RecordedEvent& event, const bank::EventView* view, std::string_view currency);

// A value of the learner's table as text: money (integer cents) as "150.00", other integers as
// they are, text quoted, true/false, a missing one as "(none)", a table as compact JSON.
std::string value_text(const Json& value, bool money);
// A table's top-level entries as fields, in key order; the entries named in `money` (or all of
// them, with money_all) shown as money.
std::vector<Field> table_fields(const Json& table, const std::vector<std::string>& money, bool money_all);

// The reference read model `model` (read_model_names()) after one more bank event: rows by key, cents.
void reference_project(std::string_view model, std::map<std::string, int64_t>& rows, const RecordedEvent& event,
                       const bank::EventView& view);

}  // namespace es::learn
