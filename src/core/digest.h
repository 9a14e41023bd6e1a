// A digest of the log, as ledger databases publish them: the head position and the hash of the
// event there, written "POS:HASH". The hash chain has no key, so anyone who rewrites history can
// rehash every later event and the chain check still passes; a digest kept outside the log (by
// the learner, on paper, in another system) cannot be rehashed, so it proves later that the log
// still holds, unchanged, the history it vouched for (docs/EVENT_MODEL.md, "Digest").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/event.h"
#include "core/recorded_log.h"
#include "core/result.h"

namespace es {

struct LogDigest {
    uint64_t position = 0;  // 0: the empty log, whose hash is kGenesisHash
    std::string hash;       // 64 lowercase hex characters
};

// The digest of a log whose last event is log.back(): that event's position and hash (position 0
// and kGenesisHash when `log` is empty). Only the last event is read.
LogDigest digest_of(EventRange log);

// "POS:HASH".
std::string format_digest(const LogDigest& digest);

// Reads "POS:HASH" (surrounding spaces allowed; hex in either case). InvalidArgument naming what
// is wrong otherwise.
Result<LogDigest> parse_digest(std::string_view text);

struct DigestCheck {
    bool ok = true;
    uint64_t first_bad_position = 0;  // 0 when ok; otherwise the first position the log fails
    bool log_too_short = false;       // the log ends before the digest's position
    std::string problem;              // empty when ok; otherwise what is wrong, in a sentence
};

// Whether `log` (the whole log from position 1) still holds the history `digest` vouched for:
// at least digest.position events, the chain from 1 to digest.position verifies, and the event
// at digest.position has digest.hash. When only the last test fails, the history was rewritten
// and rehashed at or before that position: first_bad_position is the digest's position.
DigestCheck check_digest(EventRange log, const LogDigest& digest);

}  // namespace es
