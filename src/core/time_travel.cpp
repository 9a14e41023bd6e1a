// Time travel by replaying a prefix of the log.
#include "core/time_travel.h"

#include <set>

namespace es {

namespace {

struct Folded {
    uint64_t version = 0;
    Json state;
};

// Folds `events` per stream. Stream order does not matter: each stream only sees its own events,
// in log order.
Result<std::map<std::string, Folded>> fold_streams(const EventList& events, const FoldFor& fold_for) {
    std::map<std::string, Folded> out;
    std::map<std::string, const Fold*> folds;
    for (const RecordedEvent& e : events) {
        auto f = folds.find(e.stream_id);
        if (f == folds.end()) f = folds.emplace(e.stream_id, fold_for ? fold_for(e.stream_id) : nullptr).first;
        if (!f->second) continue;
        auto it = out.find(e.stream_id);
        if (it == out.end()) {
            auto initial = initial_state(*f->second);
            if (!initial.ok()) return initial.error();
            it = out.emplace(e.stream_id, Folded{0, std::move(initial).value()}).first;
        }
        auto next = fold_events(*f->second, std::move(it->second.state), {e});
        if (!next.ok()) return next.error();
        it->second.state = std::move(next).value();
        it->second.version = e.stream_version;
    }
    return out;
}

Result<Json> one_stream(const EventList& events, const std::string& stream, const Fold& fold) {
    auto initial = initial_state(fold);
    if (!initial.ok()) return initial.error();
    EventList mine;
    for (const RecordedEvent& e : events)
        if (e.stream_id == stream) mine.push_back(e);
    return fold_events(fold, std::move(initial).value(), mine);
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

Result<std::vector<StreamChange>> diff_lists(const Result<EventList>& a, const Result<EventList>& b,
                                             const FoldFor& fold_for) {
    if (!a.ok()) return a.error();
    if (!b.ok()) return b.error();
    auto fa = fold_streams(*a, fold_for);
    if (!fa.ok()) return fa.error();
    auto fb = fold_streams(*b, fold_for);
    if (!fb.ok()) return fb.error();
    return diff(*fa, *fb);
}

}  // namespace

FoldFor same_fold_for_all(const Fold& fold) {
    return [&fold](const std::string&) { return &fold; };
}

Result<Json> stream_state_at_position(const EventStore& store, const std::string& stream, const Fold& fold,
                                      uint64_t position) {
    auto events = store.read_until_position(position);
    if (!events.ok()) return events.error();
    return one_stream(*events, stream, fold);
}

Result<Json> stream_state_at_time(const EventStore& store, const std::string& stream, const Fold& fold, int64_t ms) {
    auto events = store.read_until_time(ms);
    if (!events.ok()) return events.error();
    return one_stream(*events, stream, fold);
}

Result<std::map<std::string, Json>> all_states_at_position(const EventStore& store, const FoldFor& fold_for,
                                                           uint64_t position) {
    auto events = store.read_until_position(position);
    if (!events.ok()) return events.error();
    auto folded = fold_streams(*events, fold_for);
    if (!folded.ok()) return folded.error();
    return states_only(std::move(folded).value());
}

Result<std::map<std::string, Json>> all_states_at_time(const EventStore& store, const FoldFor& fold_for, int64_t ms) {
    auto events = store.read_until_time(ms);
    if (!events.ok()) return events.error();
    auto folded = fold_streams(*events, fold_for);
    if (!folded.ok()) return folded.error();
    return states_only(std::move(folded).value());
}

Result<std::vector<StreamChange>> diff_positions(const EventStore& store, const FoldFor& fold_for, uint64_t from,
                                                 uint64_t to) {
    return diff_lists(store.read_until_position(from), store.read_until_position(to), fold_for);
}

Result<std::vector<StreamChange>> diff_times(const EventStore& store, const FoldFor& fold_for, int64_t from_ms,
                                             int64_t to_ms) {
    return diff_lists(store.read_until_time(from_ms), store.read_until_time(to_ms), fold_for);
}

}  // namespace es
