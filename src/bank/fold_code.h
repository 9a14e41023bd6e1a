// The account fold as the replay stepper shows it: evolve() (account.cpp) written out as the
// lesson document's pseudocode, one block per event type, with the state fields each block
// assigns. tests/bank/fold_code_test.cpp folds an example of every type with the real evolve()
// and checks it changes exactly those fields, so the code on screen cannot drift from the fold.
#pragma once

#include <cstdint>
#include <string>

#include "bank/account.h"
#include "bank/events.h"

namespace es::bank {

// AccountState's fields, as the code lines name them.
enum class StateField : uint8_t {
    Exists, Closed, AccountId, Owner, Currency, Balance, OverdraftLimit, Version,
    OpenedAt, ClosedAt, LastActivity, Transactions, Reversed,
};
inline constexpr int kStateFieldCount = 13;

using FieldSet = uint32_t;  // one bit per StateField
constexpr FieldSet field_bit(StateField f) { return FieldSet{1} << static_cast<unsigned>(f); }
constexpr bool has_field(FieldSet set, StateField f) { return (set & field_bit(f)) != 0; }

// "balance", "overdraftLimit": the name the code lines use.
const char* field_name(StateField field);
// The field's value as text: money with its currency ("$100.00"), true/false, quoted text, the
// reversed deposits' positions ("#2, #5" or "none"). Times are given to `time_text` (the app
// shows local time); without one they are printed as milliseconds.
std::string field_value(const AccountState& state, StateField field, std::string (*time_text)(int64_t) = nullptr);
// The fields whose values differ between two states.
FieldSet changed_fields(const AccountState& before, const AccountState& after);

// One event type's block of evolve().
struct FoldCode {
    EventKind kind;
    const char* type;    // "MoneyDeposited"
    const char* text;    // "on MoneyDeposited:\n    balance += e.amount\n    transactions += 1"
    FieldSet assigns;    // the fields its lines assign
    StateField narrated; // the field the narration line follows
};

// Every event type's block, in EventKind order.
const FoldCode* fold_code_table(size_t* count);
const FoldCode& fold_code_of(EventKind kind);
// The lines evolve() runs after every event's own block, and what they assign (version, lastActivity).
extern const char* const kFoldEveryEventText;
inline constexpr FieldSet kFoldEveryEventAssigns = field_bit(StateField::Version) | field_bit(StateField::LastActivity);

}  // namespace es::bank
