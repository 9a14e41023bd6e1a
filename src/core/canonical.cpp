// The bytes the hash chain covers (see codec.h): the envelope minus `hash`, compact, keys in
// sorted order, written field by field rather than through a temporary Json, and checked with the
// decoder's own rules (codec_rules.h) on the way so an appended event always reads back.
#include <cstdint>
#include <optional>
#include <string>

#include "core/codec.h"
#include "core/codec_rules.h"
#include "core/sha256.h"
#include "core/uuid.h"

namespace es {

using namespace codec_detail;

namespace {

// Appends `s` as a JSON string exactly as safe_dump() writes it (ensure_ascii off: only '"', '\\'
// and control characters are escaped). Invalid UTF-8 goes through nlohmann to get the same
// replacement characters.
void append_json_string(std::string& out, const std::string& s) {
    if (!is_valid_utf8(s)) {
        out += safe_dump(Json(s));
        return;
    }
    static const char kHex[] = "0123456789abcdef";
    out.push_back('"');
    for (char ch : s) {
        unsigned char c = static_cast<unsigned char>(ch);
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c < 0x20) {
                    out += "\\u00";
                    out.push_back(kHex[c >> 4]);
                    out.push_back(kHex[c & 0xf]);
                } else {
                    out.push_back(ch);
                }
        }
    }
    out.push_back('"');
}

// The canonical bytes written field by field instead of through a temporary Json (which copied
// `data` and allocated a node per field): keys in std::map order, compact, `data` pre-dumped.
// Must stay byte-identical to safe_dump(envelope_without_hash(e)); canonical_bytes_test checks
// it. With `hash`, the same plus the hash field: the stored line (encode_event_line), which must
// equal safe_dump(event_to_json(e)), also checked there.
std::string canonical_with_data(const RecordedEvent& e, const std::string& data_dump,
                                const std::string* hash = nullptr) {
    std::string out;
    out.reserve(data_dump.size() + 400);
    out += "{\"data\":";
    out += data_dump;
    out += ",\"eventId\":";
    append_json_string(out, e.event_id);
    out += ",\"globalPosition\":";
    out += std::to_string(e.global_position);
    if (hash) {
        out += ",\"hash\":";
        append_json_string(out, *hash);
    }
    out += ",\"metadata\":{\"actor\":";
    append_json_string(out, e.metadata.actor);
    out += ",\"causationId\":";
    append_json_string(out, e.metadata.causation_id);
    out += ",\"correlationId\":";
    append_json_string(out, e.metadata.correlation_id);
    out += ",\"reason\":";
    append_json_string(out, e.metadata.reason);
    out += "},\"occurredAt\":";
    out += std::to_string(e.occurred_at_ms);
    out += ",\"prevHash\":";
    append_json_string(out, e.prev_hash);
    out += ",\"recordedAt\":";
    out += std::to_string(e.recorded_at_ms);
    out += ",\"schemaVersion\":";
    out += std::to_string(e.schema_version);
    out += ",\"streamId\":";
    append_json_string(out, e.stream_id);
    out += ",\"streamVersion\":";
    out += std::to_string(e.stream_version);
    out += ",\"type\":";
    append_json_string(out, e.type);
    out += "}";
    return out;
}

}  // namespace

std::string canonical_bytes(const RecordedEvent& e) { return canonical_with_data(e, safe_dump(e.data)); }

std::string canonical_bytes_reference(const RecordedEvent& e) { return safe_dump(envelope_without_hash(e)); }

std::string encode_event_line(const RecordedEvent& e) { return canonical_with_data(e, safe_dump(e.data), &e.hash); }

std::string encode_event_line_reference(const RecordedEvent& e) { return safe_dump(event_to_json(e)); }

Result<std::string> checked_canonical_bytes(const RecordedEvent& e) {
    // The same rules, in the same order, as event_from_json (minus `hash`, not known yet).
    auto check = [&]() -> std::optional<Error> {
        if (auto err = string_rule("eventId", e.event_id, false)) return err;
        if (!is_uuid(e.event_id)) return field_error("eventId", "a UUID", Json(e.event_id));
        if (auto err = string_rule("streamId", e.stream_id, false)) return err;
        if (e.stream_version < 1) return field_error("streamVersion", "a positive integer", Json(e.stream_version));
        if (e.global_position < 1) return field_error("globalPosition", "a positive integer", Json(e.global_position));
        if (auto err = string_rule("type", e.type, false)) return err;
        if (e.schema_version < 1) return field_error("schemaVersion", "a positive integer", Json(e.schema_version));
        if (auto err = schema_rule("schemaVersion", static_cast<uint64_t>(e.schema_version))) return err;
        const char* ms = "a non-negative integer (UTC milliseconds)";
        if (e.recorded_at_ms < 0) return field_error("recordedAt", ms, Json(e.recorded_at_ms));
        if (e.occurred_at_ms < 0) return field_error("occurredAt", ms, Json(e.occurred_at_ms));
        if (!e.data.is_object()) return field_error("data", "an object", e.data);
        if (auto err = depth_rule("data", e.data)) return err;
        return std::nullopt;
    };
    auto meta_check = [&]() -> std::optional<Error> {
        if (auto err = string_rule("metadata.actor", e.metadata.actor, true)) return err;
        if (auto err = string_rule("metadata.reason", e.metadata.reason, true)) return err;
        if (auto err = string_rule("metadata.correlationId", e.metadata.correlation_id, true)) return err;
        if (auto err = string_rule("metadata.causationId", e.metadata.causation_id, true)) return err;
        if (!is_hex64(e.prev_hash)) {
            if (auto err = string_rule("prevHash", e.prev_hash, false)) return err;
            return field_error("prevHash", "64 lowercase hex characters", Json(e.prev_hash));
        }
        return std::nullopt;
    };
    std::optional<Error> err = check();
    std::string data;
    if (!err) {
        data = safe_dump(e.data);  // dumped once: for the size rule and for the hashed bytes
        err = size_rule("data", data.size());
    }
    if (!err) err = meta_check();
    if (err) {
        if (e.global_position > 0)
            err->message = "event at position " + std::to_string(e.global_position) + ": " + err->message;
        return *err;
    }
    return canonical_with_data(e, data);
}

std::string compute_hash(const RecordedEvent& e) { return sha256_hex(canonical_bytes(e)); }

}  // namespace es
