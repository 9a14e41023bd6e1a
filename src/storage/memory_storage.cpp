// In-memory Storage: a vector of events in position order and a vector of snapshots.
#include "storage/memory_storage.h"

#include <algorithm>
#include <iterator>

namespace es {

Status check_batch_continues(uint64_t head, const EventList& batch) {
    uint64_t expected = head + 1;
    for (const RecordedEvent& e : batch) {
        if (e.global_position != expected) {
            return make_error(ErrorCode::Conflict,
                              "storage append: expected global position " + std::to_string(expected) +
                                  " but the batch has " + std::to_string(e.global_position) + " (the log head is " +
                                  std::to_string(head) + "); nothing was written, reload and retry");
        }
        ++expected;
    }
    return ok_status();
}

Status MemoryStorage::append(const EventList& batch, std::vector<std::string>) {
    if (next_append_error_) {
        Error e = std::move(*next_append_error_);
        next_append_error_.reset();
        return e;
    }
    if (Status s = check_batch_continues(head_position(), batch); !s.ok()) return s;
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

void MemoryStorage::refresh_index() const {
    if (!index_stale_) return;
    index_.clear();
    for (size_t i = 0; i < snapshots_.size(); ++i) {
        const Snapshot& s = snapshots_[i];
        // emplace keeps the first of equal keys, as the old scan did (it kept the first maximum).
        index_[{s.stream_id, s.state_type}].emplace(s.stream_version, i);
    }
    index_stale_ = false;
}

Status MemoryStorage::save_snapshot(const Snapshot& snapshot) {
    refresh_index();
    auto& versions = index_[{snapshot.stream_id, snapshot.state_type}];
    auto it = versions.find(snapshot.stream_version);
    if (it != versions.end()) {
        snapshots_[it->second] = snapshot;
        return ok_status();
    }
    versions.emplace(snapshot.stream_version, snapshots_.size());
    snapshots_.push_back(snapshot);
    return ok_status();
}

Result<std::optional<Snapshot>> MemoryStorage::load_snapshot(const std::string& stream_id,
                                                             const std::string& state_type,
                                                             uint64_t max_stream_version) const {
    refresh_index();
    std::optional<Snapshot> best;
    auto key = index_.find({stream_id, state_type});
    if (key == index_.end()) return best;
    auto it = key->second.upper_bound(max_stream_version);  // first version above the limit
    if (it == key->second.begin()) return best;
    best = snapshots_[std::prev(it)->second];  // the only copy: the winner
    return best;
}

std::vector<Snapshot> MemoryStorage::list_snapshots() const { return snapshots_; }

}  // namespace es
