// In-memory Storage: the stored lines in position order and a vector of snapshots.
#include "storage/memory_storage.h"

#include <algorithm>
#include <iterator>
#include <limits>

#include "core/event_reader.h"
#include "core/event_writer.h"

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

std::string stored_event_unreadable(uint64_t position, const std::string& why) {
    return "the stored event at position " + std::to_string(position) + " cannot be read: " + why;
}

Status MemoryStorage::adopt_lines(SavedLines saved) {
    if (head_position() != 0) return make_error(ErrorCode::InvalidArgument, "adopt_lines: the storage already holds events");
    bytes_.adopt(std::move(saved.blocks));  // taken, not copied: the views stay valid
    lines_ = std::move(saved.lines);
    return ok_status();
}

Status MemoryStorage::check_append(const EventList& batch, size_t line_count) {
    if (next_append_error_) {
        Error e = std::move(*next_append_error_);
        next_append_error_.reset();
        return e;
    }
    if (Status s = check_batch_continues(head_position(), batch); !s.ok()) return s;
    if (line_count != batch.size())
        return make_error(ErrorCode::InvalidArgument, "storage append: " + std::to_string(batch.size()) + " events but " +
                                                          std::to_string(line_count) +
                                                          " stored lines; pass one line per event (encode_event_line)");
    return ok_status();
}

Status MemoryStorage::append(const EventList& batch, const LineViews& lines) {
    if (Status s = check_append(batch, lines.size()); !s.ok()) return s;
    for (const std::string_view line : lines) keep_line(line);
    return ok_status();
}

Status MemoryStorage::append_taking(const EventList& batch, LineBatch& lines) {
    if (lines.byte_count() < kTakeAtLeast) return append(batch, lines.lines);
    if (Status s = check_append(batch, lines.lines.size()); !s.ok()) return s;
    // Room first, then the bytes, then their views: if either allocation fails, no view is in
    // yet (of bytes not taken, which the batch's owner would free). Room grows as a vector's
    // does, not to the exact size, so batch after batch does not move every view each time.
    if (lines_.capacity() < lines_.size() + lines.lines.size())
        lines_.reserve(std::max(lines_.size() + lines.lines.size(), 2 * lines_.capacity()));
    bytes_.take(lines.bytes);
    for (const std::string_view line : lines.lines) lines_.push_back(line);  // views of the bytes taken
    lines.lines.clear();
    return ok_status();
}

Result<EventList> MemoryStorage::read(uint64_t from_position, size_t max_count) const {
    EventList out;
    const uint64_t first = std::max<uint64_t>(from_position, 1);
    if (first > head_position()) return out;
    out.reserve(static_cast<size_t>(std::min<uint64_t>(max_count, head_position() - first + 1)));
    for (uint64_t p = first; p <= head_position() && out.size() < max_count; ++p) {
        auto e = decode_event_line(lines_[p - 1]);
        if (!e.ok()) return make_error(ErrorCode::Corrupt, stored_event_unreadable(p, e.error().message));
        out.push_back(std::move(e).value());
    }
    return out;
}

Status MemoryStorage::edit_stored_event(uint64_t position, const std::function<Status(RecordedEvent&)>& edit) {
    if (position == 0 || position > head_position())
        return make_error(ErrorCode::NotFound, "there is no event at position " + std::to_string(position));
    auto e = decode_event_line(lines_[position - 1]);
    if (!e.ok()) return e.error();
    if (Status s = edit(*e); !s.ok()) return s;
    // The old bytes must stay: views of them may still be queued (WriteBehindStorage's records of
    // events not yet saved) and stored_line() promises they live as long as the storage.
    lines_[position - 1] = bytes_.keep_whole(encode_event_line(*e));  // the old bytes stay
    ++edits_;
    return ok_status();
}

EventList MemoryStorage::events_for_testing() const {
    auto all = read(1, std::numeric_limits<size_t>::max());
    return all.ok() ? std::move(all).value() : EventList{};
}

void MemoryStorage::replace_events_for_testing(const EventList& events) {
    lines_.clear();  // the old bytes stay in bytes_: a store may view them (kept_line)
    for (const RecordedEvent& e : events) keep_line(encode_event_line(e));
    ++edits_;
}

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
