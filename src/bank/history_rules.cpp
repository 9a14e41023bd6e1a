// The bank's rules over a recorded history, one event at a time (see history_rules.h).
#include "bank/history_rules.h"

#include <utility>

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
    const uint64_t position = stored.global_position;
    if (Status s = check_time(stored); !s.ok()) return s;

    if (free_form_ && !is_account_stream(stored.stream_id) && !bank_upcasters().knows(stored.type)) {
        if (pending_)
            return refuse(position, HistoryRule::TransferPaired, pending_->describe() + " is followed by a " + stored.type +
                                                                     " instead of its TransferReceived");
        last_recorded_ms_ = stored.recorded_at_ms;
        position_ = position;
        return ok_status();
    }

    // The event at its current schema, read once.
    RecordedEvent upcast;
    const RecordedEvent* e = &stored;
    if (bank_upcasters().needs_upcast(stored)) {
        auto current = bank_upcasters().upcast(stored);
        if (!current.ok()) return refuse(position, HistoryRule::BankEvent, current.error().message);
        upcast = std::move(*current);
        e = &upcast;
    }
    EventView v;
    std::optional<BankEvent> holder;
    if (!view_or_decode(*e, v, holder)) return refuse(position, HistoryRule::BankEvent, decode_event(*e).error().message);

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
    last_recorded_ms_ = stored.recorded_at_ms;
    position_ = position;
    return ok_status();
}

Status HistoryRules::end_batch() {
    if (broken_) return make_error(ErrorCode::Corrupt, broken_->message);
    if (!pending_) return ok_status();
    const PendingTransfer& p = *pending_;
    return refuse(p.position, HistoryRule::TransferPaired,
                  p.describe() + " has no TransferReceived in its batch: the money would vanish");
}

// ---- HistoryRulesProjection ---------------------------------------------------------------------

HistoryRulesProjection::HistoryRulesProjection(const EventStore& store, Clock& clock)
    : store_(store), clock_(clock), rules_(clock.now_ms()) {
    rules_.allow_free_form(true);
}

void HistoryRulesProjection::reset() {
    rules_ = HistoryRules(clock_.now_ms());
    rules_.allow_free_form(true);
}

void HistoryRulesProjection::apply(const RecordedEvent& event) {
    // The bound is now + 1 day: a sandbox open for days moves it on before judging a new event.
    if (event.recorded_at_ms > rules_.latest_recorded_at_ms()) rules_.set_now(clock_.now_ms());
    const EventList& log = store_.recorded_log();
    (void)rules_.take(event, [&log](uint64_t p) { return p >= 1 && p <= log.size() ? &log[p - 1] : nullptr; });
}

Json HistoryRulesProjection::to_json() const {
    return Json{{"checked", rules_.position()}, {"problem", problem()}};
}

std::string HistoryRulesProjection::problem() const {
    const auto& broken = rules_.broken();
    return broken ? "position " + std::to_string(broken->position) + ": " + broken->message : std::string();
}

}  // namespace es::bank
