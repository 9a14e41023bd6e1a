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

// Where the plain string (printable ASCII, no escape) opened by the quote at `at` is closed:
// the index of its closing quote; npos when there is no such string at `at`.
size_t plain_string_end(std::string_view s, size_t at) {
    if (at >= s.size() || s[at] != '"') return std::string_view::npos;
    for (size_t j = at + 1; j < s.size(); ++j) {
        const auto c = static_cast<unsigned char>(s[j]);
        if (c == '"') return j;
        if (c == '\\' || c < 0x20 || c >= 0x80) return std::string_view::npos;
    }
    return std::string_view::npos;
}

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
        const size_t end = plain_string_end(s_, i_);
        if (end == std::string_view::npos) return false;
        out.assign(s_.data() + i_ + 1, end - i_ - 1);
        i_ = end + 1;
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

// One value of a flat `data` object at text[at], as nlohmann would parse it and dump it back to
// the same bytes: a plain string, an integer of at most 18 digits (number_unsigned when it is not
// negative, number_integer when it is, as nlohmann's lexer reads them), true, false or null.
// "-0" is refused (nlohmann reads 0 and dumps "0"), and so is a number followed by anything but
// ',' or '}' (a fraction, an exponent, a 19th digit).
bool flat_value(std::string_view text, size_t& at, Json& out) {
    const size_t n = text.size();
    if (at >= n) return false;
    if (text[at] == '"') {
        const size_t end = plain_string_end(text, at);
        if (end == std::string_view::npos) return false;
        out = std::string(text.substr(at + 1, end - at - 1));
        at = end + 1;
        return true;
    }
    for (const char* word : {"true", "false", "null"}) {
        const std::string_view w(word);
        if (text.substr(at, w.size()) == w) {
            out = w[0] == 't' ? Json(true) : w[0] == 'f' ? Json(false) : Json(nullptr);
            at += w.size();
            return true;
        }
    }
    const bool negative = text[at] == '-';
    const size_t from = at + (negative ? 1 : 0);
    size_t j = from;
    uint64_t v = 0;
    while (j < n && text[j] >= '0' && text[j] <= '9' && j - from < 19) v = v * 10 + static_cast<uint64_t>(text[j++] - '0');
    const size_t digits = j - from;
    if (digits == 0 || digits > 18 || (digits > 1 && text[from] == '0') || (negative && v == 0)) return false;
    if (j < n && text[j] != ',' && text[j] != '}') return false;
    out = negative ? Json(-static_cast<int64_t>(v)) : Json(v);
    at = j;
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
    if (text.size() < 2 || text.size() > kMaxDataBytes || text.front() != '{' || text.back() != '}') return std::nullopt;
    Json out = Json::object();
    if (text.size() == 2) return out;
    auto& object = *out.get_ptr<Json::object_t*>();
    std::string_view previous_key;
    size_t at = 1;
    while (true) {
        const size_t key_end = plain_string_end(text, at);
        if (key_end == std::string_view::npos || key_end + 1 >= text.size() || text[key_end + 1] != ':') return std::nullopt;
        const std::string_view key = text.substr(at + 1, key_end - at - 1);
        if (!object.empty() && !(previous_key < key)) return std::nullopt;
        at = key_end + 2;
        Json value;
        if (!flat_value(text, at, value)) return std::nullopt;
        object.emplace_hint(object.end(), std::string(key), std::move(value));
        previous_key = key;
        if (at + 1 == text.size()) return out;  // at the closing brace
        if (text[at] != ',') return std::nullopt;
        ++at;
    }
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
