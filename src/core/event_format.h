// The stored form of an event, stated once (docs/EVENT_MODEL.md, "Envelope"): the envelope's
// fields in the order the canonical bytes hold them, and the rule every value must meet. Like
// leveldb's log_format.h next to its log_writer and log_reader, this is the format; the writer
// (event_writer.h) and both readers (event_reader.h: the strict one and its fast path) go
// through this table and these rules, so what the store writes is exactly what it reads back.
#pragma once

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "core/char_class.h"
#include "core/event.h"
#include "core/result.h"
#include "core/uuid.h"

namespace es {

constexpr size_t kMaxStringField = 4096;     // ids, types, metadata strings (bytes)
constexpr size_t kMaxDataBytes = 64 * 1024;  // `data` as dumped in the canonical bytes
constexpr int kMaxSchemaVersion = 1000;
constexpr int kMaxJsonDepth = 64;            // nesting of `data` (bounds every recursion over it)

namespace event_format {

// The envelope's fields.
enum class Field : uint8_t {
    Data, EventId, GlobalPosition, Hash, Metadata, OccurredAt, PrevHash, RecordedAt, SchemaVersion,
    StreamId, StreamVersion, Type,
};
// What a field holds, which decides how it is written and read.
enum class Kind : uint8_t {
    Data,      // `data`: a JSON object
    Text,      // eventId, hash, prevHash, streamId, type: a string
    Position,  // globalPosition, streamVersion: an unsigned integer
    Schema,    // schemaVersion: a small integer
    Millis,    // occurredAt, recordedAt: a signed integer
    Metadata,  // `metadata`: an object of MetadataField strings
};
struct FieldSpec {
    Field field;
    Kind kind;
    std::string_view key;     // "eventId"
    std::string_view prefix;  // what comes before its value in the canonical text: `,"eventId":`
};
// The fields in canonical order: sorted by key, as a JSON object is dumped; the first one opens
// the object.
inline constexpr FieldSpec kFields[] = {
    {Field::Data, Kind::Data, "data", "{\"data\":"},
    {Field::EventId, Kind::Text, "eventId", ",\"eventId\":"},
    {Field::GlobalPosition, Kind::Position, "globalPosition", ",\"globalPosition\":"},
    {Field::Hash, Kind::Text, "hash", ",\"hash\":"},
    {Field::Metadata, Kind::Metadata, "metadata", ",\"metadata\":"},
    {Field::OccurredAt, Kind::Millis, "occurredAt", ",\"occurredAt\":"},
    {Field::PrevHash, Kind::Text, "prevHash", ",\"prevHash\":"},
    {Field::RecordedAt, Kind::Millis, "recordedAt", ",\"recordedAt\":"},
    {Field::SchemaVersion, Kind::Schema, "schemaVersion", ",\"schemaVersion\":"},
    {Field::StreamId, Kind::Text, "streamId", ",\"streamId\":"},
    {Field::StreamVersion, Kind::Position, "streamVersion", ",\"streamVersion\":"},
    {Field::Type, Kind::Text, "type", ",\"type\":"},
};
// `metadata`'s fields, in canonical order. Every one is a string, possibly empty.
enum class MetadataField : uint8_t { Actor, CausationId, CorrelationId, Reason };
struct MetadataFieldSpec {
    MetadataField field;
    std::string_view key;
    std::string_view prefix;
};
inline constexpr MetadataFieldSpec kMetadataFields[] = {
    {MetadataField::Actor, "actor", "{\"actor\":"},
    {MetadataField::CausationId, "causationId", ",\"causationId\":"},
    {MetadataField::CorrelationId, "correlationId", ",\"correlationId\":"},
    {MetadataField::Reason, "reason", ",\"reason\":"},
};

// Each row's prefix is its key quoted, after '{' or ','; the keys ascend; each row is in its
// enum's place.
template <typename Spec, size_t N>
constexpr bool table_is_consistent(const Spec (&table)[N]) {
    for (size_t i = 0; i < N; ++i) {
        const Spec& f = table[i];
        if (static_cast<size_t>(f.field) != i || (i > 0 && !(table[i - 1].key < f.key))) return false;
        if (f.prefix.size() != f.key.size() + 4 || f.prefix[0] != (i == 0 ? '{' : ',') || f.prefix[1] != '"' ||
            f.prefix.substr(2, f.key.size()) != f.key || f.prefix.substr(f.key.size() + 2) != "\":")
            return false;
    }
    return true;
}
static_assert(table_is_consistent(kFields), "kFields: out of canonical order, or a prefix that is not its key");
static_assert(table_is_consistent(kMetadataFields), "kMetadataFields: out of canonical order, or a bad prefix");

constexpr const FieldSpec& spec(Field field) { return kFields[static_cast<size_t>(field)]; }
constexpr std::string_view key(Field field) { return spec(field).key; }
constexpr std::string_view key(MetadataField field) { return kMetadataFields[static_cast<size_t>(field)].key; }

// The members of RecordedEvent behind the fields of each kind.
constexpr std::string RecordedEvent::*text_member(Field field) {  // Kind::Text
    return field == Field::EventId ? &RecordedEvent::event_id
         : field == Field::Hash ? &RecordedEvent::hash
         : field == Field::PrevHash ? &RecordedEvent::prev_hash
         : field == Field::StreamId ? &RecordedEvent::stream_id
                                    : &RecordedEvent::type;
}
constexpr uint64_t RecordedEvent::*position_member(Field field) {  // Kind::Position
    return field == Field::GlobalPosition ? &RecordedEvent::global_position : &RecordedEvent::stream_version;
}
constexpr int64_t RecordedEvent::*millis_member(Field field) {  // Kind::Millis
    return field == Field::RecordedAt ? &RecordedEvent::recorded_at_ms : &RecordedEvent::occurred_at_ms;
}
constexpr std::string EventMetadata::*metadata_member(MetadataField field) {
    return field == MetadataField::Actor ? &EventMetadata::actor
         : field == MetadataField::CausationId ? &EventMetadata::causation_id
         : field == MetadataField::CorrelationId ? &EventMetadata::correlation_id
                                                 : &EventMetadata::reason;
}

// --- The rules ---------------------------------------------------------------------------------
// Each returns nullopt when the value meets its field's rule, otherwise a Corrupt error that
// names the field and the value ("field 'eventId': expected a UUID, got \"x\"").

// Each check is inline for the values that meet the rule (every field of every event read or
// written is checked); the messages are built out of line, only for a broken rule.
inline bool is_hex64(std::string_view s) {  // 64 lowercase hex characters
    return s.size() == 64 && char_class::all_lower_hex(s);
}
Error text_error(Field field, const std::string& value);
Error metadata_text_error(MetadataField field, const std::string& value);
Error position_error(Field field, uint64_t value);
Error schema_version_error(int64_t value);
Error millis_error(Field field, int64_t value);

// eventId: a UUID; streamId, type: 1 to kMaxStringField bytes; prevHash, hash: 64 lowercase hex.
inline std::optional<Error> check_text(Field field, const std::string& value) {
    const bool fine = field == Field::Hash || field == Field::PrevHash
                          ? is_hex64(value)
                          : !value.empty() && value.size() <= kMaxStringField && (field != Field::EventId || is_uuid(value));
    if (fine) return std::nullopt;
    return text_error(field, value);
}
// Any string of at most kMaxStringField bytes.
inline std::optional<Error> check_metadata_text(MetadataField field, const std::string& value) {
    if (value.size() <= kMaxStringField) return std::nullopt;
    return metadata_text_error(field, value);
}
// globalPosition, streamVersion: 1-based.
inline std::optional<Error> check_position(Field field, uint64_t value) {
    if (value >= 1) return std::nullopt;
    return position_error(field, value);
}
inline std::optional<Error> check_schema_version(int64_t value) {  // 1..kMaxSchemaVersion
    if (value >= 1 && value <= kMaxSchemaVersion) return std::nullopt;
    return schema_version_error(value);
}
// recordedAt, occurredAt: UTC milliseconds, not negative.
inline std::optional<Error> check_millis(Field field, int64_t value) {
    if (value >= 0) return std::nullopt;
    return millis_error(field, value);
}
// `data` (and a snapshot's `state`, named by `field`): an object nested at most kMaxJsonDepth
// deep whose numbers are all finite (checked before anything dumps it), then its dump is at most
// kMaxDataBytes. On success, the dump: the bytes the canonical form holds for it.
Result<std::string> dump_object(std::string_view field, const Json& value);
// dump_object's rules in two halves, for a writer that dumps `value` straight into a line:
// what must hold before dumping it, and the size of the dump (`bytes`).
std::optional<Error> check_object(std::string_view field, const Json& value);
std::optional<Error> check_dump_size(std::string_view field, size_t bytes);
// Every field but `data` (checked by dump_object, or check_object and check_dump_size), in
// canonical order; `hash` only when `with_hash` (an event about to be hashed has none yet).
std::optional<Error> check_envelope(const RecordedEvent& e, bool with_hash);

// "event at position N: " before a problem's message, when the position is known (> 0).
Error at_position(Error error, uint64_t position);

// --- Helpers the writer and the readers share --------------------------------------------------

// Where the writer puts a line while writing it: a buffer that grows as needed (the writer keeps
// one and reuses it), written through a pointer, so each field is a bounds check and a copy rather
// than a call into std::string. The finished line is then copied once into a string of exactly
// its size. The appending functions below write into one.
class ByteWriter {
public:
    ByteWriter() = default;
    ByteWriter(const ByteWriter&) = delete;
    ByteWriter& operator=(const ByteWriter&) = delete;
    ~ByteWriter() { delete[] data_; }

    // Empties it, and frees its memory when it holds more than `most` bytes of room (a buffer
    // kept for reuse need not keep the largest line it ever held).
    void clear_and_trim(size_t most) {
        size_ = 0;
        if (capacity_ > most) {
            delete[] data_;
            data_ = nullptr;
            capacity_ = 0;
        }
    }
    size_t size() const { return size_; }
    size_t capacity() const { return capacity_; }
    char* data() { return data_; }
    std::string_view view() const { return {data_, size_}; }
    void push_back(char c) {
        if (size_ == capacity_) grow(1);
        data_[size_++] = c;
    }
    void append(const char* s, size_t n) {
        if (n == 0) return;  // (memcpy from a null `s` would be undefined even for no bytes)
        if (capacity_ - size_ < n) grow(n);
        std::memcpy(data_ + size_, s, n);
        size_ += n;
    }
    ByteWriter& operator+=(std::string_view s) {
        append(s.data(), s.size());
        return *this;
    }

private:
    void grow(size_t more);  // room for `more` bytes after size_ (at least doubling)
    char* data_ = nullptr;
    size_t size_ = 0;
    size_t capacity_ = 0;
};

// What a ByteWriter kept for reuse may hold between two lines: more than a line of the largest
// `data` (kMaxDataBytes) is freed when the next line starts.
constexpr size_t kKeptBufferBytes = 128 * 1024;

// A JSON value as its canonical text: compact, keys sorted, non-ASCII kept as UTF-8. Never
// throws: invalid UTF-8 becomes U+FFFD (which is why the writer refuses it first).
std::string dump_json(const Json& value);
// The same, appended to `out` (no string of its own: the writer puts `data` straight into the
// envelope). `known_valid`: every string in `value` is valid UTF-8 (check_utf8 passed), so none
// is checked again (see append_json_string).
void append_json(ByteWriter& out, const Json& value, bool known_valid = false);
// An integer in decimal, appended to `out` (as dump_json() and std::to_string write it).
template <class Out, class Int>
void append_decimal(Out& out, Int v) {
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, static_cast<size_t>(r.ptr - buf));
}
// `s` as dump_json() writes a JSON string, appended to `out`: only '"', '\\' and control
// characters escaped; invalid UTF-8 as replacement characters (`known_valid`: the caller has
// checked it is valid UTF-8, so it is not checked again).
void append_json_string(ByteWriter& out, std::string_view s, bool known_valid = false);
// Strict UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool is_valid_utf8(std::string_view s);
// Every string of the envelope and of `data` (keys too) is valid UTF-8. The readers never need
// this: the JSON text they read is UTF-8 by the parser's rule. The writer does, because the
// canonical bytes of a string that is not would be replaced characters, whose hash would differ
// from the event's.
std::optional<Error> check_utf8(const RecordedEvent& e);

}  // namespace event_format
}  // namespace es
