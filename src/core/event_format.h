// The stored form of an event, stated once (docs/EVENT_MODEL.md, "Envelope"): the envelope's
// fields in the order the canonical bytes hold them, and the rule every value must meet. Like
// leveldb's log_format.h next to its log_writer and log_reader, this is the format; the writer
// (event_writer.h) and both readers (event_reader.h: the strict one and its fast path) go
// through this table and these rules, so what the store writes is exactly what it reads back.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/event.h"
#include "core/result.h"

namespace es {

constexpr size_t kMaxStringField = 4096;     // ids, types, metadata strings (bytes)
constexpr size_t kMaxDataBytes = 64 * 1024;  // `data` as dumped in the canonical bytes
constexpr int kMaxSchemaVersion = 1000;
constexpr int kMaxJsonDepth = 64;            // nesting of `data` (bounds every recursion over it)

namespace event_format {

// The envelope's fields, in canonical order: sorted by key, as a JSON object is dumped.
enum class Field : uint8_t {
    Data, EventId, GlobalPosition, Hash, Metadata, OccurredAt, PrevHash, RecordedAt, SchemaVersion,
    StreamId, StreamVersion, Type,
};
inline constexpr Field kFields[] = {
    Field::Data,       Field::EventId,    Field::GlobalPosition, Field::Hash,
    Field::Metadata,   Field::OccurredAt, Field::PrevHash,       Field::RecordedAt,
    Field::SchemaVersion, Field::StreamId, Field::StreamVersion,  Field::Type,
};
// `metadata`'s fields, in canonical order. Every one is a string, possibly empty.
enum class MetadataField : uint8_t { Actor, CausationId, CorrelationId, Reason };
inline constexpr MetadataField kMetadataFields[] = {MetadataField::Actor, MetadataField::CausationId,
                                                    MetadataField::CorrelationId, MetadataField::Reason};

std::string_view key(Field field);          // "eventId"
std::string_view key(MetadataField field);  // "actor"

// What a field holds, which decides how it is written and read.
enum class Kind : uint8_t {
    Data,      // `data`: a JSON object
    Text,      // eventId, hash, prevHash, streamId, type: a string
    Position,  // globalPosition, streamVersion: an unsigned integer
    Schema,    // schemaVersion: a small integer
    Millis,    // occurredAt, recordedAt: a signed integer
    Metadata,  // `metadata`: an object of MetadataField strings
};
Kind kind(Field field);
// The members of RecordedEvent behind the fields of each kind.
std::string RecordedEvent::*text_member(Field field);    // Kind::Text
uint64_t RecordedEvent::*position_member(Field field);   // Kind::Position
int64_t RecordedEvent::*millis_member(Field field);      // Kind::Millis
std::string EventMetadata::*metadata_member(MetadataField field);

// --- The rules ---------------------------------------------------------------------------------
// Each returns nullopt when the value meets its field's rule, otherwise a Corrupt error that
// names the field and the value ("field 'eventId': expected a UUID, got \"x\"").

// eventId: a UUID; streamId, type: 1 to kMaxStringField bytes; prevHash, hash: 64 lowercase hex.
std::optional<Error> check_text(Field field, const std::string& value);
// Any string of at most kMaxStringField bytes.
std::optional<Error> check_metadata_text(MetadataField field, const std::string& value);
// globalPosition, streamVersion: 1-based.
std::optional<Error> check_position(Field field, uint64_t value);
std::optional<Error> check_schema_version(int64_t value);  // 1..kMaxSchemaVersion
// recordedAt, occurredAt: UTC milliseconds, not negative.
std::optional<Error> check_millis(Field field, int64_t value);
// `data` (and a snapshot's `state`, named by `field`): an object nested at most kMaxJsonDepth
// deep whose numbers are all finite (checked before anything dumps it), then its dump is at most
// kMaxDataBytes. On success, the dump: the bytes the canonical form holds for it.
Result<std::string> dump_object(std::string_view field, const Json& value);
// Every field but `data` (the caller has its dump from dump_object, or on the fast path its text),
// in canonical order; `hash` only when `with_hash` (an event about to be hashed has none yet).
std::optional<Error> check_envelope(const RecordedEvent& e, bool with_hash);

// "event at position N: " before a problem's message, when the position is known (> 0).
Error at_position(Error error, uint64_t position);

// --- Helpers the writer and the readers share --------------------------------------------------

// A JSON value as its canonical text: compact, keys sorted, non-ASCII kept as UTF-8. Never
// throws: invalid UTF-8 becomes U+FFFD (which is why the writer refuses it first).
std::string dump_json(const Json& value);
// Strict UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool is_valid_utf8(std::string_view s);
// Every string of the envelope and of `data` (keys too) is valid UTF-8. The readers never need
// this: the JSON text they read is UTF-8 by the parser's rule. The writer does, because the
// canonical bytes of a string that is not would be replaced characters, whose hash would differ
// from the event's.
std::optional<Error> check_utf8(const RecordedEvent& e);
bool is_hex64(std::string_view s);  // 64 lowercase hex characters

}  // namespace event_format
}  // namespace es
