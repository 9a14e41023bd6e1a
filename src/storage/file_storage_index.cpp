// FileStorage's index and checkpoint: opening through the index (or rebuilding it), reading
// events on demand by their line's offset, looking up ids, and keeping the checkpoint file.
// The index format: storage/file_index.h; the checkpoint: core/checkpoint.h.
#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/commit_marker.h"
#include "core/event_reader.h"
#include "core/json_parse.h"
#include "storage/event_log_format.h"
#include "storage/file_io.h"
#include "storage/file_storage.h"

namespace es {
namespace {

// Empty when `index` describes the start of the file behind `fd`: it ends where a commit marker
// for its last event ends, and its last event's line is that event. Otherwise why not.
std::string check_index_against_file(int fd, const std::string& path, const FileIndex& index, uint64_t file_size) {
    if (index.covered_bytes() > file_size)
        return "it describes " + std::to_string(index.covered_bytes()) + " bytes but the file has " + std::to_string(file_size);
    if (index.head() == 0) return index.covered_bytes() == 0 ? "" : "it describes bytes but no events";
    const uint64_t head = index.head();
    const uint64_t start = index.line_offset(head);
    auto bytes = read_range(fd, path, start, index.covered_bytes() - start);
    if (!bytes.ok()) return bytes.error().message;
    const std::string& b = *bytes;
    const size_t newline = b.find('\n');
    if (newline != index.line_length(head)) return "the line of its last event is not where it says";
    auto last = decode_event_line(std::string_view(b).substr(0, newline));
    if (!last.ok() || last->global_position != head) return "the line where it puts event " + std::to_string(head) + " is not that event";
    // What follows is the batch's commit marker, the last line it covers.
    std::string_view rest = std::string_view(b).substr(newline + 1);
    if (rest.empty() || rest.back() != '\n') return "it does not end on a commit marker";
    auto marker = decode_commit_marker(rest.substr(0, rest.size() - 1));
    if (!marker.ok() || marker->last != head) return "it does not end on the commit marker of event " + std::to_string(head);
    return {};
}

}  // namespace

Result<FileStorage::LogLoad> FileStorage::load_log(int fd, const std::string& path, OpenReport* report) {
    struct stat st;
    if (::fstat(fd, &st) != 0)
        return make_error(ErrorCode::Io, "cannot read store file " + path + ": " + std::strerror(errno));
    LogLoad load;
    load.file_size = static_cast<uint64_t>(st.st_size);

    std::string why_rebuilt;
    auto index_bytes = map_file(path + ".index");
    if (index_bytes.ok()) {
        auto index = FileIndex::decode((*index_bytes)->bytes(), *index_bytes);
        if (!index.ok()) {
            why_rebuilt = index.error().message;
        } else if (std::string stale = check_index_against_file(fd, path, *index, load.file_size); !stale.empty()) {
            why_rebuilt = "the index does not match the log (" + stale + ")";
        } else {
            const uint64_t covered = index->covered_bytes();
            auto tail = read_range(fd, path, covered, load.file_size - covered);
            if (!tail.ok()) return tail.error();
            auto scan = scan_event_log(*tail, path, index->head() + 1);
            // Anything to repair or report after the index is left to the full scan, whose
            // report names the exact line.
            if (scan.ok() && scan->committed_end == tail->size()) {
                load.index = std::move(index).value();
                load.file = IndexFile{(*index_bytes)->bytes().size(), load.index.head(), load.index.stream_count(),
                                      load.index.added_blocks()};
                for (size_t i = 0; i < scan->events.size(); ++i)
                    load.index.add(scan->events[i], covered + scan->offsets[i], scan->lengths[i]);
                load.index_changed = !scan->events.empty();
                load.committed_end = load.file_size;
                if (report) report->index_tail_events = scan->events.size();
                return load;
            }
            why_rebuilt = "the log has an unfinished or damaged end after the part the index covers";
        }
    } else if (index_bytes.error().code != ErrorCode::NotFound) {
        why_rebuilt = index_bytes.error().message;
    } else if (load.file_size > 0) {
        why_rebuilt = "there was no index";
    }

    auto data = read_whole_file(fd, path);
    if (!data.ok()) return data.error();
    auto scan = scan_event_log(*data, path);
    if (!scan.ok()) return scan.error();
    for (size_t i = 0; i < scan->events.size(); ++i) load.index.add(scan->events[i], scan->offsets[i], scan->lengths[i]);
    load.index_changed = true;
    load.committed_end = scan->committed_end;
    load.tail_events = scan->tail_events;
    load.tail_first_line = scan->tail_first_line;
    load.tail_reason = std::move(scan->tail_reason);
    if (report && !why_rebuilt.empty()) {
        report->index_rebuilt = true;
        report->index_reason = std::move(why_rebuilt);
    }
    return load;
}

Result<EventList> FileStorage::read(uint64_t from_position, size_t max_count) const {
    EventList out;
    const uint64_t first = from_position == 0 ? 1 : from_position;
    constexpr uint64_t kChunk = 4096;  // events per pread
    for (uint64_t p = first; p <= head_position() && out.size() < max_count;) {
        const uint64_t last = std::min<uint64_t>({head_position(), p + kChunk - 1, p + (max_count - out.size()) - 1});
        const uint64_t begin = index_.line_offset(p);
        auto bytes = read_range(events_fd_, path_, begin, index_.line_offset(last) + index_.line_length(last) - begin);
        if (!bytes.ok()) return bytes.error();
        for (; p <= last; ++p) {
            const std::string_view line = std::string_view(*bytes).substr(index_.line_offset(p) - begin, index_.line_length(p));
            auto e = decode_event_line(line);
            if (!e.ok() || e->global_position != p) {
                return make_error(ErrorCode::Corrupt,
                                  "store file " + path_ + ": the line of the event at position " + std::to_string(p) +
                                      " (byte " + std::to_string(index_.line_offset(p)) + ") " +
                                      (e.ok() ? "holds position " + std::to_string(e->global_position) : "does not decode: " + e.error().message) +
                                      "; the file was changed while open or is damaged, run 'es-sandbox verify'");
            }
            out.push_back(std::move(e).value());
        }
    }
    return out;
}

Status FileStorage::stream_positions_upto(uint64_t max_position, StreamPositions& out) const {
    index_.stream_positions_upto(max_position, out);
    return ok_status();
}

Result<uint64_t> FileStorage::find_event_id(const std::string& event_id) const {
    for (uint64_t position : index_.id_candidates(event_id)) {
        if (position == 0 || position > head_position()) continue;
        auto e = read(position, 1);
        if (!e.ok()) return e.error();
        if (!e->empty() && (*e)[0].event_id == event_id) return position;
    }
    return uint64_t{0};
}

Status FileStorage::save_index() {
    if (!index_dirty_ || !broken_.empty()) return ok_status();
    // The events since the file was written, as one added block at its end, while the file is
    // the one this storage read or wrote and has fewer than kMaxAddedBlocks blocks; otherwise
    // (none, rebuilt, or many blocks) the whole index, replacing it.
    constexpr uint64_t kMaxAddedBlocks = 64;
    struct stat st;
    const bool can_add = index_file_.events > 0 && index_file_.added_blocks < kMaxAddedBlocks &&
                         ::stat(index_path().c_str(), &st) == 0 && static_cast<uint64_t>(st.st_size) == index_file_.bytes;
    if (can_add) {
        const std::string block = index_.encode_added(index_file_.events + 1, index_file_.streams);
        Status s = append_file(index_path(), block);
        if (!s.ok()) return s;
        index_file_ = IndexFile{index_file_.bytes + block.size(), index_.head(), index_.stream_count(), index_file_.added_blocks + 1};
    } else {
        const std::string whole = index_.encode();
        Status s = replace_file(index_path(), whole);
        if (!s.ok()) return s;
        index_file_ = IndexFile{whole.size(), index_.head(), index_.stream_count(), 0};
    }
    index_dirty_ = false;
    return ok_status();
}

Status FileStorage::save_checkpoint(const Checkpoint& checkpoint) {
    return replace_file(checkpoint_path(), checkpoint_to_json(checkpoint).dump() + "\n");
}

Result<std::optional<Checkpoint>> FileStorage::load_checkpoint() const {
    auto bytes = read_file_at(checkpoint_path());
    if (!bytes.ok()) {
        if (bytes.error().code == ErrorCode::NotFound) return std::optional<Checkpoint>();
        return bytes.error();
    }
    auto j = parse_json(*bytes, ErrorCode::Corrupt);
    if (!j.ok()) return make_error(ErrorCode::Corrupt, "checkpoint: " + j.error().message);
    auto c = checkpoint_from_json(*j);
    if (!c.ok()) return c.error();
    return std::optional<Checkpoint>(std::move(c).value());
}

}  // namespace es
