// Reading a stored event line (event_format.h). The strict reader takes any JSON object holding
// exactly the envelope's fields, checks each one's type and rule, and never trusts its input:
// damaged or hostile bytes become an error value naming the field. Loading a log reads every
// line, so the common case (a line exactly as event_writer.h writes it) takes a fast path that
// reads it in place; the fast path only ever says "this event" or "ask the strict reader", so it
// can make reading cheaper but never change what is accepted or what a refusal says
// (tests/core/event_reader_test.cpp and the event_decoder fuzzer compare the two).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/event.h"
#include "core/result.h"
#include "core/sha256.h"

namespace es {

// The event `line` holds, or a Corrupt error naming the field (and the position, when it can be
// read). With `content_hash`, also the SHA-256 of the event's canonical bytes (what its `hash`
// must be): read off the line itself when the line is exactly what the writer writes, otherwise
// computed from the event. Either way the same digest.
Result<RecordedEvent> decode_event_line(std::string_view line, Sha256Digest* content_hash = nullptr);

namespace event_reader {

// The two halves of decode_event_line, apart so the tests and the fuzzer can hold them side by
// side.
// The strict reader: parses `line` and reads the event from the JSON object. With `data_dump`,
// also the canonical dump of `data` (measured by the size rule anyway).
Result<RecordedEvent> read_strict(std::string_view line, std::string* data_dump = nullptr);
// The fast path: the event when `line` is laid out exactly as encode_event_line writes it (keys
// in canonical order, no whitespace, envelope strings in plain printable ASCII) and every rule
// holds; otherwise nullopt. With `content_hash`, when `data` too is written exactly as the
// canonical bytes hold it, the line without its hash field IS the canonical bytes: their SHA-256
// goes to *content_hash and *hashed becomes true (otherwise the caller computes it).
std::optional<RecordedEvent> read_canonical(std::string_view line, Sha256Digest* content_hash = nullptr,
                                            bool* hashed = nullptr);
// The fast path's reading of `data`: when `text` is a flat object written exactly as a dump
// writes it (plain keys in ascending order, plain strings, integers of up to 18 digits, true,
// false, null, no whitespace, at most kMaxDataBytes), the object a JSON parser would build, whose
// dump is `text` itself; otherwise nullopt (a parser reads it). Every bank event's data is one.
std::optional<Json> flat_canonical_object(std::string_view text);

}  // namespace event_reader
}  // namespace es
