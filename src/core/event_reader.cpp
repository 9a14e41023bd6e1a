// The strict event reader and decode_event_line (event_reader.h).
#include "core/event_reader.h"

#include <array>
#include <cstdint>
#include <iterator>
#include <limits>

#include "core/event_format.h"
#include "core/event_writer.h"
#include "core/json_object.h"
#include "core/json_parse.h"

namespace es {

using namespace event_format;

namespace event_reader {

namespace {

// Reads `j`'s fields in canonical order: each one's JSON type (JsonObjectReader), then its
// rule (event_format). `data` is left in `j` for the caller to move out.
Result<RecordedEvent> read_event(const Json& j, std::string* data_dump) {
    if (!j.is_object()) return make_error(ErrorCode::Corrupt, "event: expected a JSON object, got " + preview_json(j));
    std::optional<Error> error;
    JsonObjectReader r(j, "", ErrorCode::Corrupt, error);
    auto check = [&](std::optional<Error> err) {
        if (err && !error) error = std::move(err);
    };
    // The types only: the lengths and emptiness are the format's rules, checked right after.
    constexpr JsonObjectReader::Text kAnyText{std::numeric_limits<size_t>::max(), true};
    constexpr int64_t kAnyInt = std::numeric_limits<int64_t>::min();
    static const auto kKeys = [] {
        std::array<std::string_view, std::size(kFields)> keys;
        for (size_t i = 0; i < keys.size(); ++i) keys[i] = kFields[i].key;
        return keys;
    }();
    static const auto kMetadataKeys = [] {
        std::array<std::string_view, std::size(kMetadataFields)> keys;
        for (size_t i = 0; i < keys.size(); ++i) keys[i] = kMetadataFields[i].key;
        return keys;
    }();
    r.only(kKeys.data(), kKeys.size());
    RecordedEvent e;
    for (const FieldSpec& f : kFields) {
        if (error) break;
        const Field field = f.field;
        const std::string_view name = f.key;
        switch (f.kind) {
            case Kind::Data:
                if (const Json* data = r.object(name)) {
                    auto dump = dump_object(name, *data);
                    if (!dump.ok()) check(dump.error());
                    else if (data_dump) *data_dump = std::move(*dump);
                }
                break;
            case Kind::Text: {
                std::string& out = e.*text_member(field);
                out = r.string(name, kAnyText);
                if (!error) check(check_text(field, out));
                break;
            }
            case Kind::Position: {
                uint64_t& out = e.*position_member(field);
                out = r.unsigned_integer(name, 0, std::numeric_limits<uint64_t>::max(), "a positive integer");
                if (!error) check(check_position(field, out));
                break;
            }
            case Kind::Schema: {
                const int64_t v = r.integer(name, kAnyInt, std::numeric_limits<int64_t>::max(),
                                            "an integer from 1 to " + std::to_string(kMaxSchemaVersion));
                if (!error) check(check_schema_version(v));
                e.schema_version = error ? 0 : static_cast<int>(v);
                break;
            }
            case Kind::Millis: {
                int64_t& out = e.*millis_member(field);
                out = r.integer(name, kAnyInt, std::numeric_limits<int64_t>::max(),
                                "a non-negative integer (UTC milliseconds)");
                if (!error) check(check_millis(field, out));
                break;
            }
            case Kind::Metadata: {
                JsonObjectReader m = r.child(name);
                m.only(kMetadataKeys.data(), kMetadataKeys.size());
                for (const MetadataFieldSpec& mf : kMetadataFields) {
                    if (error) break;
                    std::string& out = e.metadata.*metadata_member(mf.field);
                    out = m.string(mf.key, kAnyText);
                    if (!error) check(check_metadata_text(mf.field, out));
                }
                break;
            }
        }
    }
    if (error) {
        // Name the position when it is readable, so a log reader can point at the bad line.
        auto pos = j.find(key(Field::GlobalPosition));
        const bool readable = pos != j.end() && pos->is_number_unsigned();
        return at_position(std::move(*error), readable ? pos->get<uint64_t>() : 0);
    }
    return e;
}

}  // namespace

Result<RecordedEvent> read_strict(std::string_view line, std::string* data_dump) {
    auto parsed = parse_json(line);
    if (!parsed.ok()) return make_error(ErrorCode::Corrupt, "event line: " + parsed.error().message);
    Json& j = *parsed;
    auto event = read_event(j, data_dump);
    // Moved, not copied (a deep copy of a map per event): j was parsed for this call only.
    if (event.ok()) event->data = std::move(j[std::string(key(Field::Data))]);
    return event;
}

}  // namespace event_reader

Result<RecordedEvent> decode_event_line(std::string_view line, Sha256Digest* content_hash) {
    // Generous bound: data is at most 64 KiB, every other string at most 4 KiB (escapes may
    // inflate both up to 6x).
    constexpr size_t kMaxLine = 6 * (kMaxDataBytes + 16 * kMaxStringField);
    if (line.size() > kMaxLine)
        return make_error(ErrorCode::Corrupt, "event line of " + std::to_string(line.size()) +
                                                  " bytes is longer than any valid event");
    bool hashed = false;
    if (auto fast = event_reader::read_canonical(line, content_hash, &hashed)) {
        if (content_hash && !hashed) *content_hash = sha256(canonical_bytes(*fast));
        return std::move(*fast);
    }
    std::string data_dump;
    auto event = event_reader::read_strict(line, content_hash ? &data_dump : nullptr);
    if (event.ok() && content_hash) *content_hash = sha256(canonical_bytes(*event, data_dump));
    return event;
}

}  // namespace es
