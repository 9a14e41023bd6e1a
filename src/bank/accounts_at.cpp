#include "bank/accounts_at.h"

#include <algorithm>
#include <limits>
#include <map>

#include "bank/events.h"
#include "core/time_travel.h"

namespace es::bank {

namespace {

constexpr const char* kAccountPrefix = "account-";

bool is_account_stream(const std::string& stream) { return stream.rfind(kAccountPrefix, 0) == 0; }

Result<std::map<std::string, Json>> states_at(const EventStore& store, const Fold& fold, uint64_t position) {
    return all_states_at_position(store, [&fold](const std::string& stream) -> const Fold* {
        return is_account_stream(stream) ? &fold : nullptr;
    }, position);
}

// Folds the events in (from, to] of account streams into `states`.
Status fold_range(const EventStore& store, uint64_t from, uint64_t to, AccountStatesCache::States& states) {
    const RecordedLog& log = store.recorded_log();
    RecordedEvent scratch;
    for (uint64_t p = from + 1; p <= to; ++p) {
        const RecordedEvent& raw = log[p - 1];
        if (!is_account_stream(raw.stream_id)) continue;
        auto view = store.current_view(raw, scratch);
        if (!view.ok()) return view.error();
        auto it = states.find(raw.stream_id);
        if (it == states.end()) it = states.emplace(raw.stream_id, initial_state()).first;
        auto next = evolve(std::move(it->second), **view);
        if (!next.ok()) return next.error();
        it->second = std::move(next).value();
    }
    return ok_status();
}

// The states at `position` the slow, obvious way: a JSON fold of every stream's prefix.
Result<AccountStatesCache::States> replayed_states(const EventStore& store, uint64_t position) {
    auto json = states_at(store, account_fold(), position);
    if (!json.ok()) return json.error();
    AccountStatesCache::States out;
    for (const auto& [stream, j] : *json) {
        auto state = state_from_json(j);
        if (!state.ok()) return state.error();
        out.emplace(stream, std::move(state).value());
    }
    return out;
}

}  // namespace

Result<uint64_t> AccountStatesCache::fill_to(const EventStore& store, uint64_t position) {
    if (store.resident_from() != 1)
        return make_error(ErrorCode::Unsupported, "the account states cache needs the whole log in memory "
                                                  "(this store was opened from a checkpoint)");
    const RecordedLog& log = store.recorded_log();
    position = std::min<uint64_t>(position, log.size());
    // Drop checkpoints that are past the head or whose event is no longer the same.
    while (!checkpoints_.empty()) {
        const uint64_t p = (checkpoints_.size() - 1) * every_;
        if (p <= log.size() && (p == 0 || log[p - 1].hash == checkpoints_.back().hash)) break;
        checkpoints_.pop_back();
    }
    if (checkpoints_.empty()) checkpoints_.push_back(Checkpoint{"", {}});
    const size_t wanted = position / every_;
    while (checkpoints_.size() <= wanted) {
        const uint64_t from = (checkpoints_.size() - 1) * every_;
        Checkpoint next{log[from + every_ - 1].hash, checkpoints_.back().states};
        if (Status s = fold_range(store, from, from + every_, next.states); !s.ok()) return s.error();
        checkpoints_.push_back(std::move(next));
    }
    return position;
}

Result<AccountStatesCache::States> AccountStatesCache::at(const EventStore& store, uint64_t position) {
    auto filled = fill_to(store, position);
    if (!filled.ok()) return filled.error();
    position = *filled;
    const size_t wanted = position / every_;
    States states = checkpoints_[wanted].states;
    if (Status s = fold_range(store, wanted * every_, position, states); !s.ok()) return s.error();
    return states;
}

Result<AccountState> AccountStatesCache::stream_at(const EventStore& store, const std::string& stream,
                                                   uint64_t position) {
    auto filled = fill_to(store, position);
    if (!filled.ok()) return filled.error();
    position = *filled;
    const uint64_t from = position / every_ * every_;
    const States& at_checkpoint = checkpoints_[from / every_].states;
    auto it = at_checkpoint.find(stream);
    AccountState state = it == at_checkpoint.end() ? initial_state() : it->second;
    // The stream's events in (from, position], found by its index rather than a walk of the log.
    const std::vector<uint64_t>& positions = store.stream_positions(stream);
    const uint64_t* first = positions.data() + (std::upper_bound(positions.begin(), positions.end(), from) - positions.begin());
    const uint64_t* last = positions.data() + (std::upper_bound(positions.begin(), positions.end(), position) - positions.begin());
    EventRun run;
    if (Status s = store.current_views(first, last, run, std::numeric_limits<int64_t>::max(), store.payload_codec()); !s.ok())
        return s.error();
    if (Status s = evolve_run(state, run); !s.ok()) return s.error();
    return state;
}

Result<std::vector<AccountAt>> accounts_at(const EventStore& store, uint64_t position,
                                           const std::vector<AccountAt>* same_head, AccountStatesCache* cache) {
    const uint64_t head = store.head_position();
    position = std::min(position, head);
    auto states = [&](uint64_t p) { return cache ? cache->at(store, p) : replayed_states(store, p); };
    // Each account's state now: replayed, or taken from the earlier rows.
    std::map<std::string, AccountState> now;
    if (same_head != nullptr) {
        for (const AccountAt& a : *same_head) now.emplace(account_stream_id(a.account_id), a.now);
    } else {
        auto replayed = states(head);
        if (!replayed.ok()) return replayed.error();
        now = std::move(replayed).value();
    }
    auto then = states(position);
    if (!then.ok()) return then.error();

    std::vector<AccountAt> out;
    out.reserve(now.size());
    for (const auto& [stream, now_state] : now) {
        AccountAt a;
        a.account_id = stream.substr(std::string(kAccountPrefix).size());
        a.now = now_state;
        a.state = initial_state();
        auto it = then->find(stream);
        if (it != then->end()) a.state = it->second;
        const std::vector<uint64_t>& positions = store.stream_positions(stream);
        auto last = std::upper_bound(positions.begin(), positions.end(), position);
        if (last != positions.begin()) {
            const RecordedEvent& e = store.recorded_log()[*(last - 1) - 1];
            a.last_position = e.global_position;
            a.last_type = e.type;
            a.last_recorded_at_ms = e.recorded_at_ms;
        }
        out.push_back(std::move(a));
    }
    return out;
}

Result<AccountHistory> account_history(const EventStore& store, const Storage& storage,
                                       const std::string& account_id, uint64_t position,
                                       AccountHistory* same_head) {
    const std::string stream = account_stream_id(account_id);
    AccountHistory h;
    if (same_head) {
        h.balances = std::move(same_head->balances);  // the whole stream's curve: the position does not change it
    } else {
        auto events = store.read_stream(stream);  // upcast to the current schema
        if (!events.ok()) return events.error();
        if (events->empty()) return Error{ErrorCode::NotFound, "account '" + account_id + "' has no events"};
        AccountState state = initial_state();
        for (const RecordedEvent& e : *events) {
            auto next = evolve(std::move(state), e);
            if (!next.ok()) return next.error();
            state = std::move(next).value();
            h.balances.push_back({e.global_position, e.stream_version, state.balance_cents});
        }
    }
    auto load = load_stream_state_at_position(store, storage, stream, account_fold(), position);
    if (!load.ok()) return load.error();
    h.load = std::move(load).value();
    return h;
}

Result<EventEffect> effect_of(const EventStore& store, uint64_t position, AccountStatesCache* cache) {
    if (position == 0 || position > store.head_position())
        return make_error(ErrorCode::NotFound, "no event at position " + std::to_string(position));
    EventEffect effect;
    RecordedEvent read;  // the event, when the store was opened from a checkpoint after it
    auto stored = store.stored_event(position, read);
    if (!stored.ok()) return stored.error();
    effect.stream = (*stored)->stream_id;
    if (!is_account_stream(effect.stream))
        return make_error(ErrorCode::Unsupported, effect.stream + " is not an account stream");
    RecordedEvent scratch;
    auto event = store.current_view(**stored, scratch);  // upcast, as the replay does
    if (!event.ok()) return event.error();
    if (cache != nullptr) {
        // The cache folds every account to build a checkpoint: when one cannot be (a damaged
        // stream, a store opened from a checkpoint), the replay below still answers for this one.
        auto before = cache->stream_at(store, effect.stream, position - 1);
        if (before.ok()) {
            auto after = evolve_typed(*before, **event, store.typed_payload(position));
            if (after.ok()) {
                effect.before = std::move(before).value();
                effect.after = std::move(after).value();
                return effect;
            }
        }
    }
    const Fold fold = account_fold();
    // One replay of the stream, to just before the event; the event itself then folds into a
    // copy of that state (the stream's state at `position` is that, by definition).
    auto before = stream_state_at_position(store, effect.stream, fold, position - 1);
    if (!before.ok()) return before.error();
    Json after = *before;
    if (Status s = fold_into(fold, after, **event); !s.ok()) return s.error();
    for (auto [json, out] : {std::pair<const Json*, AccountState*>{&*before, &effect.before}, {&after, &effect.after}}) {
        auto state = state_from_json(*json);
        if (!state.ok()) return state.error();
        *out = std::move(state).value();
    }
    return effect;
}

Result<ReplayCost> replay_cost(const EventStore& store, const Storage& storage, const std::string& account_id) {
    const std::string stream = account_stream_id(account_id);
    const Fold fold = account_fold();
    // One load, counted (a full replay folds every event of the stream): counts say what a
    // snapshot saves on any machine, where sub-millisecond timings would say nothing.
    auto loaded = load_stream_state(store, storage, stream, fold);
    if (!loaded.ok()) return loaded.error();
    const LoadResult& with = *loaded;
    ReplayCost cost;
    cost.stream_version = with.stream_version;
    cost.used_snapshot = with.used_snapshot;
    cost.snapshot_version = with.snapshot_version;
    cost.events_with = with.events_applied;
    cost.events_without = with.stream_version;
    for (const Snapshot& s : storage.list_snapshots()) {
        if (s.stream_id == stream) cost.snapshot_versions.push_back(s.stream_version);
    }
    std::sort(cost.snapshot_versions.begin(), cost.snapshot_versions.end());
    return cost;
}

uint64_t position_at_time(const EventStore& store, int64_t ms) {
    uint64_t position = 0;
    for (const RecordedEvent& e : store.recorded_log()) {
        if (e.recorded_at_ms > ms) break;
        position = e.global_position;
    }
    return position;
}

}  // namespace es::bank
