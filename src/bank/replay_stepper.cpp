// The replay stepper's model (replay_stepper.h).
#include "bank/replay_stepper.h"

#include <optional>

#include "bank/event_view.h"
#include "bank/money.h"
#include "bank/replay_trace.h"

namespace es::bank {

Status ReplayStepper::load(const EventStore& store, const std::string& account_id) {
    account_ = account_id;
    events_.clear();
    kept_.clear();
    every_ = 1;
    auto events = read_account_events(store, account_id);
    if (!events.ok()) return events.error();
    if (events->empty()) return make_error(ErrorCode::NotFound, "account '" + account_id + "' has no events");
    const size_t n = events->size();
    const size_t every = n <= kMaxKept ? 1 : (n + kMaxKept - 1) / kMaxKept;
    std::vector<AccountState> kept{initial_state()};
    kept.reserve(n / every + 1);
    AccountState state = initial_state();
    for (size_t i = 0; i < n; ++i) {
        auto next = evolve(std::move(state), (*events)[i]);
        if (!next.ok()) return next.error();
        state = std::move(next).value();
        if ((i + 1) % every == 0) kept.push_back(state);
    }
    events_ = std::move(events).value();
    kept_ = std::move(kept);
    every_ = every;
    return ok_status();
}

AccountState ReplayStepper::state_after(size_t i) const {
    if (kept_.empty()) return initial_state();
    if (i > events_.size()) i = events_.size();
    const size_t k = i / every_;
    AccountState state = kept_[k];
    for (size_t j = k * every_; j < i; ++j) {
        auto next = evolve(state, events_[j]);
        if (!next.ok()) break;  // cannot happen: load() folded these very events
        state = std::move(next).value();
    }
    return state;
}

ReplayStep ReplayStepper::step(size_t i) const {
    ReplayStep s;
    if (i == 0 || i > events_.size()) return s;
    s.index = i;
    s.event = &events_[i - 1];
    s.before = state_after(i - 1);
    auto after = evolve(s.before, *s.event);
    s.after = after.ok() ? std::move(after).value() : s.before;
    s.changed = changed_fields(s.before, s.after);
    EventView v;
    std::optional<BankEvent> holder;
    if (view_or_decode(*s.event, v, holder)) s.code = &fold_code_of(v.kind);
    s.summary = step_summary(*s.event, s.after);
    s.narration = s.event->type + (s.summary.empty() ? "" : " " + s.summary);
    if (s.code != nullptr) {
        const StateField f = s.code->narrated;
        s.narration += std::string(": ") + field_name(f) + " " + field_value(s.before, f) + " -> " + field_value(s.after, f);
    }
    return s;
}

std::string step_summary(const RecordedEvent& event, const AccountState& after) {
    EventView v;
    std::optional<BankEvent> holder;
    if (!view_or_decode(event, v, holder)) return "";
    const std::string amount = after.currency.empty() ? format_amount(v.amount_cents) : format_money(v.amount_cents, after.currency);
    switch (v.kind) {
        case EventKind::AccountCreated: {
            std::string out = "owner " + std::string(v.text) + ", " + std::string(v.currency);
            if (v.overdraft_limit_cents > 0) out += ", overdraft " + format_money(v.overdraft_limit_cents, v.currency);
            return out;
        }
        case EventKind::MoneyDeposited: return "+" + amount;
        case EventKind::MoneyWithdrawn: return "-" + amount;
        case EventKind::TransferSent: return "-" + amount + " to " + std::string(v.other_account_id);
        case EventKind::TransferReceived: return "+" + amount + " from " + std::string(v.other_account_id);
        case EventKind::DepositReversed: return "-" + amount + ", reverses #" + std::to_string(v.reversed_position);
        case EventKind::AccountClosed: return "";
    }
    return "";
}

}  // namespace es::bank
