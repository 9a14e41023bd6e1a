// Strict JSON codec for envelopes and snapshots. The decoder checks every field before reading it
// (nlohmann's get<> throws on a type mismatch) so hostile or damaged bytes become error values.
// The value rules it shares with the canonical-bytes writer (canonical.cpp) are declared in
// codec_rules.h.
#include "core/codec.h"

#include "core/codec_rules.h"

#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <set>

#include "core/uuid.h"

namespace es {

namespace codec_detail {

constexpr int kMaxJsonDepth = 64;  // bounds the recursion of dump() and of our own checks

// Dumps without throwing: invalid UTF-8 becomes U+FFFD (EventStore rejects it on append).
std::string safe_dump(const Json& j) {
    return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// A short rendering of a bad value for error messages.
std::string preview(const Json& j) {
    std::string s = j.is_structured() ? (j.is_object() ? std::string("an object") : std::string("an array"))
                                      : safe_dump(j);
    if (s.size() > 40) s = s.substr(0, 37) + "...";
    return s;
}

Error field_error(const std::string& field, const std::string& expected, const Json& got) {
    return make_error(ErrorCode::Corrupt,
                      "field '" + field + "': expected " + expected + ", got " + preview(got));
}

Error missing_field(const std::string& field) {
    return make_error(ErrorCode::Corrupt, "field '" + field + "' is missing");
}

bool deeper_than(const Json& j, int limit) {
    if (!j.is_structured()) return false;
    if (limit <= 0) return true;
    for (const auto& child : j) {
        if (deeper_than(child, limit - 1)) return true;
    }
    return false;
}

// NaN and infinity have no JSON spelling: nlohmann dumps them as null, so an event holding one
// would hash differently after a reload. They are refused like any other malformed value.
bool has_non_finite_number(const Json& j) {
    if (j.is_number_float()) return !std::isfinite(j.get<double>());
    if (!j.is_structured()) return false;
    for (const auto& child : j) {
        if (has_non_finite_number(child)) return true;
    }
    return false;
}

bool is_hex64(const std::string& s) {
    if (s.size() != 64) return false;
    for (char c : s) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
}

// The value rules shared by the decoder (FieldReader) and by checked_canonical_bytes(), so what
// the store writes is exactly what the decoder accepts.
std::optional<Error> string_rule(const std::string& field, const std::string& s, bool allow_empty) {
    if (s.size() > kMaxStringField)
        return make_error(ErrorCode::Corrupt, "field '" + field + "': string of " + std::to_string(s.size()) +
                                                  " bytes exceeds the limit of " + std::to_string(kMaxStringField));
    if (!allow_empty && s.empty()) return field_error(field, "a non-empty string", Json(s));
    return std::nullopt;
}

// Checked before dumping: dump() recurses and must not run on hostile nesting.
std::optional<Error> depth_rule(const std::string& field, const Json& v) {
    if (deeper_than(v, kMaxJsonDepth))
        return make_error(ErrorCode::Corrupt, "field '" + field + "': nested deeper than " +
                                                  std::to_string(kMaxJsonDepth) + " levels");
    if (has_non_finite_number(v))
        return make_error(ErrorCode::Corrupt, "field '" + field + "': holds a number that is not finite "
                                              "(NaN or infinity), which JSON cannot represent");
    return std::nullopt;
}

// `dumped_bytes` is the size of safe_dump() of the field's value.
std::optional<Error> size_rule(const std::string& field, size_t dumped_bytes) {
    if (dumped_bytes > kMaxDataBytes)
        return make_error(ErrorCode::Corrupt, "field '" + field + "': " + std::to_string(dumped_bytes) +
                                                  " bytes exceeds the limit of " + std::to_string(kMaxDataBytes));
    return std::nullopt;
}

std::optional<Error> schema_rule(const std::string& field, uint64_t x) {
    if (x < 1 || x > static_cast<uint64_t>(kMaxSchemaVersion))
        return field_error(field, "an integer from 1 to " + std::to_string(kMaxSchemaVersion), Json(x));
    return std::nullopt;
}

// Reads named fields of one JSON object, remembering the first error so the decoders stay flat.
class FieldReader {
public:
    FieldReader(const Json& obj, std::string prefix) : obj_(obj), prefix_(std::move(prefix)) {}

    bool failed() const { return error_.has_value(); }
    const Error& error() const { return *error_; }

    // Rejects keys outside `known`.
    void only(const std::set<std::string>& known) {
        if (failed()) return;
        for (auto it = obj_.begin(); it != obj_.end(); ++it) {
            if (known.count(it.key()) == 0) {
                std::string key = it.key().size() > 40 ? it.key().substr(0, 37) + "..." : it.key();
                fail(make_error(ErrorCode::Corrupt, "unknown field '" + prefix_ + key +
                                                        "'; remove it or upgrade the codec"));
                return;
            }
        }
    }

    const Json* get(const std::string& name) {
        if (failed()) return nullptr;
        auto it = obj_.find(name);
        if (it == obj_.end()) {
            fail(missing_field(prefix_ + name));
            return nullptr;
        }
        return &*it;
    }

    void string(const std::string& name, std::string& out, bool allow_empty) {
        const Json* v = get(name);
        if (!v) return;
        if (!v->is_string()) return fail(field_error(prefix_ + name, "a string", *v));
        const auto& s = v->get_ref<const std::string&>();
        // string_rule's own test, without building the field's label for a good value (this
        // runs for every field of every event loaded).
        const bool fine = s.size() <= kMaxStringField && (allow_empty || !s.empty());
        if (!fine) {
            if (auto err = string_rule(prefix_ + name, s, allow_empty)) return fail(std::move(*err));
        }
        out = s;
    }

    void uint(const std::string& name, uint64_t& out, uint64_t min) {
        const Json* v = get(name);
        if (!v) return;
        const char* what = min == 0 ? "a non-negative integer" : "a positive integer";
        if (!v->is_number_integer()) return fail(field_error(prefix_ + name, what, *v));
        if (v->is_number_unsigned()) {
            out = v->get<uint64_t>();
        } else {
            int64_t x = v->get<int64_t>();
            if (x < 0) return fail(field_error(prefix_ + name, what, *v));
            out = static_cast<uint64_t>(x);
        }
        if (out < min) return fail(field_error(prefix_ + name, what, *v));
    }

    void int64(const std::string& name, int64_t& out) {
        const Json* v = get(name);
        if (!v) return;
        const char* what = "a non-negative integer (UTC milliseconds)";
        if (!v->is_number_integer()) return fail(field_error(prefix_ + name, what, *v));
        if (v->is_number_unsigned()) {
            uint64_t u = v->get<uint64_t>();
            if (u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
                return fail(field_error(prefix_ + name, what, *v));
            out = static_cast<int64_t>(u);
        } else {
            out = v->get<int64_t>();
            if (out < 0) return fail(field_error(prefix_ + name, what, *v));
        }
    }

    void schema(const std::string& name, int& out) {
        uint64_t x = 0;
        const Json* v = get(name);
        if (!v) return;
        uint(name, x, 1);
        if (failed()) return;
        if (auto err = schema_rule(prefix_ + name, x)) return fail(std::move(*err));
        out = static_cast<int>(x);
    }

    // `out` = null: checked only (the caller moves the value out once every field is checked).
    void object(const std::string& name, Json* out) {
        const Json* v = get(name);
        if (!v) return;
        if (!v->is_object()) return fail(field_error(prefix_ + name, "an object", *v));
        if (auto err = depth_rule(prefix_ + name, *v)) return fail(std::move(*err));
        if (auto err = size_rule(prefix_ + name, safe_dump(*v).size())) return fail(std::move(*err));
        if (out) *out = *v;
    }

    void hash(const std::string& name, std::string& out) {
        std::string s;
        string(name, s, false);
        if (failed()) return;
        if (!is_hex64(s)) return fail(field_error(prefix_ + name, "64 lowercase hex characters", obj_[name]));
        out = s;
    }

    void fail(Error e) {
        if (!error_) error_ = std::move(e);
    }

private:
    const Json& obj_;
    std::string prefix_;
    std::optional<Error> error_;
};

Json metadata_to_json(const EventMetadata& m) {
    return Json{{"actor", m.actor},
                {"reason", m.reason},
                {"correlationId", m.correlation_id},
                {"causationId", m.causation_id}};
}

Json envelope_without_hash(const RecordedEvent& e) {
    return Json{{"eventId", e.event_id},
                {"streamId", e.stream_id},
                {"streamVersion", e.stream_version},
                {"globalPosition", e.global_position},
                {"type", e.type},
                {"schemaVersion", e.schema_version},
                {"recordedAt", e.recorded_at_ms},
                {"occurredAt", e.occurred_at_ms},
                {"data", e.data},
                {"metadata", metadata_to_json(e.metadata)},
                {"prevHash", e.prev_hash}};
}

}  // namespace codec_detail

using namespace codec_detail;

bool is_valid_utf8(const std::string& s) {
    size_t i = 0;
    while (i < s.size()) {
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

Json event_to_json(const RecordedEvent& e) {
    Json j = envelope_without_hash(e);
    j["hash"] = e.hash;
    return j;
}

namespace {

// event_from_json; with `movable` (== &j, parsed for this call only) `data` is moved out of it.
Result<RecordedEvent> read_event(const Json& j, Json* movable) {
    if (!j.is_object()) return make_error(ErrorCode::Corrupt, "event: expected a JSON object, got " + preview(j));
    static const std::set<std::string> kFields{"eventId",    "streamId",   "streamVersion", "globalPosition",
                                               "type",       "schemaVersion", "recordedAt", "occurredAt",
                                               "data",       "metadata",   "prevHash",      "hash"};
    static const std::set<std::string> kMetadataFields{"actor", "reason", "correlationId", "causationId"};
    RecordedEvent e;
    FieldReader r(j, "");
    r.only(kFields);
    r.string("eventId", e.event_id, false);
    if (!r.failed() && !is_uuid(e.event_id)) r.fail(field_error("eventId", "a UUID", j["eventId"]));
    r.string("streamId", e.stream_id, false);
    r.uint("streamVersion", e.stream_version, 1);
    r.uint("globalPosition", e.global_position, 1);
    r.string("type", e.type, false);
    r.schema("schemaVersion", e.schema_version);
    r.int64("recordedAt", e.recorded_at_ms);
    r.int64("occurredAt", e.occurred_at_ms);
    r.object("data", movable ? nullptr : &e.data);
    const Json* meta = r.get("metadata");
    if (meta && !meta->is_object()) r.fail(field_error("metadata", "an object", *meta));
    if (meta && !r.failed()) {
        FieldReader m(*meta, "metadata.");
        m.only(kMetadataFields);
        m.string("actor", e.metadata.actor, true);
        m.string("reason", e.metadata.reason, true);
        m.string("correlationId", e.metadata.correlation_id, true);
        m.string("causationId", e.metadata.causation_id, true);
        if (m.failed()) r.fail(m.error());
    }
    r.hash("prevHash", e.prev_hash);
    r.hash("hash", e.hash);
    if (r.failed()) {
        Error err = r.error();
        // Name the position when it is readable, so a log reader can point at the bad line.
        auto pos = j.find("globalPosition");
        if (pos != j.end() && pos->is_number_unsigned() && pos->get<uint64_t>() > 0)
            err.message = "event at position " + std::to_string(pos->get<uint64_t>()) + ": " + err.message;
        return err;
    }
    // Moved, not copied (a deep copy of a map per event): j was parsed for this call only.
    if (movable) e.data = std::move((*movable)["data"]);
    return e;
}

}  // namespace

Result<RecordedEvent> event_from_json(const Json& j) { return read_event(j, nullptr); }

Result<RecordedEvent> decode_event_line(std::string_view line, Sha256Digest* content_hash) {
    // Generous bound: data is at most 64 KiB, every other string at most 4 KiB (escapes may
    // inflate both up to 6x).
    constexpr size_t kMaxLine = 6 * (kMaxDataBytes + 16 * kMaxStringField);
    if (line.size() > kMaxLine)
        return make_error(ErrorCode::Corrupt, "event line of " + std::to_string(line.size()) +
                                                  " bytes is longer than any valid event");
    bool hashed = false;
    if (auto fast = decode_canonical_line(line, content_hash, &hashed)) {  // what encode_event_line wrote
        if (content_hash && !hashed) *content_hash = sha256(canonical_bytes(*fast));
        return std::move(*fast);
    }
    Json j = Json::parse(line.begin(), line.end(), nullptr, false);
    if (j.is_discarded()) return make_error(ErrorCode::Corrupt, "event line is not valid JSON");
    auto event = read_event(j, &j);
    if (event.ok() && content_hash) *content_hash = sha256(canonical_bytes(*event));
    return event;
}

Json snapshot_to_json(const Snapshot& s) {
    return Json{{"streamId", s.stream_id},
                {"streamVersion", s.stream_version},
                {"globalPosition", s.global_position},
                {"stateType", s.state_type},
                {"stateSchemaVersion", s.state_schema_version},
                {"state", s.state},
                {"takenAt", s.taken_at_ms}};
}

Result<Snapshot> snapshot_from_json(const Json& j) {
    if (!j.is_object()) return make_error(ErrorCode::Corrupt, "snapshot: expected a JSON object, got " + preview(j));
    Snapshot s;
    FieldReader r(j, "");
    r.only({"streamId", "streamVersion", "globalPosition", "stateType", "stateSchemaVersion", "state", "takenAt"});
    r.string("streamId", s.stream_id, false);
    r.uint("streamVersion", s.stream_version, 1);
    r.uint("globalPosition", s.global_position, 1);
    r.string("stateType", s.state_type, false);
    r.schema("stateSchemaVersion", s.state_schema_version);
    r.object("state", &s.state);
    r.int64("takenAt", s.taken_at_ms);
    if (r.failed()) {
        Error err = r.error();
        err.message = "snapshot: " + err.message;
        return err;
    }
    return s;
}

}  // namespace es
