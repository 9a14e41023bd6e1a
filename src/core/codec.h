// Strict JSON codec for event envelopes and snapshots: the one place that knows the stored field
// names (camelCase, see docs/EVENT_MODEL.md) and the bytes the hash chain covers. Decoding never
// throws and never trusts its input: a wrong type, a missing or unknown field, an oversized
// string or an out-of-range number is an error value whose message names the field.
#pragma once

#include <string>
#include <string_view>

#include "core/event.h"
#include "core/result.h"
#include "core/sha256.h"
#include "core/storage.h"

namespace es {

// Limits enforced when decoding (and by EventStore when appending).
constexpr size_t kMaxStringField = 4096;        // ids, types, metadata strings
constexpr size_t kMaxDataBytes = 64 * 1024;     // serialized `data` / snapshot `state`
constexpr int kMaxSchemaVersion = 1000;

// Every field, including prevHash and hash.
Json event_to_json(const RecordedEvent& e);

// Strict: exactly the known fields, each with the right type and range. Errors are Corrupt.
Result<RecordedEvent> event_from_json(const Json& j);

// Compact JSON on one line (no '\n'), as stored in a JSON Lines log: the canonical bytes plus
// `hash`, written field by field (canonical.cpp).
std::string encode_event_line(const RecordedEvent& e);
// The same, the slow, obviously right way (nlohmann's dump of event_to_json): the tests' reference.
std::string encode_event_line_reference(const RecordedEvent& e);

// Non-throwing parse followed by event_from_json. With `content_hash`, also the SHA-256 of the
// event's canonical bytes (what its `hash` must be, see compute_hash): read off the line itself
// when it holds exactly the canonical bytes plus the hash field (as encode_event_line writes it),
// otherwise computed from the decoded event. Either way the same digest.
Result<RecordedEvent> decode_event_line(std::string_view line, Sha256Digest* content_hash = nullptr);

Json snapshot_to_json(const Snapshot& s);
Result<Snapshot> snapshot_from_json(const Json& j);

// Deterministic bytes hashed by the chain: every field except `hash` (prevHash included), keys
// sorted, compact dump.
std::string canonical_bytes(const RecordedEvent& e);

// Checks every field of `e` except `hash` with exactly the rules event_from_json applies (so the
// event reads back), then returns canonical_bytes(e). Appending uses it instead of an
// encode/decode round trip: `data` is dumped once for both the size rule and the hash. Errors are
// Corrupt and worded like the decoder's.
Result<std::string> checked_canonical_bytes(const RecordedEvent& e);

// canonical_bytes() the slow, obviously right way (a Json envelope dumped by nlohmann): the
// reference the tests compare the hand-written bytes against.
std::string canonical_bytes_reference(const RecordedEvent& e);

// Strict UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool is_valid_utf8(const std::string& s);

// sha256_hex(canonical_bytes(e)); e.prev_hash must already be set.
std::string compute_hash(const RecordedEvent& e);

}  // namespace es
