// `digest` (the log's head position and hash, POS:HASH) and the digest half of
// `verify --digest POS:HASH`: whether the store still holds the history a saved digest vouched
// for (core/digest.h). Declared apart from commands.h so the two stay in one file.
#pragma once

#include <optional>

#include "cli/commands.h"
#include "core/digest.h"

namespace es::cli {

int run_digest(const Args& args, Io& io);

// The `--digest` option of `parsed`: nullopt when it is absent; otherwise the digest, or
// `exit_code` set to kExitUsage after a usage error naming what is wrong with its text.
std::optional<LogDigest> digest_option(const ParsedArgs& parsed, const std::string& command, Io& io, int& exit_code);

// Prints "digest ok: ..." or "FAILED digest: ..." for `events` (the whole stored log) against
// `digest`; true when the log still holds that history.
bool report_digest_check(EventRange events, const LogDigest& digest, Io& io);

}  // namespace es::cli
