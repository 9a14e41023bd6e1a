// Snapshots: a stream's folded state saved every N events so loading it folds at most N events
// instead of the whole history. A snapshot is only a cache: it is used when its state type AND
// state schema version match the fold, it is bound to the log (check_snapshot) and the fold
// accepts its state; otherwise an older one or a full replay is used, which always gives the
// same answer (the tests check exactly that). So a snapshot never changes a decision or fails a
// load: at worst it is ignored.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

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

// Empty when `s` is bound to `store`'s log: its checksum matches (snapshot_checksum), its
// position is within the log and holds the stream's event at its version, and that event's hash
// is its eventHash. Otherwise why it cannot be trusted, in a sentence (a snapshot without
// eventHash and checksum, written before they existed, is never trusted).
std::string check_snapshot(const EventStore& store, const Snapshot& s);

// A kept snapshot that check_snapshot refuses, for a report (stderr in the CLI, a notice in the
// browser): it is ignored, and the state is rebuilt from events.
struct SnapshotProblem {
    std::string stream_id;
    uint64_t stream_version = 0;
    std::string reason;
    std::string describe() const;  // "snapshot of account-alice at version 3: <reason>"
};
std::vector<SnapshotProblem> audit_snapshots(const EventStore& store, const Storage& storage);
// The same over snapshots already listed (a caller that decoded them for another reason).
std::vector<SnapshotProblem> audit_snapshots(const EventStore& store, const std::vector<Snapshot>& snapshots);

// State of `stream` at min(at_stream_version, current version): the newest usable snapshot at or
// before the target, then the tail.
Result<LoadResult> load_stream_state(const EventStore& store, const Storage& storage, const std::string& stream,
                                     const Fold& fold, uint64_t at_stream_version = kEndOfStream);

// Saves a snapshot at every multiple of policy.every_n_events in (before_version, after_version].
Status maybe_snapshot(const EventStore& store, Storage& storage, const std::string& stream, const Fold& fold,
                      const SnapshotPolicy& policy, uint64_t before_version, uint64_t after_version, int64_t now_ms);

}  // namespace es
