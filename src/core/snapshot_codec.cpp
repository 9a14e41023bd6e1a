// Snapshots to and from JSON (snapshot_codec.h).
#include "core/snapshot_codec.h"

#include <limits>

#include "core/event_format.h"
#include "core/json_object.h"
#include "core/sha256.h"

namespace es {

namespace {

Json body_json(const Snapshot& s) {
    return Json{{"streamId", s.stream_id},
                {"streamVersion", s.stream_version},
                {"globalPosition", s.global_position},
                {"stateType", s.state_type},
                {"stateSchemaVersion", s.state_schema_version},
                {"state", s.state},
                {"takenAt", s.taken_at_ms},
                {"eventHash", s.event_hash}};
}

}  // namespace

std::string snapshot_checksum(const Snapshot& s) { return sha256_hex(body_json(s).dump()); }

Json snapshot_to_json(const Snapshot& s) {
    Json j = body_json(s);
    // A snapshot not bound to the log is written as an old line is: without the two fields.
    if (s.event_hash.empty()) j.erase("eventHash");
    if (!s.checksum.empty()) j["checksum"] = s.checksum;
    return j;
}

Result<Snapshot> snapshot_from_json(const Json& j) {
    if (!j.is_object()) return make_error(ErrorCode::Corrupt, "snapshot: expected a JSON object, got " + preview_json(j));
    std::optional<Error> error;
    JsonObjectReader r(j, "", ErrorCode::Corrupt, error);
    constexpr JsonObjectReader::Text kName{kMaxStringField, false};
    constexpr JsonObjectReader::Text kHash{64, false};
    Snapshot s;
    s.stream_id = r.string("streamId", kName);
    s.stream_version = r.unsigned_integer("streamVersion", 1);
    s.global_position = r.unsigned_integer("globalPosition", 1);
    s.state_type = r.string("stateType", kName);
    s.state_schema_version = static_cast<int>(r.integer("stateSchemaVersion", 1, kMaxSchemaVersion));
    if (const Json* state = r.object("state")) {
        auto dump = event_format::dump_object("state", *state);
        if (!dump.ok()) r.fail("", dump.error().message);
        else s.state = *state;
    }
    s.taken_at_ms = r.integer("takenAt", 0, std::numeric_limits<int64_t>::max(), "a non-negative integer (UTC milliseconds)");
    const auto hash = [&](std::string_view field) {  // absent in an old line; otherwise a SHA-256
        std::string value = r.optional_string(field, kHash).value_or("");
        if (!value.empty() && !event_format::is_hex64(value))
            r.fail(field, "expected 64 lowercase hex characters, got " + preview_json(Json(value)));
        return value;
    };
    s.event_hash = hash("eventHash");
    s.checksum = hash("checksum");
    r.no_other_fields();
    if (error) return make_error(ErrorCode::Corrupt, "snapshot: " + error->message);
    return s;
}

}  // namespace es
