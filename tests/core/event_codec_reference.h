// The slow, obviously right ways to write an event, that the tests hold the real writer and
// readers against: nlohmann's dump of the whole envelope (keys sorted, as the canonical form
// is), the hash of those bytes, and the strict reader on its own.
#pragma once

#include <string>

#include "core/event_format.h"
#include "core/event_reader.h"
#include "core/event_writer.h"
#include "core/sha256.h"

namespace es::testing {

// nlohmann's own dump, compact, invalid UTF-8 replaced: the writer's code (event_format::dump_json)
// is not used here, so the references do not share its mistakes.
inline std::string nlohmann_dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

// The canonical bytes as a dump of the envelope without `hash`.
inline std::string canonical_bytes_reference(const RecordedEvent& e) {
    Json j = event_to_json(e);
    j.erase("hash");
    return nlohmann_dump(j);
}

// The stored line as a dump of the whole envelope.
inline std::string encode_event_line_reference(const RecordedEvent& e) { return nlohmann_dump(event_to_json(e)); }

// What an event's hash must be (e.prev_hash must be set).
inline std::string compute_hash(const RecordedEvent& e) { return sha256_hex(canonical_bytes(e)); }

// The strict reader on an event given as a JSON object.
inline Result<RecordedEvent> event_from_json(const Json& j) { return event_reader::read_strict(event_format::dump_json(j)); }

}  // namespace es::testing
