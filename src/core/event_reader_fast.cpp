// The fast path of decode_event_line (event_reader.h): a line exactly as encode_event_line
// writes it is read field by field in the format's order, in place, without building a JSON tree
// of the envelope; a flat `data` (every bank event's) is read into its Json directly, any other
// through the JSON parser. Every rule is the format's own (event_format.h); a line this path
// cannot vouch for (another layout, an escape, a value a rule refuses) is left to the strict
// reader, which reads it or says exactly what is wrong.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/char_class.h"
#include "core/event_format.h"
#include "core/event_reader.h"
#include "core/json_parse.h"

namespace es::event_reader {

using namespace event_format;

namespace {

class Cursor {
public:
    explicit Cursor(std::string_view s) : s_(s) {}

    bool done() const { return i_ == s_.size(); }
    size_t at() const { return i_; }

    // The exact bytes `lit` (a key with its quotes and colon, a brace, a comma). (i_ <= s_.size()
    // always: every step checks its bytes are there before it moves.)
    bool lit(std::string_view lit) {
        if (s_.size() - i_ < lit.size() || !char_class::same_bytes(s_.data() + i_, lit.data(), lit.size())) return false;
        i_ += lit.size();
        return true;
    }

    // A string of printable ASCII without escapes, as its contents.
    bool plain_string(std::string& out) {
        if (i_ >= s_.size() || s_[i_] != '"') return false;
        size_t j = i_ + 1;
        // To the first byte that is not plain: eight bytes at a time, then one at a time.
        for (; j + 8 <= s_.size(); j += 8) {
            const uint64_t stop = char_class::bytes_not_plain(char_class::load8(s_.data() + j));
            if (stop != 0) {
                j += char_class::first_lane(stop);
                break;
            }
        }
        while (j < s_.size()) {
            const auto c = static_cast<unsigned char>(s_[j]);
            if (c == '"') break;
            if (c == '\\' || c < 0x20 || c >= 0x80) return false;
            ++j;
        }
        if (j >= s_.size()) return false;
        out.assign(s_.data() + i_ + 1, j - i_ - 1);
        i_ = j + 1;
        return true;
    }

    // A non-negative integer without sign, leading zero or exponent, at most 18 digits (so it
    // fits int64 and uint64 alike).
    bool small_uint(uint64_t& out) {
        size_t j = i_;
        uint64_t v = 0;
        while (j < s_.size() && s_[j] >= '0' && s_[j] <= '9' && j - i_ < 19) v = v * 10 + static_cast<uint64_t>(s_[j++] - '0');
        const size_t n = j - i_;
        if (n == 0 || n > 18 || (n > 1 && s_[i_] == '0')) return false;
        if (j < s_.size() && (s_[j] == '.' || s_[j] == 'e' || s_[j] == 'E' || (s_[j] >= '0' && s_[j] <= '9')))
            return false;
        out = v;
        i_ = j;
        return true;
    }

    // The extent of a JSON object starting here (strings and their escapes skipped), without
    // judging its contents: the JSON parser does that.
    bool object_text(std::string_view& out) {
        if (i_ >= s_.size() || s_[i_] != '{') return false;
        int depth = 0;
        bool in_string = false;
        for (size_t j = i_; j < s_.size(); ++j) {
            // Skip, eight bytes at a time, what cannot change the depth or end a string.
            while (j + 8 <= s_.size()) {
                const uint64_t x = char_class::load8(s_.data() + j);
                using char_class::bytes_equal;
                const uint64_t stop = in_string ? bytes_equal(x, '"') | bytes_equal(x, '\\')
                                                : bytes_equal(x, '"') | bytes_equal(x, '{') | bytes_equal(x, '}') |
                                                      bytes_equal(x, '[') | bytes_equal(x, ']');
                if (stop != 0) {
                    j += char_class::first_lane(stop);
                    break;
                }
                j += 8;
            }
            if (j >= s_.size()) break;
            const char c = s_[j];
            if (in_string) {
                if (c == '\\') ++j;
                else if (c == '"') in_string = false;
                continue;
            }
            if (c == '"') in_string = true;
            else if (c == '{' || c == '[') ++depth;
            else if (c == '}' || c == ']') {
                if (--depth == 0) {
                    out = s_.substr(i_, j + 1 - i_);
                    i_ = j + 1;
                    return true;
                }
            }
        }
        return false;
    }

private:
    std::string_view s_;
    size_t i_ = 0;
};

// One value of a flat `data` object, as a JSON parser would read it and dump it back to the
// same bytes: a plain string, an integer of at most 18 digits (number_unsigned when it is not
// negative, number_integer when it is, as nlohmann's lexer reads them), true, false or null.
// "-0" is refused: a parser reads 0 and a dump writes "0".
bool flat_value(Cursor& c, Json& out) {
    std::string text;
    if (c.plain_string(text)) {
        out = std::move(text);
        return true;
    }
    if (c.lit("true")) out = true;
    else if (c.lit("false")) out = false;
    else if (c.lit("null")) out = nullptr;
    else {
        const bool negative = c.lit("-");
        uint64_t v = 0;
        if (!c.small_uint(v) || (negative && v == 0)) return false;
        out = negative ? Json(-static_cast<int64_t>(v)) : Json(v);
    }
    return true;
}

}  // namespace

std::optional<Json> flat_canonical_object(std::string_view text) {
    if (text.size() > kMaxDataBytes) return std::nullopt;
    Cursor c(text);
    Json out = Json::object();
    auto& object = *out.get_ptr<Json::object_t*>();
    if (!c.lit("{")) return std::nullopt;
    if (!c.lit("}")) {
        std::string key;
        do {
            if (!c.plain_string(key) || !c.lit(":")) return std::nullopt;
            if (!object.empty() && !(object.rbegin()->first < key)) return std::nullopt;  // disorder, a repeat
            Json value;
            if (!flat_value(c, value)) return std::nullopt;
            object.emplace_hint(object.end(), key, std::move(value));
        } while (c.lit(","));
        if (!c.lit("}")) return std::nullopt;
    }
    if (!c.done()) return std::nullopt;
    return out;
}

std::optional<RecordedEvent> read_canonical(std::string_view line, Sha256Digest* content_hash, bool* hashed) {
    Cursor c(line);
    RecordedEvent e;
    std::string_view data_text;
    uint64_t schema = 0;
    size_t hash_from = 0, hash_to = 0;  // the `,"hash":"..."` field: not in the canonical bytes
    for (const FieldSpec& f : kFields) {
        const Field field = f.field;
        if (field == Field::Hash) hash_from = c.at();
        if (!c.lit(f.prefix)) return std::nullopt;
        bool read = false;
        switch (f.kind) {
            case Kind::Data: read = c.object_text(data_text); break;
            case Kind::Text: read = c.plain_string(e.*text_member(field)); break;
            case Kind::Position: read = c.small_uint(e.*position_member(field)); break;
            case Kind::Schema: read = c.small_uint(schema); break;
            case Kind::Millis: {
                uint64_t v = 0;
                read = c.small_uint(v);
                e.*millis_member(field) = static_cast<int64_t>(v);
                break;
            }
            case Kind::Metadata:
                read = true;
                for (const MetadataFieldSpec& m : kMetadataFields)
                    read = read && c.lit(m.prefix) && c.plain_string(e.metadata.*metadata_member(m.field));
                read = read && c.lit("}");
                break;
        }
        if (!read) return std::nullopt;
        if (field == Field::Hash) hash_to = c.at();
    }
    if (!c.lit("}") || !c.done()) return std::nullopt;
    // The format's rules, every one: anything refused goes back to the strict reader.
    if (schema > static_cast<uint64_t>(kMaxSchemaVersion)) return std::nullopt;
    e.schema_version = static_cast<int>(schema);
    if (check_envelope(e, /*with_hash=*/true)) return std::nullopt;
    bool canonical_data = false;  // data_text is the dump of `data`
    if (auto flat = flat_canonical_object(data_text)) {
        e.data = std::move(*flat);
        canonical_data = true;
    } else {
        auto parsed = parse_json(data_text);
        if (!parsed.ok()) return std::nullopt;
        Json data = std::move(parsed).value();
        auto dump = dump_object(key(Field::Data), data);
        if (!dump.ok()) return std::nullopt;
        canonical_data = *dump == data_text;
        e.data = std::move(data);
    }
    if (content_hash && hashed && canonical_data) {
        Sha256 hasher;
        hasher.update(line.substr(0, hash_from));
        hasher.update(line.substr(hash_to));
        *content_hash = hasher.finish();
        *hashed = true;
    }
    return e;
}

}  // namespace es::event_reader
