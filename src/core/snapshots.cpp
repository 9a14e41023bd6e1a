// Snapshot-aware loading and the snapshot policy.
#include "core/snapshots.h"

#include <algorithm>
#include <map>

namespace es {

Result<LoadResult> load_stream_state(const EventStore& store, const Storage& storage, const std::string& stream,
                                     const Fold& fold, uint64_t at_stream_version) {
    auto initial = initial_state(fold);
    if (!initial.ok()) return initial.error();
    LoadResult out;
    out.stream_version = std::min(at_stream_version, store.stream_version(stream));
    out.state = std::move(initial).value();
    if (out.stream_version == 0) return out;

    // A snapshot of another state schema, or one that no longer matches the log (e.g. the log was
    // restored from elsewhere), is skipped rather than trusted; an older one may still be good.
    uint64_t max_version = out.stream_version;
    while (max_version > 0) {
        auto snap = storage.load_snapshot(stream, fold.state_type, max_version);
        if (!snap.ok()) return snap.error();
        const std::optional<Snapshot>& s = *snap;
        if (!s || s->stream_version > max_version) break;
        if (s->state_schema_version == fold.state_schema_version &&
            store.position_of(stream, s->stream_version) == s->global_position) {
            out.state = s->state;
            out.used_snapshot = true;
            out.snapshot_version = s->stream_version;
            break;
        }
        max_version = s->stream_version - 1;
    }
    uint64_t from = out.snapshot_version + 1;
    auto tail = store.read_stream(stream, from, static_cast<size_t>(out.stream_version - out.snapshot_version));
    if (!tail.ok()) return tail.error();
    auto folded = fold_events(fold, std::move(out.state), *tail);
    if (!folded.ok()) return folded.error();
    out.state = std::move(folded).value();
    out.events_applied = tail->size();
    return out;
}

Status maybe_snapshot(const EventStore& store, Storage& storage, const std::string& stream, const Fold& fold,
                      const SnapshotPolicy& policy, uint64_t before_version, uint64_t after_version, int64_t now_ms) {
    uint64_t n = policy.every_n_events;
    if (n == 0 || after_version <= before_version) return ok_status();
    for (uint64_t v = (before_version / n + 1) * n; v <= after_version; v += n) {
        auto loaded = load_stream_state(store, storage, stream, fold, v);
        if (!loaded.ok()) return loaded.error();
        if (loaded->stream_version != v) break;  // the stream is shorter than asked
        Snapshot s;
        s.stream_id = stream;
        s.stream_version = v;
        s.global_position = store.position_of(stream, v);
        s.state_type = fold.state_type;
        s.state_schema_version = fold.state_schema_version;
        s.state = loaded->state;
        s.taken_at_ms = now_ms;
        Status saved = storage.save_snapshot(s);
        if (!saved.ok()) return saved;
    }
    return ok_status();
}

}  // namespace es
