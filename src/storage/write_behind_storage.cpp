// WriteBehindStorage: memory first, then the backend, one write at a time (see the header).
#include "storage/write_behind_storage.h"

#include <algorithm>
#include <iterator>

#include "core/snapshot_codec.h"

namespace es {

Status WriteBehindStorage::load_saved(SavedLines saved, const std::vector<Snapshot>& snapshots) {
    if (head_position() != 0 || !memory_.list_snapshots().empty())
        return make_error(ErrorCode::InvalidArgument, "load_saved: the storage already holds events or snapshots");
    if (Status s = memory_.adopt_lines(std::move(saved)); !s.ok()) return s;
    for (const Snapshot& snap : snapshots) {
        if (Status s = memory_.save_snapshot(snap); !s.ok()) return s;
    }
    saved_ = head_position();
    return ok_status();
}

Status WriteBehindStorage::load_saved(std::string lines, const std::vector<Snapshot>& snapshots) {
    if (!lines.empty() && lines.back() != '\n')
        return make_error(ErrorCode::InvalidArgument, "load_saved: every line must end with '\\n'");
    SavedLines saved;
    const std::string& text = saved.blocks.emplace_back(std::move(lines));
    for (size_t begin = 0, end; (end = text.find('\n', begin)) != std::string::npos; begin = end + 1)
        saved.lines.emplace_back(text.data() + begin, end - begin);
    return load_saved(std::move(saved), snapshots);
}

Status WriteBehindStorage::append(const EventList& batch, const LineViews& lines) {
    if (Status s = memory_.append(batch, lines); !s.ok()) return s;
    queue(batch);
    return ok_status();
}

Status WriteBehindStorage::append_taking(const EventList& batch, LineBatch& lines) {
    if (Status s = memory_.append_taking(batch, lines); !s.ok()) return s;
    queue(batch);
    return ok_status();
}

void WriteBehindStorage::queue(const EventList& batch) {
    for (const RecordedEvent& e : batch) {
        if (e.global_position <= saved_elsewhere_) {
            if (saved_ == e.global_position - 1) saved_ = e.global_position;
            continue;
        }
        if (durable_) unsent_events_.push_back(EventRecord{e.global_position, memory_.stored_line(e.global_position)});
    }
}

Result<EventList> WriteBehindStorage::read(uint64_t from_position, size_t max_count) const {
    return memory_.read(from_position, max_count);
}

Status WriteBehindStorage::save_snapshot(const Snapshot& snapshot) {
    if (Status s = memory_.save_snapshot(snapshot); !s.ok()) return s;
    if (durable_) {
        unsent_snapshots_.push_back(SnapshotRecord{snapshot.stream_id, snapshot.state_type, snapshot.stream_version,
                                                   snapshot_to_json(snapshot).dump()});
    }
    return ok_status();
}

Result<std::optional<Snapshot>> WriteBehindStorage::load_snapshot(const std::string& stream_id,
                                                                  const std::string& state_type,
                                                                  uint64_t max_stream_version) const {
    return memory_.load_snapshot(stream_id, state_type, max_stream_version);
}

WriteBehindStorage::Outbox WriteBehindStorage::take_unsent() {
    Outbox out;
    if (in_flight_ || !durable_) return out;
    out.events.assign(std::make_move_iterator(unsent_events_.begin()), std::make_move_iterator(unsent_events_.end()));
    out.snapshots.assign(std::make_move_iterator(unsent_snapshots_.begin()),
                         std::make_move_iterator(unsent_snapshots_.end()));
    unsent_events_.clear();
    unsent_snapshots_.clear();
    if (!out.empty()) {
        in_flight_ = true;
        in_flight_outbox_ = out;
    }
    return out;
}

void WriteBehindStorage::on_write_committed() {
    if (!in_flight_) return;
    if (!in_flight_outbox_.events.empty()) saved_ = std::max(saved_, in_flight_outbox_.events.back().position);
    in_flight_outbox_ = Outbox{};
    in_flight_ = false;
    last_error_.clear();
}

void WriteBehindStorage::on_write_failed(std::string why) {
    if (!in_flight_) return;
    // Back to the front of the queue, in their order, ahead of anything appended since.
    unsent_events_.insert(unsent_events_.begin(), std::make_move_iterator(in_flight_outbox_.events.begin()),
                          std::make_move_iterator(in_flight_outbox_.events.end()));
    unsent_snapshots_.insert(unsent_snapshots_.begin(), std::make_move_iterator(in_flight_outbox_.snapshots.begin()),
                             std::make_move_iterator(in_flight_outbox_.snapshots.end()));
    in_flight_outbox_ = Outbox{};
    in_flight_ = false;
    last_error_ = std::move(why);
}

void WriteBehindStorage::expect_saved_elsewhere(uint64_t position) {
    saved_elsewhere_ = std::max(saved_elsewhere_, position);
}

}  // namespace es
