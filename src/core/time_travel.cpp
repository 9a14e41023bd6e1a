// Time travel by replaying, for each stream, its events up to a position or a time, straight from
// the store's per-stream index (never a copy of the log prefix).
#include "core/time_travel.h"

#include <algorithm>
#include <deque>
#include <limits>
#include <set>

namespace es {

namespace {

struct Folded {
    uint64_t version = 0;
    Json state;
};

constexpr int64_t kAnyTime = std::numeric_limits<int64_t>::max();

// Folds the events of one stream with position <= max_position and recorded at <= max_ms, walking
// the store's per-stream index and reading stored events in place (no copy of the log; a copy
// only for an event that needs upcasting). `out` keeps the initial state when nothing matches.
Status fold_stream(const EventStore& store, const std::string& stream, const Fold& fold, uint64_t max_position,
                   int64_t max_ms, Folded& out, bool& any) {
    const std::vector<uint64_t>& positions = store.stream_positions(stream);
    const EventList& log = store.recorded_log();
    auto end = std::upper_bound(positions.begin(), positions.end(), max_position);
    // The run to fold: stored events in place; only events that needed upcasting are copied,
    // into a deque so the pointers stay valid.
    std::vector<const RecordedEvent*> run;
    std::deque<RecordedEvent> upcast_copies;
    RecordedEvent scratch;
    any = false;
    for (auto p = positions.begin(); p != end; ++p) {
        const RecordedEvent& raw = log[*p - 1];
        if (raw.recorded_at_ms > max_ms) continue;  // not a break: a loaded log may not be time-ordered
        auto e = store.current_view(raw, scratch);
        if (!e.ok()) return e.error();
        if (*e == &scratch) {
            upcast_copies.push_back(std::move(scratch));
            run.push_back(&upcast_copies.back());
        } else {
            run.push_back(*e);
        }
        out.version = raw.stream_version;
    }
    if (run.empty()) return ok_status();
    auto initial = initial_state(fold);
    if (!initial.ok()) return initial.error();
    out.state = std::move(initial).value();
    any = true;
    return fold_run(fold, out.state, run);
}

Result<Json> one_stream(const EventStore& store, const std::string& stream, const Fold& fold, uint64_t max_position,
                        int64_t max_ms) {
    auto initial = initial_state(fold);
    if (!initial.ok()) return initial.error();
    Folded folded{0, std::move(initial).value()};
    bool any = false;
    Status s = fold_stream(store, stream, fold, max_position, max_ms, folded, any);
    if (!s.ok()) return s.error();
    return std::move(folded.state);
}

// Every stream with at least one matching event and a fold, each folded from its own index.
// Stream order does not matter: each stream only sees its own events, in log order.
Result<std::map<std::string, Folded>> fold_streams(const EventStore& store, const FoldFor& fold_for,
                                                    uint64_t max_position, int64_t max_ms) {
    std::map<std::string, Folded> out;
    if (!fold_for) return out;
    for (const std::string& id : store.stream_ids()) {
        const Fold* fold = fold_for(id);
        if (!fold) continue;
        Folded folded;
        bool any = false;
        Status s = fold_stream(store, id, *fold, max_position, max_ms, folded, any);
        if (!s.ok()) return s.error();
        if (any) out.emplace_hint(out.end(), id, std::move(folded));
    }
    return out;
}

std::map<std::string, Json> states_only(std::map<std::string, Folded> folded) {
    std::map<std::string, Json> out;
    for (auto& kv : folded) out.emplace(kv.first, std::move(kv.second.state));
    return out;
}

std::vector<StreamChange> diff(const std::map<std::string, Folded>& a, const std::map<std::string, Folded>& b) {
    std::set<std::string> ids;
    for (const auto& kv : a) ids.insert(kv.first);
    for (const auto& kv : b) ids.insert(kv.first);
    std::vector<StreamChange> out;
    for (const std::string& id : ids) {
        auto x = a.find(id);
        auto y = b.find(id);
        StreamChange c;
        c.stream = id;
        if (x != a.end()) {
            c.version_before = x->second.version;
            c.before = x->second.state;
        }
        if (y != b.end()) {
            c.version_after = y->second.version;
            c.after = y->second.state;
        }
        if (c.version_before != c.version_after) out.push_back(std::move(c));
    }
    return out;
}

Result<std::vector<StreamChange>> diff_folded(const Result<std::map<std::string, Folded>>& a,
                                              const Result<std::map<std::string, Folded>>& b) {
    if (!a.ok()) return a.error();
    if (!b.ok()) return b.error();
    return diff(*a, *b);
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

Result<Json> stream_state_at_time(const EventStore& store, const std::string& stream, const Fold& fold, int64_t ms) {
    return one_stream(store, stream, fold, kEndOfStream, ms);
}

Result<std::map<std::string, Json>> all_states_at_position(const EventStore& store, const FoldFor& fold_for,
                                                           uint64_t position) {
    auto folded = fold_streams(store, fold_for, position, kAnyTime);
    if (!folded.ok()) return folded.error();
    return states_only(std::move(folded).value());
}

Result<std::map<std::string, Json>> all_states_at_time(const EventStore& store, const FoldFor& fold_for, int64_t ms) {
    auto folded = fold_streams(store, fold_for, kEndOfStream, ms);
    if (!folded.ok()) return folded.error();
    return states_only(std::move(folded).value());
}

Result<std::vector<StreamChange>> diff_positions(const EventStore& store, const FoldFor& fold_for, uint64_t from,
                                                 uint64_t to) {
    return diff_folded(fold_streams(store, fold_for, from, kAnyTime), fold_streams(store, fold_for, to, kAnyTime));
}

Result<std::vector<StreamChange>> diff_times(const EventStore& store, const FoldFor& fold_for, int64_t from_ms,
                                             int64_t to_ms) {
    return diff_folded(fold_streams(store, fold_for, kEndOfStream, from_ms),
                       fold_streams(store, fold_for, kEndOfStream, to_ms));
}

}  // namespace es
