// The Bank command handler: load, decide, append (see bank.h).
#include "bank/bank.h"

#include <type_traits>

#include "bank/events.h"

namespace es::bank {

Bank::Bank(EventStore& store, BankOptions options) : store_(store), options_(options) {
    if (store_.upcasters() == nullptr) store_.set_upcasters(&bank_upcasters());
}

Result<Bank::Loaded> Bank::load(const std::string& account_id) const {
    const std::string stream = account_stream_id(account_id);
    Loaded out;
    if (options_.snapshot_storage != nullptr) {
        auto loaded = load_stream_state(store_, *options_.snapshot_storage, stream, account_fold());
        if (!loaded.ok()) return loaded.error();
        auto state = state_from_json(loaded->state);
        if (!state.ok()) return state.error();
        out.state = std::move(*state);
        out.events_applied = loaded->events_applied;
        out.used_snapshot = loaded->used_snapshot;
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

const std::string& account_id_of(const Command& c) {
    return std::visit(
        [](const auto& x) -> const std::string& {
            if constexpr (std::is_same_v<std::decay_t<decltype(x)>, Transfer>) {
                return x.from_account_id;
            } else {
                return x.account_id;
            }
        },
        c);
}

}  // namespace

Result<CommandOutcome> Bank::execute(const Command& command) {
    if (const auto* t = std::get_if<Transfer>(&command)) return execute_transfer(*t);
    return execute_single(command, account_id_of(command));
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
    auto expected = expected_for(command_meta(command), account_id, loaded->state.version);
    if (!expected.ok()) return expected.error();
    auto events = decide(command, loaded->state);
    if (!events.ok()) return events.error();

    const std::string stream = account_stream_id(account_id);
    auto appended = store_.append(stream, *expected, std::move(*events));
    if (!appended.ok()) return appended.error();

    CommandOutcome out;
    out.events = appended->events;
    out.stream_versions[stream] = appended->next_stream_version;
    out.events_applied = loaded->events_applied;
    out.used_snapshot = loaded->used_snapshot;
    take_snapshots(out, {{stream, loaded->state.version}});
    return out;
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
    auto expected = expected_for(command.meta, command.from_account_id, from->state.version);
    if (!expected.ok()) return expected.error();
    auto decision = decide_transfer(command, from->state, to->state);
    if (!decision.ok()) return decision.error();

    const std::string from_stream = account_stream_id(command.from_account_id);
    const std::string to_stream = account_stream_id(command.to_account_id);
    std::vector<StreamAppend> batch;
    batch.push_back(StreamAppend{from_stream, *expected, std::move(decision->from_events)});
    batch.push_back(StreamAppend{to_stream, ExpectedVersion::exactly(to->state.version),
                                 std::move(decision->to_events)});
    auto appended = store_.append_multi(std::move(batch));
    if (!appended.ok()) return appended.error();

    CommandOutcome out;
    out.events = appended->events;
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
