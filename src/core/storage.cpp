// The optional parts of the Storage interface: what a storage without an index or a checkpoint answers.
#include "core/storage.h"

namespace es {

Status Storage::append(const EventList& batch, const std::vector<std::string>& lines) {
    return append(batch, LineViews(lines.begin(), lines.end()));
}

Status Storage::stream_positions_upto(uint64_t, StreamPositions&) const {
    return make_error(ErrorCode::Unsupported, "this storage keeps no index of its log");
}

Result<uint64_t> Storage::find_event_id(const std::string&) const {
    return make_error(ErrorCode::Unsupported, "this storage keeps no index of its log");
}

Status Storage::save_checkpoint(const Checkpoint&) { return ok_status(); }

Result<std::optional<Checkpoint>> Storage::load_checkpoint() const { return std::optional<Checkpoint>(); }

}  // namespace es
