// `fold`: the "Write the fold yourself" exercise on the command line. A learner's Lua program
// (apply(account, event), src/learn) is folded over every account stream of a store; the state
// it derives is printed, or with --check compared with the bank's own fold event by event.
#include <fstream>
#include <ostream>
#include <sstream>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/store_session.h"
#include "learn/fold_exercise.h"

namespace es::cli {

namespace {

const char* const kFoldHelp =
    "Usage: es-sandbox fold --store FILE PROGRAM.lua [--json] [--check]\n"
    "\n"
    "Folds every account stream of the log through PROGRAM.lua's apply(account, event), one\n"
    "event at a time, oldest first, each account starting from an empty table {}, and prints\n"
    "the state the program derives for each account. The program is Lua 5.4 in a sandbox (only\n"
    "the base, string, math and table libraries; at most 10,000,000 instructions per event and\n"
    "16 MB). Money arrives as integer cents: event.amount 5000 is $50.00. Its print() lines are\n"
    "printed first. An event has type, position, stream, version, accountId, actor, reason and\n"
    "recordedAt, and by type owner, currency, amount, depositedBy, toAccountId, fromAccountId...\n"
    "\n"
    "Options:\n"
    "  --store FILE   the event log to read (never created)\n"
    "  --json         print {\"events\":N,\"accounts\":[{\"streamId\":...,\"state\":{...}}],\"printed\":[...]}\n"
    "  --check        compare exists, owner and balance with the bank's own fold after every\n"
    "                 event; exit 1 at the first difference, naming the event, the field and both values\n"
    "  -h, --help     show this help\n"
    "\n"
    "Exit codes: 0 folded (and with --check: matches), 1 a difference or an error while folding,\n"
    "2 a usage or syntax error (reported as PROGRAM.lua:LINE:COLUMN) or no apply(), 3 the store\n"
    "could not be opened.\n";

// "prog.lua:4:7: message" from a CodeError whose message starts "line 4, column 7: message".
std::string located(const std::string& file, const learn::CodeError& e, const std::string& context = "") {
    std::string message = e.message;
    if (e.line > 0 && message.rfind("line ", 0) == 0) message.erase(0, message.find(": ") + 2);
    std::string where = file;
    if (e.line > 0) where += ":" + std::to_string(e.line);
    if (e.column > 0) where += ":" + std::to_string(e.column);
    return where + ": " + context + message;
}

}  // namespace

int run_fold(const Args& args, Io& io) {
    ParsedArgs parsed;
    int code = kExitOk;
    if (!parse_or_exit(ArgSpec{"fold", {"--store"}, {"--json", "--check"}, 1, 1, "PROGRAM.lua"}, args, kFoldHelp, io,
                       parsed, code))
        return code;
    std::string path;
    if (!require_store_option(parsed, "fold", io.err, path)) return kExitUsage;
    const std::string program_path = parsed.positionals[0];
    std::ifstream file(program_path, std::ios::binary);
    if (!file) return usage_error(io.err, "fold", "cannot read the program '" + program_path + "'");
    std::ostringstream program;
    program << file.rdbuf();  // (an empty file sets failbit here: it is an empty program)
    StoreSession session;
    if (int c = session.open(path, OpenMode::MustExist, "fold", io); c != kExitOk) return c;

    const bool check = parsed.flag("--check");
    learn::ExerciseRun run(learn::Exercise::AccountFold, program.str(), session.store().recorded_log());
    run.keep_steps(false);
    run.stop_at_difference(check);
    std::vector<std::string> printed;
    while (const learn::ExerciseStep* step = run.step())
        printed.insert(printed.end(), step->printed.begin(), step->printed.end());

    if (const auto& error = run.error()) {
        for (const std::string& line : printed) io.out << line << "\n";
        if (error->kind == learn::CodeError::Kind::Syntax || error->kind == learn::CodeError::Kind::MissingFunction) {
            io.err << "es-sandbox fold: " << located(program_path, *error) << "\n";
            return kExitUsage;
        }
        const std::string context = run.steps().empty() ? "" : "while folding " + run.steps().back().event + ": ";
        io.err << "es-sandbox fold: " << located(program_path, *error, context) << "\n";
        return kExitFailed;
    }
    if (check && !run.matched()) {  // the state so far is not the program's answer: only the difference
        for (const std::string& line : printed) io.out << line << "\n";
        io.err << "es-sandbox fold: " << run.verdict() << "\n";
        return kExitFailed;
    }
    if (parsed.flag("--json")) {
        Json accounts = Json::array();
        for (const std::string& key : run.keys()) accounts.push_back(Json{{"streamId", key}, {"state", run.final_json(key)}});
        io.out << Json{{"events", run.total()}, {"accounts", accounts}, {"printed", printed}}.dump(
                      -1, ' ', false, Json::error_handler_t::replace)
               << "\n";
    } else {
        for (const std::string& line : printed) io.out << line << "\n";
        for (const std::string& key : run.keys()) {
            io.out << key << ":";
            const auto fields = run.final_state(key);
            for (size_t i = 0; i < fields.size(); ++i) io.out << (i ? ", " : " ") << fields[i].name << " " << fields[i].value;
            io.out << (fields.empty() ? " {}\n" : "\n");
        }
    }
    if (!check) return kExitOk;
    (parsed.flag("--json") ? io.err : io.out) << run.verdict() << " of the bank's own fold\n";
    return kExitOk;
}

}  // namespace es::cli
