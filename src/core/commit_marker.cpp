// Commit markers (commit_marker.h).
#include "core/commit_marker.h"

#include "core/json_parse.h"

namespace es {

namespace {

constexpr std::string_view kMarkerPrefix = R"({"commit":)";

}  // namespace

bool looks_like_commit_marker(std::string_view line) { return line.substr(0, kMarkerPrefix.size()) == kMarkerPrefix; }

std::string encode_commit_marker(uint64_t first_position, uint64_t last_position) {
    return std::string(kMarkerPrefix) + "{\"first\":" + std::to_string(first_position) +
           ",\"last\":" + std::to_string(last_position) + "}}\n";
}

// Strict: exactly {"commit":{"first":F,"last":L}} with 1 <= F <= L, in the compact form
// encode_commit_marker writes, so a hand-edited or half-overwritten marker is never trusted.
Result<CommitMarker> decode_commit_marker(std::string_view line) {
    auto parsed = parse_json(line);
    if (!parsed.ok()) return make_error(ErrorCode::Corrupt, "commit marker: " + parsed.error().message);
    Json& j = *parsed;
    if (!j.is_object() || j.size() != 1 || !j.contains("commit") || !j["commit"].is_object()) {
        return make_error(ErrorCode::Corrupt,
                          "commit marker must be exactly {\"commit\":{\"first\":F,\"last\":L}}");
    }
    const Json& body = j["commit"];
    if (body.size() != 2 || !body.contains("first") || !body.contains("last") ||
        !body["first"].is_number_unsigned() || !body["last"].is_number_unsigned()) {
        return make_error(ErrorCode::Corrupt, "commit marker needs exactly the unsigned integer "
                                              "fields 'first' and 'last'");
    }
    CommitMarker marker{body["first"].get<uint64_t>(), body["last"].get<uint64_t>()};
    if (marker.first == 0 || marker.first > marker.last) {
        return make_error(ErrorCode::Corrupt, "commit marker range " +
                                                  std::to_string(marker.first) + ".." +
                                                  std::to_string(marker.last) +
                                                  " is empty or starts before position 1");
    }
    std::string canonical = encode_commit_marker(marker.first, marker.last);
    canonical.pop_back();  // the '\n'
    if (line != canonical) {
        return make_error(ErrorCode::Corrupt,
                          "commit marker is not in the exact form the store writes (" +
                              canonical + ")");
    }
    return marker;
}

}  // namespace es
