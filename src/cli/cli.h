// The native command-line tool `es-sandbox`, as a function so tests can run it in-process with
// string streams instead of spawning a binary. main.cpp only forwards argv and the std streams.
// Subcommands, formats and exit codes are documented in docs/CLI.md.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace es::cli {

// Exit codes, the same for every subcommand.
constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;  // a command was rejected or failed, a stream was not found
constexpr int kExitUsage = 2;   // bad arguments: unknown subcommand or option, missing value
constexpr int kExitStore = 3;   // the store could not be opened, is corrupt, or an I/O error

// `args` excludes the program name: {"exec", "--store", "bank.jsonl", "-"}. Reads input from
// `in` (exec/import with "-" or no file), writes results to `out` and diagnostics to `err`.
// Never throws.
int run_cli(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace es::cli
