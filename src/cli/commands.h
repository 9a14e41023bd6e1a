// The subcommands of es-sandbox, one function each, dispatched by run_cli (cli.cpp). Each takes
// the arguments after its own name, prints its own --help, and returns an exit code (cli.h).
// Files: commands_demo.cpp, commands_exec.cpp, commands_read.cpp (history, state, verify),
// commands_export.cpp, commands_import.cpp, commands_fold.cpp (a learner's Lua fold).
#pragma once

#include <fstream>
#include <string>
#include <vector>

#include "cli/args.h"

namespace es::cli {

using Args = std::vector<std::string>;

int run_demo(const Args& args, Io& io);
int run_exec(const Args& args, Io& io);
int run_history(const Args& args, Io& io);
int run_state(const Args& args, Io& io);
int run_verify(const Args& args, Io& io);
int run_export(const Args& args, Io& io);
int run_import(const Args& args, Io& io);
int run_fold(const Args& args, Io& io);

// Parses `args` with `spec`; on -h/--help prints `help` to io.out and sets `exit_code` to
// kExitOk, on a mistake prints a usage error and sets kExitUsage. Returns true when the
// subcommand should go on with `parsed`.
bool parse_or_exit(const ArgSpec& spec, const Args& args, const char* help, Io& io, ParsedArgs& parsed,
                   int& exit_code);

// The input of exec/import: the file named by positional `index`, or io.in when it is absent or
// "-". On failure prints why and returns nullptr (exit code kExitUsage).
std::istream* open_input(const ParsedArgs& parsed, size_t index, const std::string& command, Io& io,
                         std::ifstream& file);

}  // namespace es::cli
