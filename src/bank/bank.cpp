// The Bank command handler: load, decide, append (see bank.h).
#include "bank/bank.h"

#include <type_traits>

#include "bank/events.h"
#include "bank/money.h"
#include "bank/typed_events.h"

namespace es::bank {

Bank::Bank(EventStore& store, BankOptions options) : store_(store), options_(options) {
    if (store_.upcasters() == nullptr) store_.set_upcasters(&bank_upcasters());
    if (store_.payload_codec() == nullptr) store_.set_payload_codec(&bank_payload_codec());
}

void Bank::note(Lifeline from, Lifeline to, std::string text, bool reply, bool error) const {
    if (trace_ != nullptr) trace_->add(from, to, std::move(text), reply, error);
}

Result<Bank::Loaded> Bank::load(const std::string& account_id) const {
    const std::string stream = account_stream_id(account_id);
    Loaded out;
    out.account_id = account_id;
    note(Lifeline::CommandHandler, Lifeline::EventStore, "read " + stream);
    auto result = [&]() -> Result<Loaded> {
        if (options_.snapshot_storage != nullptr) {
            auto loaded = load_stream_state(store_, *options_.snapshot_storage, stream, account_fold());
            if (!loaded.ok()) return loaded.error();
            auto state = state_from_json(loaded->state);
            if (!state.ok()) return state.error();
            out.state = std::move(*state);
            out.events_applied = loaded->events_applied;
            out.used_snapshot = loaded->used_snapshot;
            out.snapshot_version = loaded->snapshot_version;
            return out;
        }
        auto events = store_.read_stream(stream);
        if (!events.ok()) return events.error();
        out.state = initial_state();
        for (const RecordedEvent& e : *events) {
            auto next = evolve(std::move(out.state), e);
            if (!next.ok()) return next.error();
            out.state = std::move(*next);
        }
        out.events_applied = events->size();
        return out;
    }();
    if (!result.ok()) {
        note(Lifeline::EventStore, Lifeline::CommandHandler, "cannot load: " + result.error().message, true, true);
        return result;
    }
    if (trace_ != nullptr) {
        const Loaded& l = *result;
        std::string got = l.used_snapshot ? "snapshot at version " + std::to_string(l.snapshot_version) + " + " +
                                                std::to_string(l.events_applied) + " event(s) after it"
                                          : std::to_string(l.events_applied) + " event(s)";
        if (!l.used_snapshot && l.events_applied == 0) got = "no events: the stream does not exist yet";
        note(Lifeline::EventStore, Lifeline::CommandHandler, got, true);
        const AccountState& st = l.state;
        note(Lifeline::CommandHandler, Lifeline::Aggregate,
             "evolve: fold " + std::to_string(l.events_applied) + " event(s) into the state");
        note(Lifeline::Aggregate, Lifeline::CommandHandler,
             !st.exists ? "state: no account yet"
                        : "state: version " + std::to_string(st.version) + ", balance " +
                              format_money(st.balance_cents, st.currency) + (st.closed ? ", closed" : ""),
             true);
    }
    return result;
}

Result<CommandOutcome> Bank::answer(Result<CommandOutcome> outcome) const {
    if (trace_ == nullptr) return outcome;
    if (!outcome.ok()) {
        note(Lifeline::CommandHandler, Lifeline::User, "refused, nothing written: " + outcome.error().message, true, true);
        return outcome;
    }
    std::string text = "accepted: ";
    for (size_t i = 0; i < outcome->events.size(); ++i) {
        const RecordedEvent& e = outcome->events[i];
        text += (i ? ", " : "") + e.type + " at position " + std::to_string(e.global_position);
    }
    note(Lifeline::CommandHandler, Lifeline::User, text, true);
    return outcome;
}

Result<AccountState> Bank::load_account(const std::string& account_id) const {
    auto loaded = load(account_id);
    if (!loaded.ok()) return loaded.error();
    return std::move(loaded->state);
}

namespace {

// The caller's expectedVersion, checked up front so a stale command is a Conflict with a clear
// message before any business rule runs; the append repeats the check against races.
Result<ExpectedVersion> expected_for(const CommandMeta& meta, const std::string& account_id,
                                     uint64_t loaded_version) {
    if (meta.expected_version && *meta.expected_version != loaded_version) {
        return make_error(ErrorCode::Conflict,
                          "account \"" + account_id + "\" is at version " +
                              std::to_string(loaded_version) + " but the command expected version " +
                              std::to_string(*meta.expected_version) +
                              "; someone changed it since you looked: reload it and decide again");
    }
    return ExpectedVersion::exactly(loaded_version);
}


// The command as one line for the trace: "Deposit 100.00 into alice, by learner".
std::string describe(const Command& command) {
    std::string text = std::visit(
        [](const auto& c) -> std::string {
            using T = std::decay_t<decltype(c)>;
            if constexpr (std::is_same_v<T, OpenAccount>) return "OpenAccount " + c.account_id + " (" + c.owner + ", " + c.currency + ")";
            if constexpr (std::is_same_v<T, Deposit>) return "Deposit " + format_amount(c.amount_cents) + " into " + c.account_id;
            if constexpr (std::is_same_v<T, Withdraw>) return "Withdraw " + format_amount(c.amount_cents) + " from " + c.account_id;
            if constexpr (std::is_same_v<T, Transfer>)
                return "Transfer " + format_amount(c.amount_cents) + " from " + c.from_account_id + " to " + c.to_account_id;
            if constexpr (std::is_same_v<T, CloseAccount>) return "CloseAccount " + c.account_id;
            if constexpr (std::is_same_v<T, ReverseDeposit>)
                return "ReverseDeposit: the deposit at position " + std::to_string(c.deposit_position) + " into " + c.account_id;
        },
        command);
    const CommandMeta& meta = command_meta(command);
    if (!meta.actor.empty()) text += ", by " + meta.actor;
    if (meta.expected_version) text += ", expecting version " + std::to_string(*meta.expected_version);
    return text;
}

}  // namespace

Result<CommandOutcome> Bank::execute(const Command& command) {
    last_loaded_.clear();
    note(Lifeline::User, Lifeline::CommandHandler, describe(command));
    if (const auto* t = std::get_if<Transfer>(&command)) return answer(execute_transfer(*t));
    return answer(execute_single(command, command_account_id(command)));
}

Result<CommandOutcome> Bank::execute_json(const Json& command) {
    auto c = command_from_json(command);
    if (!c.ok()) return c.error();
    return execute(*c);
}

Result<CommandOutcome> Bank::execute_single(const Command& command, const std::string& account_id) {
    if (!is_valid_account_id(account_id)) {
        return make_error(ErrorCode::InvalidArgument,
                          "\"" + account_id +
                              "\" is not a valid account id; use 1 to 64 letters, digits, '_' or '-'");
    }
    auto loaded = load(account_id);
    if (!loaded.ok()) return loaded.error();
    last_loaded_.push_back(*loaded);
    auto expected = expected_for(command_meta(command), account_id, loaded->state.version);
    if (!expected.ok()) return expected.error();
    auto events = decide_single(command, loaded->state);
    if (!events.ok()) {
        note(Lifeline::Aggregate, Lifeline::CommandHandler, "rejected: " + events.error().message, true, true);
        return events.error();
    }
    const std::string stream = account_stream_id(account_id);
    if (trace_ != nullptr) {
        std::string types;
        for (const NewEvent& e : *events) types += (types.empty() ? "" : ", ") + e.type;
        note(Lifeline::Aggregate, Lifeline::CommandHandler, "new event(s): " + types, true);
        note(Lifeline::CommandHandler, Lifeline::EventStore,
             "append " + types + " to " + stream + ", expected version " + std::to_string(expected->version));
    }
    auto appended = store_.append(stream, *expected, std::move(*events));
    if (!appended.ok()) return appended.error();

    // The outcome keeps a copy of what was recorded. A fresh append's events are in the store's
    // memory, so this cannot fail; only a retry's originals before a checkpoint are read from
    // storage, and a retry wrote nothing, as the refusal then says.
    auto recorded = store_.recorded(*appended);
    if (!recorded.ok()) return recorded.error();
    CommandOutcome out;
    out.events = std::move(recorded).value();
    out.stream_versions[stream] = appended->next_stream_version;
    out.events_applied = loaded->events_applied;
    out.used_snapshot = loaded->used_snapshot;
    take_snapshots(out, {{stream, loaded->state.version}});
    return out;
}

Result<std::vector<NewEvent>> Bank::decide_single(const Command& command, const AccountState& state) const {
    const auto* reversal = std::get_if<ReverseDeposit>(&command);
    if (reversal == nullptr) {
        note(Lifeline::CommandHandler, Lifeline::Aggregate, std::string("decide(") + command_type_name(command) + ", state)");
        return decide(command, state);
    }
    // A reversal is decided on the deposit it names too, read from the store as it is now.
    const uint64_t position = reversal->deposit_position;
    const RecordedEvent* deposit = nullptr;
    // Both live as long as `deposit`, which may point at either: an event before the store's
    // checkpoint is read from storage into stored_scratch, an upcast one copied into scratch.
    RecordedEvent stored_scratch;
    RecordedEvent scratch;
    if (position >= 1 && position <= store_.head_position()) {
        note(Lifeline::CommandHandler, Lifeline::EventStore, "read the event at position " + std::to_string(position));
        auto stored = store_.stored_event(position, stored_scratch);
        if (!stored.ok()) return stored.error();
        auto current = store_.current_view(**stored, scratch);
        if (!current.ok()) return current.error();
        deposit = *current;
        note(Lifeline::EventStore, Lifeline::CommandHandler, deposit->type + " on " + deposit->stream_id, true);
    }
    note(Lifeline::CommandHandler, Lifeline::Aggregate, "decide(ReverseDeposit, state, that event)");
    return decide_reversal(*reversal, state, deposit);
}

Result<CommandOutcome> Bank::execute_transfer(const Transfer& command) {
    for (const std::string* id : {&command.from_account_id, &command.to_account_id}) {
        if (!is_valid_account_id(*id)) {
            return make_error(ErrorCode::InvalidArgument,
                              "\"" + *id +
                                  "\" is not a valid account id; use 1 to 64 letters, digits, '_' "
                                  "or '-'");
        }
    }
    auto from = load(command.from_account_id);
    if (!from.ok()) return from.error();
    auto to = load(command.to_account_id);
    if (!to.ok()) return to.error();
    last_loaded_ = {*from, *to};
    auto expected = expected_for(command.meta, command.from_account_id, from->state.version);
    if (!expected.ok()) return expected.error();
    note(Lifeline::CommandHandler, Lifeline::Aggregate, "decide_transfer(Transfer, both states)");
    auto decision = decide_transfer(command, from->state, to->state);
    if (!decision.ok()) {
        note(Lifeline::Aggregate, Lifeline::CommandHandler, "rejected: " + decision.error().message, true, true);
        return decision.error();
    }
    note(Lifeline::Aggregate, Lifeline::CommandHandler, "new events: TransferSent, TransferReceived", true);
    note(Lifeline::CommandHandler, Lifeline::EventStore,
         "append both in one atomic batch, expected versions " + std::to_string(expected->version) + " and " +
             std::to_string(to->state.version));

    const std::string from_stream = account_stream_id(command.from_account_id);
    const std::string to_stream = account_stream_id(command.to_account_id);
    std::vector<StreamAppend> batch;
    batch.push_back(StreamAppend{from_stream, *expected, std::move(decision->from_events)});
    batch.push_back(StreamAppend{to_stream, ExpectedVersion::exactly(to->state.version),
                                 std::move(decision->to_events)});
    auto appended = store_.append_multi(std::move(batch));
    if (!appended.ok()) return appended.error();

    auto recorded = store_.recorded(*appended);  // cannot fail after a fresh append (see execute_single)
    if (!recorded.ok()) return recorded.error();
    CommandOutcome out;
    out.events = std::move(recorded).value();
    out.stream_versions = appended->next_stream_versions;
    out.events_applied = from->events_applied + to->events_applied;
    out.used_snapshot = from->used_snapshot || to->used_snapshot;
    out.transfer_id = decision->transfer_id;
    take_snapshots(out, {{from_stream, from->state.version}, {to_stream, to->state.version}});
    return out;
}

void Bank::take_snapshots(CommandOutcome& outcome,
                          const std::map<std::string, uint64_t>& before) {
    if (options_.snapshot_storage == nullptr || options_.clock == nullptr ||
        options_.snapshot_policy.every_n_events == 0) {
        return;
    }
    for (const auto& [stream, after] : outcome.stream_versions) {
        auto it = before.find(stream);
        const uint64_t from = it == before.end() ? 0 : it->second;
        Status s = maybe_snapshot(store_, *options_.snapshot_storage, stream, account_fold(),
                                  options_.snapshot_policy, from, after, options_.clock->now_ms());
        // The events are already written, so the command did succeed; a snapshot is only a cache.
        if (!s.ok() && !outcome.snapshot_error) outcome.snapshot_error = s.error();
    }
}

}  // namespace es::bank
