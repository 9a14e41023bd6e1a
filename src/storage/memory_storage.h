// In-memory Storage for tests and for the browser before IndexedDB answers. It enforces the
// Storage contract (gap-free positions, all-or-nothing batches) and lets tests reach into the
// stored records to simulate tampering or a failing medium.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/storage.h"

namespace es {

// The Storage contract's first rule, for the storages kept in memory: `batch` must continue a log
// whose head is `head` without a gap (a Conflict error otherwise, saying what was expected).
Status check_batch_continues(uint64_t head, const EventList& batch);

class MemoryStorage : public Storage {
public:
    Status append(const EventList& batch, std::vector<std::string> lines) override;
    Result<EventList> read(uint64_t from_position, size_t max_count) const override;
    uint64_t head_position() const override;
    Status save_snapshot(const Snapshot& snapshot) override;
    Result<std::optional<Snapshot>> load_snapshot(const std::string& stream_id, const std::string& state_type,
                                                  uint64_t max_stream_version) const override;
    std::vector<Snapshot> list_snapshots() const override;

    // Test hooks. Editing stored events bypasses every rule on purpose: integrity checks must
    // catch it.
    EventList& events_for_testing() { return events_; }
    // (The index is rebuilt on the next snapshot call, since the caller may edit anything.)
    std::vector<Snapshot>& snapshots_for_testing() {
        index_stale_ = true;
        return snapshots_;
    }
    // The next append fails with `error` and writes nothing (simulates a full disk).
    void fail_next_append(Error error) { next_append_error_ = std::move(error); }

private:
    EventList events_;
    std::vector<Snapshot> snapshots_;  // in save order
    // (stream, state type) -> stream version -> index in snapshots_, so a load is two lookups
    // instead of a scan that copied every candidate.
    using SnapshotKey = std::pair<std::string, std::string>;
    mutable std::map<SnapshotKey, std::map<uint64_t, size_t>> index_;
    mutable bool index_stale_ = false;
    void refresh_index() const;
    std::optional<Error> next_append_error_;
};

}  // namespace es
