// In-memory Storage: a vector of events in position order and a vector of snapshots.
#include "storage/memory_storage.h"

#include <algorithm>

namespace es {

Status MemoryStorage::append(const EventList& batch) {
    if (next_append_error_) {
        Error e = std::move(*next_append_error_);
        next_append_error_.reset();
        return e;
    }
    uint64_t expected = head_position() + 1;
    for (const RecordedEvent& e : batch) {
        if (e.global_position != expected) {
            return make_error(ErrorCode::Conflict,
                              "storage append: expected global position " + std::to_string(expected) +
                                  " but the batch has " + std::to_string(e.global_position) +
                                  " (the log head is " + std::to_string(head_position()) +
                                  "); nothing was written, reload and retry");
        }
        ++expected;
    }
    events_.insert(events_.end(), batch.begin(), batch.end());
    return ok_status();
}

Result<EventList> MemoryStorage::read(uint64_t from_position, size_t max_count) const {
    if (from_position == 0) from_position = 1;
    EventList out;
    if (from_position > events_.size()) return out;
    size_t begin = static_cast<size_t>(from_position - 1);
    size_t n = std::min(max_count, events_.size() - begin);
    out.assign(events_.begin() + static_cast<std::ptrdiff_t>(begin),
               events_.begin() + static_cast<std::ptrdiff_t>(begin + n));
    return out;
}

uint64_t MemoryStorage::head_position() const { return events_.size(); }

Status MemoryStorage::save_snapshot(const Snapshot& snapshot) {
    for (Snapshot& s : snapshots_) {
        if (s.stream_id == snapshot.stream_id && s.stream_version == snapshot.stream_version &&
            s.state_type == snapshot.state_type) {
            s = snapshot;
            return ok_status();
        }
    }
    snapshots_.push_back(snapshot);
    return ok_status();
}

Result<std::optional<Snapshot>> MemoryStorage::load_snapshot(const std::string& stream_id,
                                                             const std::string& state_type,
                                                             uint64_t max_stream_version) const {
    std::optional<Snapshot> best;
    for (const Snapshot& s : snapshots_) {
        if (s.stream_id != stream_id || s.state_type != state_type || s.stream_version > max_stream_version) continue;
        if (!best || s.stream_version > best->stream_version) best = s;
    }
    return best;
}

std::vector<Snapshot> MemoryStorage::list_snapshots() const { return snapshots_; }

}  // namespace es
