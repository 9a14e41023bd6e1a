// Parsing JSON text with one reading only: a key repeated in an object is an error, not "the
// last one wins" (two readers of {"amount": "1.00", "amount": "1000000.00"} must never disagree
// about what it says), and a refusal says why and where (the byte offset), e.g. "number out of
// range" for 1e400 rather than only "not valid JSON". Nothing throws (the WASM build has
// exceptions off). Every JSON text the sandbox takes in goes through parse_json: events, commands,
// snapshots, lesson files, IndexedDB records.
#pragma once

#include <string_view>

#include "core/event.h"
#include "core/result.h"

namespace es {

// The value `text` holds (all of it: nothing may follow but whitespace), or a `code` error:
// "not valid JSON at byte 17: ..." (bytes counted from 1), "number out of range at byte 9: 1e400",
// "duplicate key 'amount' in a JSON object".
Result<Json> parse_json(std::string_view text, ErrorCode code = ErrorCode::Corrupt);

}  // namespace es
