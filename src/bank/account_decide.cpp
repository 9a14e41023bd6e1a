// The account deciders: decide() for single-account commands and decide_transfer(). Every
// rejection is written for a learner: what was asked, why it cannot happen, what to do instead.
#include <algorithm>
#include <type_traits>
#include <utility>
#include <variant>

#include "bank/account.h"
#include "bank/events.h"
#include "bank/commands.h"
#include "bank/money.h"

namespace es::bank {

namespace {

EventMetadata metadata_of(const CommandMeta& meta, const std::string& correlation_id = "") {
    EventMetadata m;
    m.actor = meta.actor;
    m.reason = meta.reason;
    m.correlation_id = correlation_id;
    return m;
}

Status require_actor(const CommandMeta& meta, const char* command) {
    if (meta.actor.empty()) {
        return make_error(ErrorCode::InvalidArgument,
                          std::string(command) +
                              ": actor is empty; say who is asking (it is recorded in every event)");
    }
    // Who and why are printed wherever the history is shown: text only.
    if (const std::string problem = text_fields_problem({{"actor", meta.actor}, {"reason", meta.reason}}); !problem.empty())
        return make_error(ErrorCode::InvalidArgument, std::string(command) + ": " + problem);
    return ok_status();
}

// The account exists and is open.
Status require_open(const AccountState& s, const std::string& account_id, const char* verb) {
    if (!s.exists) {
        return make_error(ErrorCode::NotFound,
                          "cannot " + std::string(verb) + ": account \"" + account_id +
                              "\" does not exist; open it first with OpenAccount");
    }
    if (s.closed) {
        return make_error(ErrorCode::Rejected,
                          "cannot " + std::string(verb) + ": account \"" + account_id +
                              "\" is closed; closed accounts accept no more transactions, use "
                              "another account");
    }
    return ok_status();
}

Status require_positive(int64_t amount_cents, const char* verb) {
    if (amount_cents <= 0) {
        return make_error(ErrorCode::InvalidArgument,
                          "cannot " + std::string(verb) + " " + format_amount(amount_cents) +
                              ": the amount must be positive; enter at least 0.01");
    }
    return ok_status();
}

// The balance after taking `amount` out, or a rejection that shows the numbers.
Result<int64_t> balance_after_debit(const AccountState& s, int64_t amount, const char* verb) {
    auto after = checked_sub(s.balance_cents, amount);
    if (!after.ok() || !within_overdraft(s, *after)) {
        // At most balance + limit may leave; it can be negative when already overdrawn.
        auto available = checked_add(s.balance_cents, s.overdraft_limit_cents);
        std::string hint = (available.ok() && *available > 0)
                               ? "at most " + format_money(*available, s.currency)
                               : "nothing until money comes in";
        return make_error(ErrorCode::Rejected,
                          "cannot " + std::string(verb) + " " + format_money(amount, s.currency) +
                              ": balance is " + format_money(s.balance_cents, s.currency) +
                              " and the overdraft limit is " +
                              format_money(s.overdraft_limit_cents, s.currency) + "; you can " +
                              verb + " " + hint);
    }
    return after;
}

Status check_credit(const AccountState& s, int64_t amount, const char* verb) {
    if (!checked_add(s.balance_cents, amount).ok()) {
        return make_error(ErrorCode::Rejected,
                          "cannot " + std::string(verb) + " " + format_money(amount, s.currency) +
                              ": the balance of \"" + s.account_id +
                              "\" would exceed the largest amount this bank can hold; use a "
                              "smaller amount");
    }
    return ok_status();
}

using Events = std::vector<NewEvent>;

Result<Events> decide_open(const OpenAccount& c, const AccountState& s) {
    if (!is_valid_account_id(c.account_id)) {
        return make_error(ErrorCode::InvalidArgument,
                          "cannot open account \"" + c.account_id +
                              "\": use 1 to 64 letters, digits, '_' or '-' as the id");
    }
    if (s.exists) {
        return make_error(ErrorCode::AlreadyExists,
                          "cannot open account \"" + c.account_id + "\": it already exists" +
                              (s.closed ? " (closed)" : "") + ", owned by " + s.owner +
                              "; choose another account id");
    }
    if (c.owner.empty()) {
        return make_error(ErrorCode::InvalidArgument,
                          "cannot open account \"" + c.account_id + "\": the owner is empty; "
                                                                    "give the owner's name");
    }
    if (const std::string problem = control_character_problem(c.owner); !problem.empty())
        return make_error(ErrorCode::InvalidArgument, "cannot open account \"" + c.account_id + "\": the owner " + problem);
    if (!is_currency_code(c.currency)) {
        return make_error(ErrorCode::InvalidArgument,
                          "cannot open account \"" + c.account_id + "\": \"" + c.currency +
                              "\" is not a currency code; use three capital letters such as USD");
    }
    const int64_t limit = c.overdraft_limit_cents.value_or(0);
    if (limit < 0) {
        return make_error(ErrorCode::InvalidArgument,
                          "cannot open account \"" + c.account_id +
                              "\": the overdraft limit is negative; use 0.00 for no overdraft");
    }
    return Events{make_event(AccountCreated{c.account_id, c.owner, c.currency, limit},
                             metadata_of(c.meta))};
}

Result<Events> decide_deposit(const Deposit& c, const AccountState& s) {
    if (auto st = require_open(s, c.account_id, "deposit"); !st.ok()) return st.error();
    if (auto st = require_positive(c.amount_cents, "deposit"); !st.ok()) return st.error();
    if (auto st = check_credit(s, c.amount_cents, "deposit"); !st.ok()) return st.error();
    return Events{make_event(MoneyDeposited{c.account_id, c.amount_cents, s.currency, c.meta.actor},
                             metadata_of(c.meta))};
}

Result<Events> decide_withdraw(const Withdraw& c, const AccountState& s) {
    if (auto st = require_open(s, c.account_id, "withdraw"); !st.ok()) return st.error();
    if (auto st = require_positive(c.amount_cents, "withdraw"); !st.ok()) return st.error();
    if (auto after = balance_after_debit(s, c.amount_cents, "withdraw"); !after.ok()) {
        return after.error();
    }
    return Events{make_event(MoneyWithdrawn{c.account_id, c.amount_cents}, metadata_of(c.meta))};
}

Result<Events> decide_close(const CloseAccount& c, const AccountState& s) {
    if (auto st = require_open(s, c.account_id, "close the account"); !st.ok()) return st.error();
    if (s.balance_cents != 0) {
        const std::string what_to_do =
            s.balance_cents > 0 ? "withdraw or transfer it out first"
                                : "deposit " + format_money(-s.balance_cents, s.currency) +
                                      " first to repay the overdraft";
        return make_error(ErrorCode::Rejected,
                          "cannot close account \"" + c.account_id + "\": the balance is " +
                              format_money(s.balance_cents, s.currency) +
                              " and only an account at " + format_money(0, s.currency) +
                              " can be closed; " + what_to_do);
    }
    return Events{make_event(AccountClosed{c.account_id}, metadata_of(c.meta))};
}

}  // namespace

Result<std::vector<NewEvent>> decide(const Command& command, const AccountState& state) {
    if (auto st = require_actor(command_meta(command), command_type_name(command)); !st.ok()) {
        return st.error();
    }
    return std::visit(
        [&](const auto& c) -> Result<Events> {
            using T = std::decay_t<decltype(c)>;
            if constexpr (std::is_same_v<T, OpenAccount>) {
                return decide_open(c, state);
            } else if constexpr (std::is_same_v<T, Deposit>) {
                return decide_deposit(c, state);
            } else if constexpr (std::is_same_v<T, Withdraw>) {
                return decide_withdraw(c, state);
            } else if constexpr (std::is_same_v<T, CloseAccount>) {
                return decide_close(c, state);
            } else if constexpr (std::is_same_v<T, ReverseDeposit>) {
                return make_error(ErrorCode::InvalidArgument,
                                  "a ReverseDeposit needs the deposit it names: decide it with "
                                  "decide_reversal(command, state, deposit)");
            } else {
                return make_error(ErrorCode::InvalidArgument,
                                  "a Transfer touches two accounts: decide it with "
                                  "decide_transfer(command, from_state, to_state)");
            }
        },
        command);
}

Result<std::vector<NewEvent>> decide_reversal(const ReverseDeposit& c, const AccountState& s,
                                              const RecordedEvent* deposit) {
    if (auto st = require_actor(c.meta, "ReverseDeposit"); !st.ok()) return st.error();
    if (auto st = require_open(s, c.account_id, "reverse a deposit"); !st.ok()) return st.error();
    const std::string where = "the event at position " + std::to_string(c.deposit_position);
    if (deposit == nullptr)
        return make_error(ErrorCode::NotFound, "cannot reverse: there is no event at position " +
                                                   std::to_string(c.deposit_position) + "; give the position of the deposit to reverse");
    if (deposit->type != MoneyDeposited::kType || deposit->stream_id != account_stream_id(c.account_id))
        return make_error(ErrorCode::Rejected, "cannot reverse " + where + ": it is a " + deposit->type + " on " +
                                                   deposit->stream_id + ", not a deposit into \"" + c.account_id +
                                                   "\"; only a deposit can be reversed, by a command on its own account");
    auto paid_in = decode_event(*deposit);
    if (!paid_in.ok()) return paid_in.error();
    const int64_t amount = std::get<MoneyDeposited>(*paid_in).amount_cents;
    const auto& reversed = s.reversed_positions;
    if (std::binary_search(reversed.begin(), reversed.end(), c.deposit_position))
        return make_error(ErrorCode::Rejected, "cannot reverse " + where + ": that deposit of " +
                                                   format_money(amount, s.currency) +
                                                   " was reversed already; a deposit is reversed at most once");
    if (c.meta.reason.empty())
        return make_error(ErrorCode::InvalidArgument,
                          "cannot reverse " + where + " without a reason: say why it was a mistake in Reason (it is "
                                                      "recorded with the reversal, for the audit trail)");
    auto after = checked_sub(s.balance_cents, amount);
    if (!after.ok() || !within_overdraft(s, *after))
        return make_error(ErrorCode::Rejected,
                          "cannot reverse the deposit of " + format_money(amount, s.currency) + " at position " +
                              std::to_string(c.deposit_position) + ": the balance is " + format_money(s.balance_cents, s.currency) +
                              " and the overdraft limit " + format_money(s.overdraft_limit_cents, s.currency) +
                              ", so that money is no longer in the account; it must come back in before the deposit "
                              "can be reversed");
    EventMetadata m = metadata_of(c.meta);
    m.causation_id = deposit->event_id;  // the event that made this one necessary
    return Events{make_event(DepositReversed{c.account_id, amount, c.deposit_position, deposit->event_id}, std::move(m))};
}

Result<TransferDecision> decide_transfer(const Transfer& c, const AccountState& from,
                                         const AccountState& to) {
    if (auto st = require_actor(c.meta, "Transfer"); !st.ok()) return st.error();
    if (c.from_account_id == c.to_account_id) {
        return make_error(ErrorCode::InvalidArgument,
                          "cannot transfer from \"" + c.from_account_id +
                              "\" to itself; choose a different target account");
    }
    if (auto st = require_open(from, c.from_account_id, "transfer from this account"); !st.ok()) {
        return st.error();
    }
    if (auto st = require_open(to, c.to_account_id, "transfer to this account"); !st.ok()) {
        return st.error();
    }
    if (auto st = require_positive(c.amount_cents, "transfer"); !st.ok()) return st.error();
    if (from.currency != to.currency) {
        return make_error(ErrorCode::Rejected,
                          "cannot transfer: \"" + c.from_account_id + "\" holds " +
                              from.currency + " but \"" + c.to_account_id + "\" holds " +
                              to.currency +
                              "; this bank does not exchange currencies, so transfer only "
                              "between accounts in the same currency");
    }
    if (auto after = balance_after_debit(from, c.amount_cents, "transfer"); !after.ok()) {
        return after.error();
    }
    if (auto st = check_credit(to, c.amount_cents, "transfer"); !st.ok()) return st.error();

    TransferDecision d;
    d.transfer_id = "transfer-" + c.from_account_id + "-" + std::to_string(from.version + 1);
    const EventMetadata m = metadata_of(c.meta, d.transfer_id);
    d.from_events.push_back(make_event(
        TransferSent{d.transfer_id, c.from_account_id, c.to_account_id, c.amount_cents}, m));
    d.to_events.push_back(make_event(
        TransferReceived{d.transfer_id, c.to_account_id, c.from_account_id, c.amount_cents}, m));
    return d;
}

}  // namespace es::bank
