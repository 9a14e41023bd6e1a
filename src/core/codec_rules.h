// The codec's value rules, shared by the decoder (codec.cpp) and the canonical-bytes writer
// (canonical.cpp), so what the store writes is exactly what the decoder accepts. Internal to
// src/core.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/codec.h"

namespace es::codec_detail {

// Dumps without throwing: invalid UTF-8 becomes U+FFFD (EventStore rejects it on append).
std::string safe_dump(const Json& j);
// "field 'x': expected <expected>, got <a short rendering of got>" (ErrorCode::Corrupt).
Error field_error(const std::string& field, const std::string& expected, const Json& got);
bool is_hex64(const std::string& s);  // 64 lowercase hex characters
// Not longer than kMaxStringField; not empty unless allow_empty.
std::optional<Error> string_rule(const std::string& field, const std::string& s, bool allow_empty);
// Nesting bounded and every number finite; checked before anything dumps the value.
std::optional<Error> depth_rule(const std::string& field, const Json& v);
// `dumped_bytes` (the size of safe_dump() of the value) within kMaxDataBytes.
std::optional<Error> size_rule(const std::string& field, size_t dumped_bytes);
std::optional<Error> schema_rule(const std::string& field, uint64_t x);  // 1..kMaxSchemaVersion
// The envelope as JSON, every field but `hash`.
Json envelope_without_hash(const RecordedEvent& e);
// decode_event_line's fast path (codec_fast.cpp): the event when `line` is laid out exactly as
// encode_event_line writes it and passes every rule; otherwise nullopt, and the strict decoder
// decides (so the fast path never changes what is accepted, nor a message). With
// `content_hash`, when `data` too is written exactly as the canonical bytes write it, the line
// without its hash field IS the canonical bytes: their SHA-256 goes to *content_hash and *hashed
// becomes true (otherwise the caller computes it).
std::optional<RecordedEvent> decode_canonical_line(std::string_view line, Sha256Digest* content_hash = nullptr,
                                                   bool* hashed = nullptr);

// The fast path's reading of `data` (codec_fast.cpp): when `text` is a flat object written
// exactly as the canonical bytes write it (plain keys in ascending order, plain strings, integers
// of up to 18 digits, true, false, null, no whitespace), the object nlohmann would parse, whose
// dump is `text`; otherwise nullopt and nlohmann reads it.
std::optional<Json> flat_canonical_object(std::string_view text);

}  // namespace es::codec_detail
