// The event format's table and rules (event_format.h).
#include "core/event_format.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/json_object.h"

namespace es::event_format {

namespace {

Error problem(std::string_view field, const std::string& what) {
    return make_error(ErrorCode::Corrupt, "field '" + std::string(field) + "': " + what);
}

Error expected(std::string_view field, const std::string& what, const Json& got) {
    return problem(field, "expected " + what + ", got " + preview_json(got));
}

std::optional<Error> length_rule(std::string_view field, const std::string& value, bool allow_empty) {
    if (value.size() > kMaxStringField)
        return problem(field, "string of " + std::to_string(value.size()) + " bytes exceeds the limit of " +
                                  std::to_string(kMaxStringField));
    if (!allow_empty && value.empty()) return expected(field, "a non-empty string", Json(value));
    return std::nullopt;
}

bool deeper_than(const Json& j, int limit) {
    if (!j.is_structured()) return false;
    if (limit <= 0) return true;
    for (const auto& child : j)
        if (deeper_than(child, limit - 1)) return true;
    return false;
}

// NaN and infinity have no JSON spelling: a dump writes them as null, so an event holding one
// would hash differently after a reload.
bool has_non_finite_number(const Json& j) {
    if (j.is_number_float()) return !std::isfinite(j.get<double>());
    if (!j.is_structured()) return false;
    for (const auto& child : j)
        if (has_non_finite_number(child)) return true;
    return false;
}

bool strings_valid_utf8(const Json& j) {
    if (j.is_string()) return is_valid_utf8(j.get_ref<const std::string&>());
    if (j.is_object()) {
        for (auto it = j.begin(); it != j.end(); ++it)
            if (!is_valid_utf8(it.key()) || !strings_valid_utf8(it.value())) return false;
    } else if (j.is_array()) {
        for (const Json& v : j)
            if (!strings_valid_utf8(v)) return false;
    }
    return true;
}

}  // namespace

Error text_error(Field field, const std::string& value) {
    const std::string_view name = key(field);
    const bool is_hash = field == Field::Hash || field == Field::PrevHash;
    if (auto err = length_rule(name, value, false)) return *err;
    if (is_hash) return expected(name, "64 lowercase hex characters", Json(value));
    return expected(name, "a UUID", Json(value));
}

Error metadata_text_error(MetadataField field, const std::string& value) {
    return *length_rule("metadata." + std::string(key(field)), value, true);
}

Error position_error(Field field, uint64_t value) { return expected(key(field), "a positive integer", Json(value)); }

Error schema_version_error(int64_t value) {
    return expected(key(Field::SchemaVersion), "an integer from 1 to " + std::to_string(kMaxSchemaVersion), Json(value));
}

Error millis_error(Field field, int64_t value) {
    return expected(key(field), "a non-negative integer (UTC milliseconds)", Json(value));
}

std::optional<Error> check_object(std::string_view name, const Json& data) {
    if (!data.is_object()) return expected(name, "an object", data);
    // Checked before dumping: a dump recurses and must not run on hostile nesting.
    if (deeper_than(data, kMaxJsonDepth))
        return problem(name, "nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    if (has_non_finite_number(data))
        return problem(name, "holds a number that is not finite (NaN or infinity), which JSON cannot represent");
    return std::nullopt;
}

std::optional<Error> check_dump_size(std::string_view name, size_t bytes) {
    if (bytes <= kMaxDataBytes) return std::nullopt;
    return problem(name, std::to_string(bytes) + " bytes exceeds the limit of " + std::to_string(kMaxDataBytes));
}

Result<std::string> dump_object(std::string_view name, const Json& data) {
    if (auto err = check_object(name, data)) return *err;
    std::string dump = dump_json(data);
    if (auto err = check_dump_size(name, dump.size())) return *err;
    return dump;
}

std::optional<Error> check_envelope(const RecordedEvent& e, bool with_hash) {
    for (const FieldSpec& f : kFields) {
        const Field field = f.field;
        std::optional<Error> err;
        switch (f.kind) {
            case Kind::Data: break;  // dump_object, or check_object and check_dump_size
            case Kind::Text:
                if (field != Field::Hash || with_hash) err = check_text(field, e.*text_member(field));
                break;
            case Kind::Position: err = check_position(field, e.*position_member(field)); break;
            case Kind::Schema: err = check_schema_version(e.schema_version); break;
            case Kind::Millis: err = check_millis(field, e.*millis_member(field)); break;
            case Kind::Metadata:
                for (const MetadataFieldSpec& m : kMetadataFields)
                    if (!err) err = check_metadata_text(m.field, e.metadata.*metadata_member(m.field));
                break;
        }
        if (err) return err;
    }
    return std::nullopt;
}

Error at_position(Error error, uint64_t position) {
    if (position > 0) error.message = "event at position " + std::to_string(position) + ": " + error.message;
    return error;
}

namespace {

void append_json_string_to(ByteWriter& out, std::string_view s, bool known_valid);

// nlohmann's dump(-1, ' ', false, replace), byte for byte, without its serializer's
// per-character state machine: what nlohmann alone decides (a float's shortest spelling, the
// replacement characters of invalid UTF-8) is still asked of nlohmann.
void append_json_to(ByteWriter& out, const Json& v, bool known_valid) {
    switch (v.type()) {
        case Json::value_t::object: {
            out.push_back('{');
            bool first = true;
            for (auto it = v.begin(); it != v.end(); ++it) {
                if (!first) out.push_back(',');
                first = false;
                append_json_string_to(out, it.key(), known_valid);
                out.push_back(':');
                append_json_to(out, it.value(), known_valid);
            }
            out.push_back('}');
            return;
        }
        case Json::value_t::array: {
            out.push_back('[');
            bool first = true;
            for (const Json& item : v) {
                if (!first) out.push_back(',');
                first = false;
                append_json_to(out, item, known_valid);
            }
            out.push_back(']');
            return;
        }
        case Json::value_t::string: append_json_string_to(out, v.get_ref<const std::string&>(), known_valid); return;
        case Json::value_t::number_integer: append_decimal(out, v.get<int64_t>()); return;
        case Json::value_t::number_unsigned: append_decimal(out, v.get<uint64_t>()); return;
        case Json::value_t::boolean: out += v.get<bool>() ? "true" : "false"; return;
        case Json::value_t::null: out += "null"; return;
        default: out += v.dump(-1, ' ', false, Json::error_handler_t::replace); return;  // floats, binary, discarded
    }
}

// Whether `s` is ASCII that needs no escape (most text an event holds: ids, hashes, types,
// keys): then it is valid UTF-8 and is written as it is, in one copy.
bool plain_ascii(std::string_view s) {
    size_t i = 0;
    for (; i + 8 <= s.size(); i += 8)
        if (char_class::bytes_not_plain(char_class::load8(s.data() + i)) != 0) return false;
    for (; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') return false;
    }
    return true;
}

void append_json_string_to(ByteWriter& out, std::string_view s, bool known_valid) {
    if (plain_ascii(s)) {
        out.push_back('"');
        out.append(s.data(), s.size());
        out.push_back('"');
        return;
    }
    if (!known_valid && !is_valid_utf8(s)) {
        out += Json(std::string(s)).dump(-1, ' ', false, Json::error_handler_t::replace);
        return;
    }
    static const char kHex[] = "0123456789abcdef";
    out.push_back('"');
    size_t run = 0;  // start of the characters not yet written, which need no escape
    for (size_t i = 0; i < s.size(); ++i) {
        // Eight characters at a time while none of them needs an escape: most of any text.
        while (i + 8 <= s.size() && char_class::bytes_to_escape(char_class::load8(s.data() + i)) == 0) i += 8;
        if (i == s.size()) break;
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        out.append(s.data() + run, i - run);
        run = i + 1;
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                out += "\\u00";
                out.push_back(kHex[c >> 4]);
                out.push_back(kHex[c & 0xf]);
        }
    }
    out.append(s.data() + run, s.size() - run);
    out.push_back('"');
}

}  // namespace

void append_json(ByteWriter& out, const Json& v, bool known_valid) { append_json_to(out, v, known_valid); }
void append_json_string(ByteWriter& out, std::string_view s, bool known_valid) {
    append_json_string_to(out, s, known_valid);
}

void ByteWriter::grow(size_t more) {
    const size_t capacity = std::max(size_ + more, 2 * capacity_);
    char* bigger = new char[capacity];
    if (size_ > 0) std::memcpy(bigger, data_, size_);
    delete[] data_;
    data_ = bigger;
    capacity_ = capacity;
}

std::string dump_json(const Json& value) {
    thread_local ByteWriter buffer;  // reused: the dump is copied out at its exact size
    buffer.clear_and_trim(kKeptBufferBytes);
    append_json_to(buffer, value, false);
    return std::string(buffer.view());
}

bool is_valid_utf8(std::string_view s) {
    size_t i = 0;
    while (i < s.size()) {
        // ASCII, eight bytes at a time: most of any event's text.
        if (i + 8 <= s.size()) {
            uint64_t word;
            std::memcpy(&word, s.data() + i, 8);
            if ((word & 0x8080808080808080ull) == 0) {
                i += 8;
                continue;
            }
        }
        unsigned char c = static_cast<unsigned char>(s[i]);
        size_t extra = c < 0x80 ? 0 : (c >> 5) == 0x6 ? 1 : (c >> 4) == 0xe ? 2 : (c >> 3) == 0x1e ? 3 : 99;
        if (extra > 3 || i + extra >= s.size()) return false;
        uint32_t cp = extra == 0 ? c : extra == 1 ? (c & 0x1f) : extra == 2 ? (c & 0x0f) : (c & 0x07);
        for (size_t k = 1; k <= extra; ++k) {
            unsigned char d = static_cast<unsigned char>(s[i + k]);
            if ((d >> 6) != 0x2) return false;
            cp = (cp << 6) | (d & 0x3f);
        }
        static const uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
        if (cp < kMin[extra] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
        i += extra + 1;
    }
    return true;
}

std::optional<Error> check_utf8(const RecordedEvent& e) {
    auto bad = [](const std::string& field) {
        return make_error(ErrorCode::Corrupt, "field '" + field + "': holds text that is not valid UTF-8");
    };
    for (const FieldSpec& f : kFields)
        if (f.kind == Kind::Text && !is_valid_utf8(e.*text_member(f.field))) return bad(std::string(f.key));
    for (const MetadataFieldSpec& m : kMetadataFields)
        if (!is_valid_utf8(e.metadata.*metadata_member(m.field))) return bad("metadata." + std::string(m.key));
    if (!strings_valid_utf8(e.data)) return bad("data");
    return std::nullopt;
}

}  // namespace es::event_format
