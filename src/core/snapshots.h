// Snapshots: a stream's folded state saved every N events so loading it folds at most N events
// instead of the whole history. A snapshot is only a cache: it is used when its state type AND
// state schema version match the fold and it still matches the log; otherwise an older one or a
// full replay is used, which always gives the same answer (the tests check exactly that).
#pragma once

#include <cstdint>
#include <string>

#include "core/clock.h"
#include "core/event_store.h"
#include "core/fold.h"
#include "core/storage.h"

namespace es {

struct SnapshotPolicy {
    uint64_t every_n_events = 100;  // a snapshot at every multiple of this stream version; 0 = never
};

struct LoadResult {
    Json state;
    uint64_t stream_version = 0;    // the state includes events 1..stream_version
    bool used_snapshot = false;
    uint64_t snapshot_version = 0;  // 0 when no snapshot was used
    uint64_t events_applied = 0;    // events folded after the snapshot (or from the start)
};

// State of `stream` at min(at_stream_version, current version): the newest usable snapshot at or
// before the target, then the tail.
Result<LoadResult> load_stream_state(const EventStore& store, const Storage& storage, const std::string& stream,
                                     const Fold& fold, uint64_t at_stream_version = kEndOfStream);

// Saves a snapshot at every multiple of policy.every_n_events in (before_version, after_version].
Status maybe_snapshot(const EventStore& store, Storage& storage, const std::string& stream, const Fold& fold,
                      const SnapshotPolicy& policy, uint64_t before_version, uint64_t after_version, int64_t now_ms);

}  // namespace es
