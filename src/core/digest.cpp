// Digests of the log and their check (digest.h).
#include "core/digest.h"

#include <cctype>

#include "core/integrity.h"

namespace es {

LogDigest digest_of(EventRange log) {
    if (log.empty()) return LogDigest{0, kGenesisHash};
    return LogDigest{log.back().global_position, log.back().hash};
}

std::string format_digest(const LogDigest& digest) { return std::to_string(digest.position) + ":" + digest.hash; }

Result<LogDigest> parse_digest(std::string_view text) {
    const auto bad = [&](const std::string& why) {
        return make_error(ErrorCode::InvalidArgument,
                          "the digest '" + std::string(text.substr(0, 80)) + "' " + why +
                              "; a digest is POS:HASH as 'es-sandbox digest' prints it, e.g. 12:9c1e... (64 hex digits)");
    };
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
    const size_t colon = text.find(':');
    if (colon == std::string_view::npos) return bad("has no ':' between the position and the hash");
    const std::string_view pos = text.substr(0, colon), hash = text.substr(colon + 1);
    if (pos.empty() || pos.size() > 19) return bad("does not start with a position (1 to 19 digits)");
    LogDigest d;
    for (char c : pos) {
        if (c < '0' || c > '9') return bad("has a position that is not a whole number");
        d.position = d.position * 10 + static_cast<uint64_t>(c - '0');
    }
    if (hash.size() != 64) return bad("has a hash of " + std::to_string(hash.size()) + " characters, not 64");
    for (char c : hash) {
        if (!std::isxdigit(static_cast<unsigned char>(c))) return bad("has a hash that is not hexadecimal");
        d.hash += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    if (d.position == 0 && d.hash != kGenesisHash) return bad("is at position 0, whose hash can only be 64 zeros");
    return d;
}

DigestCheck check_digest(EventRange log, const LogDigest& digest) {
    DigestCheck out;
    const auto fail = [&](uint64_t position, std::string problem) {
        out.ok = false;
        out.first_bad_position = position;
        out.problem = std::move(problem);
        return out;
    };
    if (log.size() < digest.position) {
        out.log_too_short = true;
        return fail(log.size() + 1, "the log has only " + std::to_string(log.size()) + " event(s) but the digest vouched for " +
                                        std::to_string(digest.position) + ": events were removed");
    }
    VerifyReport chain = verify_log_prefix(log, digest.position);
    if (!chain.ok)
        return fail(chain.first_bad_position, "position " + std::to_string(chain.first_bad_position) + ": " + chain.problem);
    const std::string& hash = digest.position == 0 ? std::string(kGenesisHash) : log[digest.position - 1].hash;
    if (hash != digest.hash)
        return fail(digest.position, "the event at position " + std::to_string(digest.position) + " has hash " +
                                         hash.substr(0, 16) + "..., not the digest's " + digest.hash.substr(0, 16) +
                                         "...: the history was rewritten (and rehashed) at or before position " +
                                         std::to_string(digest.position));
    return out;
}

}  // namespace es
