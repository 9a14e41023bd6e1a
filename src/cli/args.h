// Argument parsing shared by every subcommand: a tiny declarative spec (which options take a
// value, which are flags, how many positionals) so each subcommand states its grammar in one
// place and every mistake gets the same kind of message ("unknown option '--x'; run
// 'es-sandbox exec --help'"). Also the UTC time text the CLI reads and prints.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/result.h"

namespace es::cli {

// The streams a subcommand talks to.
struct Io {
    std::istream& in;
    std::ostream& out;
    std::ostream& err;
};

struct ArgSpec {
    std::string command;                 // "exec", for messages
    std::set<std::string> value_options;  // "--store", "--at" ...
    std::set<std::string> flags;          // "--json" ...
    size_t min_positionals = 0;
    size_t max_positionals = 0;
    std::string positional_names;         // "STREAM", for messages
};

struct ParsedArgs {
    bool help = false;  // -h or --help was given: print help, ignore everything else
    std::map<std::string, std::string> options;
    std::set<std::string> flags;
    std::vector<std::string> positionals;

    std::optional<std::string> option(const std::string& name) const;
    bool flag(const std::string& name) const { return flags.count(name) != 0; }
};

// Parses `args` (after the subcommand name). Accepts "--opt value" and "--opt=value"; "-" is a
// positional (stdin); "--" ends options. Errors are InvalidArgument messages without the
// "run --help" hint (usage_error adds it).
Result<ParsedArgs> parse_args(const ArgSpec& spec, const std::vector<std::string>& args);

// Prints "es-sandbox <command>: <message>" and the --help hint to err; returns kExitUsage.
int usage_error(std::ostream& err, const std::string& command, const std::string& message);

// "2026-11-24T15:00:00.000Z" for UTC milliseconds since the epoch.
std::string format_utc(int64_t ms);

// Reads "2026-11-24T15:00:00Z", "2026-11-24T15:00:00.250Z" or "2026-11-24" (midnight UTC).
// Only UTC with a trailing 'Z' is accepted, so a time never depends on the machine's zone.
Result<int64_t> parse_utc(const std::string& text);

// "rejected", "conflict", "invalid_argument"... the stable error code names of the exec output.
std::string error_code_name(ErrorCode code);

}  // namespace es::cli
