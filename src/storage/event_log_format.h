// The bytes of the native events file (docs/LOG_FORMAT.md) as pure functions, like leveldb's
// log_format.h: how a batch is encoded (its event lines, then one commit marker line) and how a
// file's bytes are scanned back into committed events, an uncommitted tail to cut, or corruption.
// No I/O here, so every rule can be checked on plain strings; FileStorage reads, cuts and syncs.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.h"
#include "core/result.h"

namespace es {

// The event lines of `batch` (`lines`, one per event) followed by its marker: the bytes one
// append() writes at once. `batch` must not be empty.
std::string encode_batch(const EventList& batch, const std::vector<std::string_view>& lines);

// What scan_event_log() found in a file that is not corrupt.
struct EventLogScan {
    EventList events;              // committed events only; events[i] has position first_position + i
    std::vector<uint64_t> offsets; // where each one's line starts in `data`
    std::vector<uint32_t> lengths; // its length without the '\n'
    uint64_t committed_end = 0;    // byte offset just after the last valid commit marker
    // The uncommitted tail, from committed_end to the end of the file (none when they are equal):
    uint64_t tail_events = 0;      // complete event lines in it (a batch whose marker is missing)
    uint64_t tail_first_line = 0;  // 1-based line number where it starts
    std::string tail_reason;       // why it is not committed, for OpenReport
};

// Splits `data` into lines and applies the recovery rule: event lines count only once a marker
// whose first/last match them exactly follows. Whatever comes after the last valid marker (event
// lines without a marker, a line with no '\n', a last line that does not decode) is the
// uncommitted tail. Anything else wrong (a bad line before the end, a marker that does not match
// its lines, a position out of order) is Corrupt naming `path` and the line.
// `data` may also be the end of a file from just after a commit marker on; its first event then
// has position `first_position` (line numbers in errors count from that point).
Result<EventLogScan> scan_event_log(std::string_view data, const std::string& path, uint64_t first_position = 1);

}  // namespace es
