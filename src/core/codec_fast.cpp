// The fast path of decode_event_line (see codec_rules.h): a line exactly as encode_event_line
// writes it (keys in order, no whitespace, envelope strings in plain ASCII) is read field by field
// without building a JSON tree of the envelope, and a flat `data` (every bank event's) is read
// into its Json directly; any other `data` goes through nlohmann. Every rule of
// the strict decoder is applied; a line it cannot vouch for (another layout, an escape, a value a
// rule refuses) is left to the strict decoder, which reads it or says exactly what is wrong. So
// the fast path never changes what is accepted or the message of what is refused: it only makes
// the common case cheaper (loading a stored log decodes every line). Tested against the strict
// decoder on valid lines, single-byte damages and the rules' edges (tests/core/canonical_bytes_test.cpp).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/codec.h"
#include "core/codec_rules.h"
#include "core/sha256.h"
#include "core/uuid.h"

namespace es::codec_detail {

namespace {

class Cursor {
public:
    explicit Cursor(std::string_view s) : s_(s) {}

    bool done() const { return i_ == s_.size(); }

    // The exact bytes `lit` (a key with its quotes and colon, a brace, a comma).
    bool lit(std::string_view lit) {
        if (s_.substr(i_, lit.size()) != lit) return false;
        i_ += lit.size();
        return true;
    }

    // A string of printable ASCII without escapes, as its contents.
    bool plain_string(std::string& out) {
        if (i_ >= s_.size() || s_[i_] != '"') return false;
        size_t j = i_ + 1;
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
    // judging its contents: nlohmann does that.
    bool object_text(std::string_view& out) {
        if (i_ >= s_.size() || s_[i_] != '{') return false;
        int depth = 0;
        bool in_string = false;
        for (size_t j = i_; j < s_.size(); ++j) {
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

bool string_ok(const std::string& s, bool allow_empty) { return s.size() <= kMaxStringField && (allow_empty || !s.empty()); }

// One value of a flat `data` object, as nlohmann would parse it and dump it back to the same
// bytes: a plain string, an integer of at most 18 digits (number_unsigned when it is not
// negative, number_integer when it is, as nlohmann's lexer reads them), true, false or null.
// "-0" is refused: nlohmann reads 0 and dumps "0".
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

// `data` written exactly as the canonical bytes write a flat object (every bank event's data is
// one): '{', "key":value pairs with plain keys in strictly ascending order and ',' between them,
// '}', no whitespace, at most kMaxDataBytes. Returns the object nlohmann would parse, whose dump
// is `text` itself, so neither nlohmann's parse nor the dump that checks the bytes is needed;
// nullopt for anything else (a nested value, a fraction, an escape, keys out of order or twice),
// which nlohmann then reads. A load decodes every stored event, so this is its common case.
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

std::optional<RecordedEvent> decode_canonical_line(std::string_view line, Sha256Digest* content_hash, bool* hashed) {
    Cursor c(line);
    RecordedEvent e;
    std::string_view data_text;
    uint64_t schema = 0, recorded = 0, occurred = 0;
    const bool layout =
        c.lit("{\"data\":") && c.object_text(data_text) &&                                     //
        c.lit(",\"eventId\":") && c.plain_string(e.event_id) &&                               //
        c.lit(",\"globalPosition\":") && c.small_uint(e.global_position) &&                   //
        c.lit(",\"hash\":") && c.plain_string(e.hash) &&                                      //
        c.lit(",\"metadata\":{\"actor\":") && c.plain_string(e.metadata.actor) &&             //
        c.lit(",\"causationId\":") && c.plain_string(e.metadata.causation_id) &&              //
        c.lit(",\"correlationId\":") && c.plain_string(e.metadata.correlation_id) &&          //
        c.lit(",\"reason\":") && c.plain_string(e.metadata.reason) &&                         //
        c.lit("},\"occurredAt\":") && c.small_uint(occurred) &&                               //
        c.lit(",\"prevHash\":") && c.plain_string(e.prev_hash) &&                             //
        c.lit(",\"recordedAt\":") && c.small_uint(recorded) &&                                //
        c.lit(",\"schemaVersion\":") && c.small_uint(schema) &&                               //
        c.lit(",\"streamId\":") && c.plain_string(e.stream_id) &&                             //
        c.lit(",\"streamVersion\":") && c.small_uint(e.stream_version) &&                     //
        c.lit(",\"type\":") && c.plain_string(e.type) && c.lit("}") && c.done();
    if (!layout) return std::nullopt;
    // The strict decoder's rules (event_from_json), each one: anything refused goes back to it.
    if (!string_ok(e.event_id, false) || !is_uuid(e.event_id)) return std::nullopt;
    if (!string_ok(e.stream_id, false) || !string_ok(e.type, false)) return std::nullopt;
    if (e.stream_version < 1 || e.global_position < 1) return std::nullopt;
    if (schema < 1 || schema > static_cast<uint64_t>(kMaxSchemaVersion)) return std::nullopt;
    for (const std::string* m : {&e.metadata.actor, &e.metadata.reason, &e.metadata.correlation_id,
                                 &e.metadata.causation_id}) {
        if (!string_ok(*m, true)) return std::nullopt;
    }
    if (!is_hex64(e.prev_hash) || !is_hex64(e.hash)) return std::nullopt;
    Json data;
    bool canonical_data = false;  // data_text is the dump of `data`
    if (auto flat = flat_canonical_object(data_text)) {
        data = std::move(*flat);
        canonical_data = true;
    } else {
        data = Json::parse(data_text.begin(), data_text.end(), nullptr, false);
        if (data.is_discarded() || !data.is_object()) return std::nullopt;
        if (depth_rule("data", data)) return std::nullopt;
        const std::string data_dump = safe_dump(data);
        if (size_rule("data", data_dump.size())) return std::nullopt;
        canonical_data = data_dump == data_text;
    }
    if (content_hash && hashed && canonical_data) {
        // The line is the canonical bytes with `,"hash":"<64 hex>"` after globalPosition (the
        // first such text after `data`: eventId's plain string holds no quote).
        constexpr std::string_view kHashField = ",\"hash\":";
        const size_t from = line.find(kHashField, std::string_view("{\"data\":").size() + data_text.size());
        Sha256 hasher;
        hasher.update(line.substr(0, from));
        hasher.update(line.substr(from + kHashField.size() + 66));  // the quoted hash
        *content_hash = hasher.finish();
        *hashed = true;
    }
    e.data = std::move(data);
    e.schema_version = static_cast<int>(schema);
    e.recorded_at_ms = static_cast<int64_t>(recorded);
    e.occurred_at_ms = static_cast<int64_t>(occurred);
    return e;
}

}  // namespace es::codec_detail
