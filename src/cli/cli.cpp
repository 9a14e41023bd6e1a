// run_cli: the top-level help and the dispatch to one subcommand (see cli.h, docs/CLI.md).
#include "cli/cli.h"

#include <cerrno>
#include <cstring>
#include <exception>
#include <ostream>

#include "cli/commands.h"
#include "cli/commands_digest.h"

namespace es::cli {

namespace {

const char* const kToolHelp =
    "Usage: es-sandbox <command> [options]\n"
    "\n"
    "The Event Sourcing Sandbox on the command line: a bank whose only record is an\n"
    "append-only, hash-chained log of events (a JSON Lines file, docs/LOG_FORMAT.md).\n"
    "\n"
    "Commands:\n"
    "  demo                               the classic exercise in memory: open, deposit, withdraw\n"
    "  exec    --store FILE [CMDS|-]      run bank commands (JSON Lines) against a store\n"
    "  history --store FILE STREAM        the events of one account (\"alice\" or \"account-alice\")\n"
    "  state   --store FILE [--at WHEN]   every account's state, now or at a position or time\n"
    "  verify  --store FILE               check positions, versions and the hash chain\n"
    "          [--digest POS:HASH]        ...and that the log still holds a saved digest's history\n"
    "  digest  --store FILE               the log's digest (head position and hash) to keep\n"
    "  export  --store FILE [--format F]  every event to stdout (jsonl or kurrent)\n"
    "  import  --store FILE [INPUT|-]     append exported events, all or nothing\n"
    "  fold    --store FILE PROGRAM.lua   the state a Lua apply(account, event) derives\n"
    "          [--check] [--json]         ...and whether it matches the bank's own fold\n"
    "\n"
    "Run 'es-sandbox <command> --help' for a command's options. Documentation: docs/CLI.md.\n"
    "\n"
    "Exit codes: 0 ok, 1 a command was rejected or failed, 2 usage error,\n"
    "            3 the store could not be opened, is corrupt, or an I/O error happened.\n";

int dispatch(const std::vector<std::string>& args, Io& io) {
    if (args.empty()) {
        io.err << kToolHelp;
        return kExitUsage;
    }
    const std::string& command = args[0];
    if (command == "-h" || command == "--help" || command == "help") {
        io.out << kToolHelp;
        return kExitOk;
    }
    const Args rest(args.begin() + 1, args.end());
    if (command == "demo") return run_demo(rest, io);
    if (command == "exec") return run_exec(rest, io);
    if (command == "history") return run_history(rest, io);
    if (command == "state") return run_state(rest, io);
    if (command == "verify") return run_verify(rest, io);
    if (command == "digest") return run_digest(rest, io);
    if (command == "export") return run_export(rest, io);
    if (command == "import") return run_import(rest, io);
    if (command == "fold") return run_fold(rest, io);
    if (!command.empty() && command[0] == '-') return usage_error(io.err, "", "unknown option '" + command + "'");
    return usage_error(io.err, "",
                       "unknown command '" + command +
                           "'; the commands are demo, exec, history, state, verify, digest, export, import, fold");
}

}  // namespace

bool parse_or_exit(const ArgSpec& spec, const Args& args, const char* help, Io& io, ParsedArgs& parsed,
                   int& exit_code) {
    auto result = parse_args(spec, args);
    if (!result.ok()) {
        exit_code = usage_error(io.err, spec.command, result.error().message);
        return false;
    }
    if (result->help) {
        io.out << help;
        exit_code = kExitOk;
        return false;
    }
    parsed = std::move(result).value();
    return true;
}

std::istream* open_input(const ParsedArgs& parsed, size_t index, const std::string& command, Io& io,
                         std::ifstream& file) {
    if (parsed.positionals.size() <= index || parsed.positionals[index] == "-") return &io.in;
    const std::string& path = parsed.positionals[index];
    file.open(path, std::ios::binary);
    if (!file) {
        usage_error(io.err, command, "cannot read input file " + path + ": " + std::strerror(errno));
        return nullptr;
    }
    return &file;
}

int run_cli(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err) {
    Io io{in, out, err};
    try {
        int code = dispatch(args, io);
        out.flush();
        return code;
    } catch (const std::exception& e) {
        // Nothing below is meant to throw; this only keeps a bug from ending in std::terminate.
        err << "es-sandbox: internal error: " << e.what() << "\n";
        return kExitFailed;
    }
}

}  // namespace es::cli
