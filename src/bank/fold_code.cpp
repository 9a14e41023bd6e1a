// evolve() as pseudocode, block by block (fold_code.h). Keep each block in step with its case in
// evolve_viewed (account.cpp); fold_code_test.cpp fails when they part.
#include "bank/fold_code.h"

#include <iterator>

#include "bank/money.h"

namespace es::bank {

namespace {

constexpr FieldSet bits(std::initializer_list<StateField> fields) {
    FieldSet out = 0;
    for (StateField f : fields) out |= field_bit(f);
    return out;
}

using F = StateField;
constexpr FieldSet kMoves = bits({F::Balance, F::Transactions});

constexpr FoldCode kFoldCode[] = {
    {EventKind::AccountCreated, "AccountCreated",
     "on AccountCreated:\n"
     "    exists = true; balance = 0\n"
     "    accountId = e.accountId\n"
     "    owner = e.owner\n"
     "    currency = e.currency\n"
     "    overdraftLimit = e.overdraftLimit\n"
     "    openedAt = e.time",
     bits({F::Exists, F::Balance, F::AccountId, F::Owner, F::Currency, F::OverdraftLimit, F::OpenedAt}), F::Exists},
    {EventKind::MoneyDeposited, "MoneyDeposited",
     "on MoneyDeposited:\n"
     "    balance += e.amount\n"
     "    transactions += 1",
     kMoves, F::Balance},
    {EventKind::MoneyWithdrawn, "MoneyWithdrawn",
     "on MoneyWithdrawn:\n"
     "    balance -= e.amount\n"
     "    transactions += 1",
     kMoves, F::Balance},
    {EventKind::TransferSent, "TransferSent",
     "on TransferSent:\n"
     "    balance -= e.amount\n"
     "    transactions += 1",
     kMoves, F::Balance},
    {EventKind::TransferReceived, "TransferReceived",
     "on TransferReceived:\n"
     "    balance += e.amount\n"
     "    transactions += 1",
     kMoves, F::Balance},
    {EventKind::AccountClosed, "AccountClosed",
     "on AccountClosed:\n"
     "    closed = true\n"
     "    closedAt = e.time",
     bits({F::Closed, F::ClosedAt}), F::Closed},
    {EventKind::DepositReversed, "DepositReversed",
     "on DepositReversed:\n"
     "    balance -= e.amount\n"
     "    transactions += 1\n"
     "    reversed += e.reversedPosition",
     kMoves | field_bit(F::Reversed), F::Balance},
};

constexpr bool in_kind_order() {
    for (size_t i = 0; i < std::size(kFoldCode); ++i)
        if (static_cast<size_t>(kFoldCode[i].kind) != i) return false;
    return true;
}
static_assert(in_kind_order(), "kFoldCode: one block per EventKind, in enum order");

std::string money(const AccountState& s, int64_t cents) {
    return s.currency.empty() ? format_amount(cents) : format_money(cents, s.currency);
}

std::string time_value(int64_t ms, std::string (*time_text)(int64_t)) {
    if (ms == 0) return "-";
    return time_text != nullptr ? time_text(ms) : std::to_string(ms) + " ms";
}

}  // namespace

const char* const kFoldEveryEventText =
    "then, for every event:\n"
    "    version = e.streamVersion\n"
    "    lastActivity = e.time";

const FoldCode* fold_code_table(size_t* count) {
    *count = std::size(kFoldCode);
    return kFoldCode;
}

const FoldCode& fold_code_of(EventKind kind) { return kFoldCode[static_cast<size_t>(kind)]; }

const char* field_name(StateField field) {
    switch (field) {
        case F::Exists: return "exists";
        case F::Closed: return "closed";
        case F::AccountId: return "accountId";
        case F::Owner: return "owner";
        case F::Currency: return "currency";
        case F::Balance: return "balance";
        case F::OverdraftLimit: return "overdraftLimit";
        case F::Version: return "version";
        case F::OpenedAt: return "openedAt";
        case F::ClosedAt: return "closedAt";
        case F::LastActivity: return "lastActivity";
        case F::Transactions: return "transactions";
        case F::Reversed: return "reversed";
    }
    return "?";
}

std::string field_value(const AccountState& s, StateField field, std::string (*time_text)(int64_t)) {
    switch (field) {
        case F::Exists: return s.exists ? "true" : "false";
        case F::Closed: return s.closed ? "true" : "false";
        case F::AccountId: return "\"" + s.account_id + "\"";
        case F::Owner: return "\"" + s.owner + "\"";
        case F::Currency: return "\"" + s.currency + "\"";
        case F::Balance: return money(s, s.balance_cents);
        case F::OverdraftLimit: return money(s, s.overdraft_limit_cents);
        case F::Version: return std::to_string(s.version);
        case F::OpenedAt: return time_value(s.opened_at_ms, time_text);
        case F::ClosedAt: return time_value(s.closed_at_ms, time_text);
        case F::LastActivity: return time_value(s.last_activity_ms, time_text);
        case F::Transactions: return std::to_string(s.transaction_count);
        case F::Reversed: {
            if (s.reversed_positions.empty()) return "none";
            std::string out;
            for (uint64_t p : s.reversed_positions) out += (out.empty() ? "#" : ", #") + std::to_string(p);
            return out;
        }
    }
    return "?";
}

FieldSet changed_fields(const AccountState& a, const AccountState& b) {
    const bool differs[kStateFieldCount] = {
        a.exists != b.exists,
        a.closed != b.closed,
        a.account_id != b.account_id,
        a.owner != b.owner,
        a.currency != b.currency,
        a.balance_cents != b.balance_cents,
        a.overdraft_limit_cents != b.overdraft_limit_cents,
        a.version != b.version,
        a.opened_at_ms != b.opened_at_ms,
        a.closed_at_ms != b.closed_at_ms,
        a.last_activity_ms != b.last_activity_ms,
        a.transaction_count != b.transaction_count,
        a.reversed_positions != b.reversed_positions,
    };
    FieldSet out = 0;
    for (int i = 0; i < kStateFieldCount; ++i)
        if (differs[i]) out |= field_bit(static_cast<StateField>(i));
    return out;
}

}  // namespace es::bank
