// Writing an event in its stored form (event_format.h): the canonical bytes the hash chain
// covers, the stored line (the canonical bytes with the `hash` field in its place), and the
// JSON object the UI and the CLI show. The store writes each appended event once, through
// write_event: its rules checked, its line written, and its canonical bytes (the line without
// its hash field) hashed where they lie in the line.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/event.h"
#include "core/recorded_log.h"
#include "core/result.h"
#include "core/sha256.h"

namespace es {

// Every field but `hash`, compact, keys in canonical order: what the event's hash covers
// (hash = hex SHA-256 of these bytes; prevHash is among them, which chains the events).
std::string canonical_bytes(const RecordedEvent& e);
// The same with `data` already dumped (event_format::dump_object's result, or the text a reader
// found to be exactly that).
std::string canonical_bytes(const RecordedEvent& e, std::string_view data_dump);
// The stored line: the canonical bytes with `hash` in its place. One line: no '\n' in it.
std::string encode_event_line(const RecordedEvent& e);
// encode_event_line of each event, for a Storage::append of events that were recorded elsewhere.
std::vector<std::string> encode_event_lines(EventRange events);

// An event written for storing: its content hash (what its `hash` must be) and its line,
// which holds that hash.
struct WrittenEvent {
    Sha256Digest content_hash{};
    std::string hash;  // content_hash in hex: the event's `hash`
    // The line, in the writer's buffer (one per thread): valid until the next call on this
    // thread of write_event, encode_event_line(s), canonical_bytes, or decode_event_line with a
    // content hash (it hashes the canonical bytes), which all write into that buffer. Whoever
    // keeps it copies it where it is kept (the store, into the bytes of its append:
    // EventStore::append_lines_, or an import's own LineBatch), so no line gets an allocation of
    // its own on the way to storage.
    std::string_view line;
};
// Checks every rule of the format on `e` (its `hash` aside: this computes it) and that its text
// is valid UTF-8, then writes the line once, with room for the hash, hashes the canonical bytes
// around that room, and writes the hash into it. A broken rule is a Corrupt error naming the
// field (the caller says which event), the same first one the strict reader names.
Result<WrittenEvent> write_event(const RecordedEvent& e);

// Every field as a JSON object, for display (the UI's event details, the CLI's output).
Json event_to_json(const RecordedEvent& e);

}  // namespace es
