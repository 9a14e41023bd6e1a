#include "bank/replay_trace.h"

#include "bank/events.h"
#include "bank/money.h"

namespace es::bank {

namespace {

std::string describe_state(const AccountState& s) {
    if (!s.exists) return "no account";
    return "balance " + format_money(s.balance_cents, s.currency) + ", version " + std::to_string(s.version) +
           (s.closed ? ", closed" : ", open");
}

}  // namespace

Result<EventList> read_account_events(const EventStore& store, const std::string& account_id) {
    return store.read_stream(account_stream_id(account_id));
}

Result<AccountState> trace_replay(const EventStore& store, const std::string& account_id, Trace& trace,
                                  size_t max_steps) {
    const std::string stream = account_stream_id(account_id);
    trace.begin(Trace::Kind::Replay, "Replay " + stream);
    trace.add(Lifeline::User, Lifeline::CommandHandler, "rebuild " + account_id + "'s state from its events");
    trace.add(Lifeline::CommandHandler, Lifeline::EventStore, "read " + stream + " from version 1");
    auto events = read_account_events(store, account_id);
    if (!events.ok()) {
        trace.add(Lifeline::EventStore, Lifeline::CommandHandler, "cannot read: " + events.error().message, true, true);
        return events.error();
    }
    if (events->empty()) {
        trace.add(Lifeline::EventStore, Lifeline::CommandHandler, "no events: " + stream + " does not exist", true, true);
        trace.add(Lifeline::CommandHandler, Lifeline::User, "nothing to rebuild", true, true);
        return make_error(ErrorCode::NotFound, "account '" + account_id + "' has no events");
    }
    trace.add(Lifeline::EventStore, Lifeline::CommandHandler, std::to_string(events->size()) + " event(s), oldest first", true);
    AccountState state = initial_state();
    for (size_t i = 0; i < events->size(); ++i) {
        const RecordedEvent& e = (*events)[i];
        auto next = evolve(std::move(state), e);
        if (!next.ok()) {
            trace.add(Lifeline::Aggregate, Lifeline::CommandHandler, "cannot fold: " + next.error().message, true, true);
            return next.error();
        }
        state = std::move(next).value();
        if (i < max_steps) {
            trace.add(Lifeline::CommandHandler, Lifeline::Aggregate,
                      "evolve(state, " + e.type + " #" + std::to_string(e.global_position) + ")");
            trace.add(Lifeline::Aggregate, Lifeline::CommandHandler, describe_state(state), true);
        } else if (i == events->size() - 1) {
            trace.add(Lifeline::CommandHandler, Lifeline::Aggregate,
                      "evolve x " + std::to_string(events->size() - max_steps) + " more event(s)");
            trace.add(Lifeline::Aggregate, Lifeline::CommandHandler, describe_state(state), true);
        }
    }
    trace.add(Lifeline::CommandHandler, Lifeline::User, "current state: " + describe_state(state), true);
    return state;
}

}  // namespace es::bank
