// Time travel by replaying, for each stream, its events up to a position or a time, straight from
// the store's per-stream index (never a copy of the log prefix).
#include "core/time_travel.h"

#include <algorithm>
#include <limits>

namespace es {

namespace {

constexpr int64_t kAnyTime = std::numeric_limits<int64_t>::max();

// Folds the events of one stream with position <= max_position and recorded at <= max_ms, walking
// the store's per-stream index and reading stored events in place (EventStore::current_views).
// `out` keeps the initial state when nothing matches.
Status fold_stream(const EventStore& store, const std::string& stream, const Fold& fold, uint64_t max_position,
                   int64_t max_ms, Json& out, bool& any) {
    const std::vector<uint64_t>& positions = store.stream_positions(stream);
    auto end = std::upper_bound(positions.begin(), positions.end(), max_position);
    EventRun run;
    any = false;
    Status s = store.current_views(positions.data(), positions.data() + (end - positions.begin()), run, max_ms,
                                   fold.typed_codec);
    if (!s.ok()) return s;
    if (run.decoded.empty()) return ok_status();
    auto initial = initial_state(fold);
    if (!initial.ok()) return initial.error();
    out = std::move(initial).value();
    any = true;
    return fold_run(fold, out, run);
}

Result<Json> one_stream(const EventStore& store, const std::string& stream, const Fold& fold, uint64_t max_position,
                        int64_t max_ms) {
    auto initial = initial_state(fold);
    if (!initial.ok()) return initial.error();
    Json state = std::move(initial).value();
    bool any = false;
    Status s = fold_stream(store, stream, fold, max_position, max_ms, state, any);
    if (!s.ok()) return s.error();
    return state;
}

// Every stream with at least one matching event and a fold, each folded from its own index.
// Stream order does not matter: each stream only sees its own events, in log order.
Result<std::map<std::string, Json>> fold_streams(const EventStore& store, const FoldFor& fold_for,
                                                  uint64_t max_position, int64_t max_ms) {
    std::map<std::string, Json> out;
    if (!fold_for) return out;
    for (const std::string& id : store.stream_ids()) {
        const Fold* fold = fold_for(id);
        if (!fold) continue;
        Json folded;
        bool any = false;
        Status s = fold_stream(store, id, *fold, max_position, max_ms, folded, any);
        if (!s.ok()) return s.error();
        if (any) out.emplace_hint(out.end(), id, std::move(folded));
    }
    return out;
}

}  // namespace

FoldFor same_fold_for_all(const Fold& fold) {
    return [&fold](const std::string&) { return &fold; };
}

Result<Json> stream_state_at_position(const EventStore& store, const std::string& stream, const Fold& fold,
                                      uint64_t position) {
    return one_stream(store, stream, fold, position, kAnyTime);
}

Result<LoadResult> load_stream_state_at_position(const EventStore& store, const Storage& storage,
                                                 const std::string& stream, const Fold& fold, uint64_t position) {
    // The stream's version at P picks the snapshot (newest at or before it) and the tail.
    return load_stream_state(store, storage, stream, fold, store.stream_version_at_position(stream, position));
}

Result<std::map<std::string, Json>> all_states_at_position(const EventStore& store, const FoldFor& fold_for,
                                                           uint64_t position) {
    return fold_streams(store, fold_for, position, kAnyTime);
}

Result<std::map<std::string, Json>> all_states_at_time(const EventStore& store, const FoldFor& fold_for, int64_t ms) {
    return fold_streams(store, fold_for, kEndOfStream, ms);
}

}  // namespace es
