// The bank's rules over a recorded history, one event at a time (see history_rules.h).
#include "bank/history_rules.h"

#include <algorithm>
#include <utility>

#include "bank/commands.h"
#include "bank/event_view.h"
#include "bank/events.h"
#include "bank/money.h"

namespace es::bank {

std::string describe_broken(HistoryRule rule, const std::string& why) {
    return std::string("breaks the rule \"") + rule_name(rule) + "\": " + why;
}

namespace {

bool is_account_stream(const std::string& stream_id) { return stream_id.rfind("account-", 0) == 0; }

std::string ms(int64_t t) { return std::to_string(t) + " ms"; }

}  // namespace

std::string HistoryRules::PendingTransfer::describe() const {
    return "the TransferSent at position " + std::to_string(position) + " (" + transfer_id + ", " +
           format_amount(amount_cents) + " from " + from + " to " + to + ")";
}

Status HistoryRules::refuse(uint64_t position, HistoryRule rule, const std::string& why) {
    broken_ = Broken{position, rule, describe_broken(rule, why)};
    return make_error(ErrorCode::Corrupt, broken_->message);
}

Status HistoryRules::check_time(const RecordedEvent& e) {
    const int64_t t = e.recorded_at_ms;
    if (t > latest_ms_ && clock_ != nullptr) set_now(clock_->now_ms());  // a session open for days
    if (t < kEarliestRecordedAtMs || t > latest_ms_)
        return refuse(e.global_position, HistoryRule::TimeInRange,
                      "recordedAt is " + ms(t) + ", outside the times a store can have recorded: from " +
                          ms(kEarliestRecordedAtMs) + " (2000-01-01T00:00:00Z) to now + 1 day (" + ms(latest_ms_) + ")");
    if (t < last_recorded_ms_)
        return refuse(e.global_position, HistoryRule::TimeMovesForward,
                      "recordedAt is " + ms(t) + ", before the " + ms(last_recorded_ms_) +
                          " of the event before it; the store's time never goes back");
    return ok_status();
}

Status HistoryRules::check_reversal(const RecordedEvent& e, const EventView& v, const EventAt& earlier) {
    const std::string named = "it names the deposit at position " + std::to_string(v.reversed_position);
    const RecordedEvent* deposit =
        v.reversed_position < e.global_position && earlier ? earlier(v.reversed_position) : nullptr;
    if (deposit == nullptr)
        return refuse(e.global_position, HistoryRule::ReversalNamesDeposit, named + ", which is not before it");
    if (deposit->type != MoneyDeposited::kType || deposit->stream_id != e.stream_id)
        return refuse(e.global_position, HistoryRule::ReversalNamesDeposit,
                      named + ", which is a " + deposit->type + " on " + deposit->stream_id + ", not a deposit into " +
                          e.stream_id);
    if (deposit->event_id != v.reversed_event_id)
        return refuse(e.global_position, HistoryRule::ReversalNamesDeposit,
                      named + " by the id " + std::string(v.reversed_event_id) + ", but that deposit's id is " +
                          deposit->event_id);
    const auto amount = amount_of(*deposit);
    if (!amount || *amount != v.amount_cents)
        return refuse(e.global_position, HistoryRule::ReversalNamesDeposit,
                      "it takes back " + format_amount(v.amount_cents) + " but the deposit at position " +
                          std::to_string(v.reversed_position) + " paid in " + (amount ? format_amount(*amount) : "nothing"));
    return ok_status();
}

Status HistoryRules::take(const RecordedEvent& stored, const EventAt& earlier) {
    if (broken_) return make_error(ErrorCode::Corrupt, broken_->message);
    if (!bank_upcasters().needs_upcast(stored)) {
        EventView v;
        std::optional<BankEvent> holder;
        return take_viewed(stored, view_or_decode(stored, v, holder) ? &v : nullptr, earlier);
    }
    auto current = bank_upcasters().upcast(stored);
    if (!current.ok()) {
        if (Status s = check_time(stored); !s.ok()) return s;
        if (free_form(stored)) return take_free_form(stored);
        return refuse(stored.global_position, HistoryRule::BankEvent, current.error().message);
    }
    EventView v;
    std::optional<BankEvent> holder;
    return take_viewed(*current, view_or_decode(*current, v, holder) ? &v : nullptr, earlier);
}

bool HistoryRules::free_form(const RecordedEvent& e) const {
    return free_form_ && !is_account_stream(e.stream_id) && !bank_upcasters().knows(e.type);
}

Status HistoryRules::take_free_form(const RecordedEvent& e) {
    if (pending_)
        return refuse(e.global_position, HistoryRule::TransferPaired,
                      pending_->describe() + " is followed by a " + e.type + " instead of its TransferReceived");
    last_recorded_ms_ = e.recorded_at_ms;
    position_ = e.global_position;
    return ok_status();
}

Status HistoryRules::take_viewed(const RecordedEvent& current, const EventView* view, const EventAt& earlier) {
    if (broken_) return make_error(ErrorCode::Corrupt, broken_->message);
    const RecordedEvent* e = &current;
    const uint64_t position = current.global_position;
    if (Status s = check_time(current); !s.ok()) return s;
    if (view == nullptr) {
        if (free_form(current)) return take_free_form(current);
        auto decoded = decode_event(current);
        return refuse(position, HistoryRule::BankEvent,
                      decoded.ok() ? "the bank cannot read it" : decoded.error().message);
    }
    const EventView& v = *view;
    // What a person wrote is text: the bank refuses control characters in commands, so a stored
    // one came some other way (a forged or hand-edited log) and would reach every screen.
    if (const std::string problem = text_fields_problem({{"actor", current.metadata.actor},
                                                         {"reason", current.metadata.reason},
                                                         {v.kind == EventKind::AccountCreated ? "owner" : "depositedBy", v.text}});
        !problem.empty())
        return refuse(position, HistoryRule::TextIsText, problem);

    if (pending_) {
        const PendingTransfer& p = *pending_;
        if (v.kind != EventKind::TransferReceived || v.transfer_id != p.transfer_id || v.account_id != p.to ||
            v.other_account_id != p.from || v.amount_cents != p.amount_cents)
            return refuse(position, HistoryRule::TransferPaired,
                          p.describe() + " is not followed at once by its TransferReceived (same transfer id, accounts "
                                        "and amount) but by a " + e->type + " on " + e->stream_id);
    } else if (v.kind == EventKind::TransferReceived) {
        return refuse(position, HistoryRule::TransferPaired,
                      "a TransferReceived of " + format_amount(v.amount_cents) + " from " + std::string(v.other_account_id) +
                          " (" + std::string(v.transfer_id) + ") without its TransferSent just before it");
    }
    if (v.kind == EventKind::DepositReversed) {
        if (Status s = check_reversal(*e, v, earlier); !s.ok()) return s;
    }

    auto it = accounts_.try_emplace(e->stream_id).first;
    HistoryRule rule = HistoryRule::BankEvent;
    auto next = evolve_viewed(std::move(it->second), *e, v, &rule);
    if (!next.ok()) return refuse(position, rule, next.error().message);
    AccountState& state = it->second = std::move(*next);

    if (v.kind == EventKind::AccountClosed && state.balance_cents != 0)
        return refuse(position, HistoryRule::ClosedAtZero,
                      e->stream_id + " is closed holding " + format_money(state.balance_cents, state.currency) +
                          "; only an account at " + format_money(0, state.currency) + " can be closed");
    if (!within_overdraft(state, state.balance_cents))
        return refuse(position, HistoryRule::WithinOverdraft,
                      e->stream_id + " goes to " + format_money(state.balance_cents, state.currency) +
                          ", below its overdraft limit of " + format_money(state.overdraft_limit_cents, state.currency));
    if (v.kind == EventKind::TransferSent) {
        if (v.other_account_id == v.account_id)
            return refuse(position, HistoryRule::TransferPaired, e->stream_id + " sends a transfer to itself");
        pending_ = PendingTransfer{position, std::string(v.transfer_id), std::string(v.account_id),
                                   std::string(v.other_account_id), state.currency, v.amount_cents};
    } else if (v.kind == EventKind::TransferReceived) {
        if (state.currency != pending_->currency)
            return refuse(position, HistoryRule::SameCurrency,
                          "the transfer " + pending_->transfer_id + " was sent in " + pending_->currency +
                              " and credited to " + e->stream_id + ", a " + state.currency + " account");
        pending_.reset();
    }
    last_recorded_ms_ = current.recorded_at_ms;
    position_ = position;
    return ok_status();
}

void HistoryRules::resume(uint64_t position, int64_t last_recorded_ms,
                          std::unordered_map<std::string, AccountState> accounts) {
    restart();
    accounts_ = std::move(accounts);
    position_ = position;
    last_recorded_ms_ = std::max(last_recorded_ms, kEarliestRecordedAtMs);
}

void HistoryRules::restart() {
    accounts_.clear();
    pending_.reset();
    broken_.reset();
    position_ = 0;
    last_recorded_ms_ = kEarliestRecordedAtMs;
}

Status HistoryRules::end_batch() {
    if (broken_) return make_error(ErrorCode::Corrupt, broken_->message);
    if (!pending_) return ok_status();
    const PendingTransfer& p = *pending_;
    return refuse(p.position, HistoryRule::TransferPaired,
                  p.describe() + " has no TransferReceived in its batch: the money would vanish");
}

Status check_log(HistoryRules& rules, EventRange log) {
    const HistoryRules::EventAt earlier = [&log](uint64_t p) { return p >= 1 && p <= log.size() ? &log[p - 1] : nullptr; };
    for (const RecordedEvent& e : log) {
        if (Status s = rules.take(e, earlier); !s.ok()) return s;
    }
    return rules.end_batch();
}

}  // namespace es::bank
