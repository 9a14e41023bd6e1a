// `es-sandbox digest` and the digest check of `verify` (commands_digest.h, docs/CLI.md).
#include "cli/commands_digest.h"

#include <ostream>

#include "cli/cli.h"
#include "cli/store_session.h"

namespace es::cli {

namespace {

const char* const kDigestHelp =
    "Usage: es-sandbox digest --store FILE [--json]\n"
    "\n"
    "Prints the log's digest: its head position and the hash of the event there, as POS:HASH.\n"
    "Keep it somewhere the log's writer cannot reach. Anyone can rewrite history and rehash the\n"
    "whole chain so that 'verify' still says ok, but not so that the event at POS keeps this\n"
    "hash: 'es-sandbox verify --store FILE --digest POS:HASH' later proves the log still holds,\n"
    "unchanged, the history this digest vouched for. An empty log's digest is 0:000...0.\n"
    "\n"
    "Options:\n"
    "  --store FILE   the event log (never created)\n"
    "  --json         print {\"position\":N,\"hash\":\"...\",\"digest\":\"N:...\"} instead\n"
    "  -h, --help     show this help\n";

}  // namespace

int run_digest(const Args& args, Io& io) {
    ParsedArgs parsed;
    int code = kExitOk;
    if (!parse_or_exit(ArgSpec{"digest", {"--store"}, {"--json"}, 0, 0, ""}, args, kDigestHelp, io, parsed, code))
        return code;
    std::string path;
    if (!require_store_option(parsed, "digest", io.err, path)) return kExitUsage;
    StoreSession session;
    if (int c = session.open(path, OpenMode::MustExist, "digest", io); c != kExitOk) return c;
    const LogDigest d = digest_of(session.store().recorded_log());
    if (parsed.flag("--json"))
        io.out << Json{{"position", d.position}, {"hash", d.hash}, {"digest", format_digest(d)}}.dump() << "\n";
    else
        io.out << format_digest(d) << "\n";
    return kExitOk;
}

std::optional<LogDigest> digest_option(const ParsedArgs& parsed, const std::string& command, Io& io, int& exit_code) {
    auto text = parsed.option("--digest");
    if (!text) return std::nullopt;
    auto d = parse_digest(*text);
    if (!d.ok()) {
        exit_code = usage_error(io.err, command, d.error().message);
        return std::nullopt;
    }
    return std::move(d).value();
}

bool report_digest_check(EventRange events, const LogDigest& digest, Io& io) {
    const DigestCheck c = check_digest(events, digest);
    if (c.ok) {
        io.out << "digest ok: the log still holds the history digest " << digest.position << ":"
               << digest.hash.substr(0, 16) << "... vouched for (positions 1.." << digest.position << ")\n";
        return true;
    }
    io.out << "FAILED digest: " << (c.log_too_short ? "the store is shorter than the digest: " : "")
           << c.problem << "\n";
    return false;
}

}  // namespace es::cli
