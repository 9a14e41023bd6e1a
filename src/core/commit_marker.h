// The line that commits a batch in a JSON Lines log (docs/LOG_FORMAT.md, "Commit markers"):
// `{"commit":{"first":F,"last":L}}`, after the batch's event lines F..L. The native events file
// ends every batch with one, and an export copied from such a file may hold them: the store and
// the import read it the same strict way, so a malformed marker is never skipped as "not an
// event".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace es {

struct CommitMarker {
    uint64_t first = 0;
    uint64_t last = 0;
};

// Whether `line` is meant as a marker (it starts as one does; an event line starts {"data":).
bool looks_like_commit_marker(std::string_view line);
// The marker for positions first..last, plus '\n'.
std::string encode_commit_marker(uint64_t first_position, uint64_t last_position);
// Strict: exactly the bytes encode_commit_marker writes, with 1 <= first <= last; otherwise a
// Corrupt error saying what is wrong.
Result<CommitMarker> decode_commit_marker(std::string_view line);

}  // namespace es
