// Commit markers and the recovery scan of the events file. The rule it implements (and why a
// crash can only ever damage the end of the file) is specified in docs/LOG_FORMAT.md.
#include "storage/event_log_format.h"

#include <optional>
#include <utility>

#include "core/event_reader.h"
#include "core/event_writer.h"
#include "core/commit_marker.h"

namespace es {
namespace {

// One decoded line: a marker or an event, never both.
struct LogLine {
    std::optional<CommitMarker> marker;
    RecordedEvent event;
};

Result<LogLine> decode_log_line(std::string_view line) {
    LogLine out;
    // Event lines are compact JSON with sorted keys, so they start with {"data":, never this.
    if (looks_like_commit_marker(line)) {
        Result<CommitMarker> marker = decode_commit_marker(line);
        if (!marker.ok()) return marker.error();
        out.marker = marker.value();
        return out;
    }
    Result<RecordedEvent> event = decode_event_line(line);
    if (!event.ok()) return event.error();
    out.event = std::move(event).value();
    return out;
}

Error corrupt_at(const std::string& path, uint64_t line_number, const std::string& why) {
    return make_error(ErrorCode::Corrupt,
                      "store file " + path + " is corrupt at line " + std::to_string(line_number) +
                          ": " + why +
                          "; the file was left untouched, restore it from a backup or inspect it "
                          "by hand");
}

std::string range_text(uint64_t first, uint64_t last) {
    return std::to_string(first) + ".." + std::to_string(last);
}

}  // namespace

std::string encode_batch(const EventList& batch, const std::vector<std::string_view>& lines) {
    std::string bytes;
    size_t total = 64;  // the commit marker, about
    for (const std::string_view line : lines) total += line.size() + 1;
    bytes.reserve(total);
    for (const std::string_view line : lines) {
        bytes += line;
        bytes += '\n';
    }
    bytes += encode_commit_marker(batch.front().global_position, batch.back().global_position);
    return bytes;
}

Result<EventLogScan> scan_event_log(std::string_view data, const std::string& path, uint64_t first_position) {
    EventLogScan scan;
    EventList pending;              // event lines since the last valid marker
    std::vector<uint64_t> pending_offsets;
    std::vector<uint32_t> pending_lengths;
    uint64_t pending_first_line = 0;
    uint64_t line_number = 0;
    std::string torn;               // why the last piece of the file is unreadable, if it is
    size_t start = 0;
    while (start < data.size()) {
        ++line_number;
        const size_t newline = data.find('\n', start);
        if (newline == std::string_view::npos) {
            torn = "line " + std::to_string(line_number) + " has no terminating newline";
            break;
        }
        Result<LogLine> decoded = decode_log_line(data.substr(start, newline - start));
        if (!decoded.ok()) {
            // Only the very end can be torn by a crash; damage anywhere else is corruption.
            if (newline + 1 != data.size()) {
                return corrupt_at(path, line_number, decoded.error().message);
            }
            torn = "last line " + std::to_string(line_number) +
                   " does not decode (" + decoded.error().message + ")";
            break;
        }
        LogLine& line = decoded.value();
        if (line.marker) {
            // A crash only shortens a write, so a complete marker that disagrees with its lines
            // was not made by a crash: refuse it rather than guess which side is right.
            if (pending.empty()) {
                return corrupt_at(path, line_number,
                                  "commit marker " + range_text(line.marker->first,
                                                                line.marker->last) +
                                      " has no event lines before it since the previous marker");
            }
            const uint64_t first = pending.front().global_position;
            const uint64_t last = pending.back().global_position;
            if (line.marker->first != first || line.marker->last != last) {
                return corrupt_at(path, line_number,
                                  "commit marker covers positions " +
                                      range_text(line.marker->first, line.marker->last) +
                                      " but the event lines since the previous marker hold " +
                                      range_text(first, last));
            }
            for (RecordedEvent& e : pending) scan.events.push_back(std::move(e));
            scan.offsets.insert(scan.offsets.end(), pending_offsets.begin(), pending_offsets.end());
            scan.lengths.insert(scan.lengths.end(), pending_lengths.begin(), pending_lengths.end());
            pending.clear();
            pending_offsets.clear();
            pending_lengths.clear();
            scan.committed_end = newline + 1;
        } else {
            const uint64_t expected = first_position + scan.events.size() + pending.size();
            if (line.event.global_position != expected) {
                return corrupt_at(path, line_number,
                                  "global position " +
                                      std::to_string(line.event.global_position) + " where " +
                                      std::to_string(expected) +
                                      " was expected (positions must be 1,2,3... in order)");
            }
            if (pending.empty()) pending_first_line = line_number;
            pending.push_back(std::move(line.event));
            pending_offsets.push_back(start);
            pending_lengths.push_back(static_cast<uint32_t>(newline - start));
        }
        start = newline + 1;
    }

    if (scan.committed_end == data.size()) return scan;
    scan.tail_events = pending.size();
    scan.tail_first_line = pending.empty() ? line_number : pending_first_line;
    std::string why;
    if (!pending.empty()) {
        why = std::to_string(pending.size()) + " event line(s) with positions " +
              range_text(pending.front().global_position, pending.back().global_position) +
              " (from line " + std::to_string(pending_first_line) +
              ") have no commit marker after them";
        if (!torn.empty()) why += ", and " + torn;
    } else {
        why = torn;
    }
    scan.tail_reason = why + ": an append that never finished (a crash mid-write), so it was "
                             "never acknowledged";
    return scan;
}

}  // namespace es
