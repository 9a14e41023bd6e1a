// The event writer (event_writer.h): the canonical bytes written field by field from the
// format's table, rather than through a temporary Json that would copy `data` and allocate a
// node per field, into one reused buffer (event_format::ByteWriter) and copied out at their exact
// size. tests/core/event_codec_reference.h keeps the slow, obviously right way (nlohmann's own
// dump of the whole envelope) that the tests compare these bytes with.
#include "core/event_writer.h"

#include <optional>

#include "core/event_format.h"

namespace es {

using namespace event_format;

namespace {

// Where write_envelope put what the caller fills in or checks afterwards.
struct EnvelopeSpans {
    size_t data_at = 0, data_end = 0;  // data's bytes
    size_t hash_at = 0, hash_end = 0;  // the hash field (prefix and quoted value), or where it goes
};

// How write_envelope writes the `hash` field.
enum class HashField {
    Omit,         // the canonical bytes: no hash field (spans->hash_at is where it would go)
    Value,        // the stored line, with `hash` as given
    Placeholder,  // the stored line, with 64 spaces where the hash's hex goes (write_event)
};

constexpr std::string_view kHashPlaceholder = "                                                                ";
static_assert(kHashPlaceholder.size() == 64, "a hash is 64 hex characters");

// The envelope in canonical order into `out`, with `data_dump` for `data` (when null, e.data is
// written straight into it, without a string of its own). `text_checked`: check_utf8 has passed
// on `e`, so its strings (data's too) need not be validated again while written.
void write_envelope(ByteWriter& out, const RecordedEvent& e, const std::string_view* data_dump, HashField hash_field,
                    const std::string* hash, EnvelopeSpans* spans = nullptr, bool text_checked = false) {
    out.clear_and_trim(kKeptBufferBytes);
    for (const FieldSpec& f : kFields) {
        if (f.field == Field::Hash) {
            if (spans) spans->hash_at = out.size();
            if (hash_field == HashField::Omit) {
                if (spans) spans->hash_end = out.size();
                continue;
            }
        }
        out += f.prefix;
        switch (f.kind) {
            case Kind::Data:
                if (spans) spans->data_at = out.size();
                if (data_dump)
                    out += *data_dump;
                else
                    append_json(out, e.data, text_checked);
                if (spans) spans->data_end = out.size();
                break;
            case Kind::Text:
                if (f.field != Field::Hash) {
                    append_json_string(out, e.*text_member(f.field), text_checked);
                } else if (hash_field == HashField::Value) {
                    append_json_string(out, *hash, text_checked);
                } else {
                    out.push_back('"');
                    out += kHashPlaceholder;
                    out.push_back('"');
                }
                if (f.field == Field::Hash && spans) spans->hash_end = out.size();
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
}

// The buffer every line is written into before it is copied out at its exact size (the string
// a line is kept in then has no spare capacity), or, by write_event, handed out as a view of it.
// Nothing the writer calls writes a line itself, so one per thread is enough.
ByteWriter& line_buffer() {
    thread_local ByteWriter buffer;
    return buffer;
}

std::string envelope(const RecordedEvent& e, const std::string_view* data_dump, HashField hash_field,
                     const std::string* hash) {
    ByteWriter& out = line_buffer();
    write_envelope(out, e, data_dump, hash_field, hash);
    return std::string(out.view());
}

}  // namespace

std::string canonical_bytes(const RecordedEvent& e) { return envelope(e, nullptr, HashField::Omit, nullptr); }

std::string canonical_bytes(const RecordedEvent& e, std::string_view data_dump) {
    return envelope(e, &data_dump, HashField::Omit, nullptr);
}

std::string encode_event_line(const RecordedEvent& e) { return envelope(e, nullptr, HashField::Value, &e.hash); }

std::vector<std::string> encode_event_lines(EventRange events) {
    std::vector<std::string> lines;
    lines.reserve(events.size());
    for (const RecordedEvent& e : events) lines.push_back(encode_event_line(e));
    return lines;
}

Result<WrittenEvent> write_event(const RecordedEvent& e) {
    const std::string_view data_name = key(Field::Data);
    if (auto err = check_object(data_name, e.data)) return *err;
    std::optional<Error> broken = check_envelope(e, /*with_hash=*/false);
    if (!broken) broken = check_utf8(e);
    if (broken) {
        // The readers check `data`'s size before the other fields, so a writer that reports
        // the same first problem does too: only here, on the way out, is `data` dumped apart.
        auto dump = dump_object(data_name, e.data);
        return dump.ok() ? *broken : dump.error();
    }
    // The line is written once, with room for the hash's hex. The canonical bytes are the line
    // without the hash field: hashed in two pieces, around it, then the hex goes in its place
    // (nothing after it moves, and `data` gets no string of its own).
    ByteWriter& out = line_buffer();
    EnvelopeSpans at;
    write_envelope(out, e, nullptr, HashField::Placeholder, nullptr, &at, /*text_checked=*/true);
    if (auto err = check_dump_size(data_name, at.data_end - at.data_at)) return *err;
    WrittenEvent written;
    const std::string_view line = out.view();
    Sha256 hasher;
    hasher.update(line.substr(0, at.hash_at));
    hasher.update(line.substr(at.hash_end));
    written.content_hash = hasher.finish();
    char* hex = out.data() + at.hash_end - 1 - kHashPlaceholder.size();
    write_hex(written.content_hash, hex);
    written.hash.assign(hex, kHashPlaceholder.size());
    written.line = out.view();
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
