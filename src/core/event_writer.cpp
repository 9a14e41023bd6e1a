// The event writer (event_writer.h): the canonical bytes written field by field from the
// format's table, rather than through a temporary Json that would copy `data` and allocate a
// node per field. tests/core/event_codec_reference.h keeps the slow, obviously right way
// (nlohmann's dump of the whole envelope) that the tests compare these bytes with.
#include "core/event_writer.h"

#include <cstring>

#include "core/event_format.h"

namespace es {

using namespace event_format;

namespace {

// The envelope in canonical order with `data_dump` for `data` (when null, e.data is written
// straight into it, without a string of its own). With `hash`, the stored line; without, the
// canonical bytes, and *hash_at is where the hash field would go. `text_checked`: check_utf8 has
// passed on `e`, so its strings need not be validated again while written.
std::string write_envelope(const RecordedEvent& e, const std::string_view* data_dump, const std::string* hash,
                           size_t* hash_at = nullptr, bool text_checked = false) {
    // The envelope without data is ~480 bytes; a bank event's data ~100-160.
    constexpr size_t kEnvelope = 480, kTypicalData = 160;
    std::string out;
    out.reserve(kEnvelope + (data_dump ? data_dump->size() : kTypicalData));
    for (const FieldSpec& f : kFields) {
        if (f.field == Field::Hash && !hash) {
            if (hash_at) *hash_at = out.size();
            continue;
        }
        out += f.prefix;
        switch (f.kind) {
            case Kind::Data:
                if (data_dump)
                    out += *data_dump;
                else
                    append_json(out, e.data);
                break;
            case Kind::Text:
                append_json_string(out, f.field == Field::Hash ? *hash : e.*text_member(f.field), text_checked);
                break;
            case Kind::Position: append_decimal(out, e.*position_member(f.field)); break;
            case Kind::Schema: append_decimal(out, e.schema_version); break;
            case Kind::Millis: append_decimal(out, e.*millis_member(f.field)); break;
            case Kind::Metadata:
                for (const MetadataFieldSpec& m : kMetadataFields) {
                    out += m.prefix;
                    append_json_string(out, e.metadata.*metadata_member(m.field), text_checked);
                }
                out.push_back('}');
                break;
        }
    }
    out.push_back('}');
    return out;
}

}  // namespace

std::string canonical_bytes(const RecordedEvent& e) { return write_envelope(e, nullptr, nullptr); }

std::string canonical_bytes(const RecordedEvent& e, std::string_view data_dump) {
    return write_envelope(e, &data_dump, nullptr);
}

std::string encode_event_line(const RecordedEvent& e) { return write_envelope(e, nullptr, &e.hash); }

std::vector<std::string> encode_event_lines(EventRange events) {
    std::vector<std::string> lines;
    lines.reserve(events.size());
    for (const RecordedEvent& e : events) lines.push_back(encode_event_line(e));
    return lines;
}

Result<WrittenEvent> write_event(const RecordedEvent& e) {
    auto data = dump_object(key(Field::Data), e.data);
    if (!data.ok()) return data.error();
    if (auto err = check_envelope(e, /*with_hash=*/false)) return *err;
    if (auto err = check_utf8(e)) return *err;
    WrittenEvent written;
    size_t hash_at = 0;
    const std::string_view data_dump = *data;
    written.line = write_envelope(e, &data_dump, nullptr, &hash_at, /*text_checked=*/true);
    written.content_hash = sha256(written.line);
    written.hash = to_hex(written.content_hash);
    // The canonical bytes become the line: the hash goes in where the writer skipped it.
    const std::string_view prefix = spec(Field::Hash).prefix;
    char field[96];
    const size_t n = prefix.size() + written.hash.size() + 2;
    std::memcpy(field, prefix.data(), prefix.size());
    field[prefix.size()] = '"';
    std::memcpy(field + prefix.size() + 1, written.hash.data(), written.hash.size());
    field[n - 1] = '"';
    written.line.insert(hash_at, field, n);
    return written;
}

Json event_to_json(const RecordedEvent& e) {
    Json out = Json::object();
    for (const FieldSpec& f : kFields) {
        Json& value = out[std::string(f.key)];
        switch (f.kind) {
            case Kind::Data: value = e.data; break;
            case Kind::Text: value = e.*text_member(f.field); break;
            case Kind::Position: value = e.*position_member(f.field); break;
            case Kind::Schema: value = e.schema_version; break;
            case Kind::Millis: value = e.*millis_member(f.field); break;
            case Kind::Metadata:
                value = Json::object();
                for (const MetadataFieldSpec& m : kMetadataFields) value[std::string(m.key)] = e.metadata.*metadata_member(m.field);
                break;
        }
    }
    return out;
}

}  // namespace es
