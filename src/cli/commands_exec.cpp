// `es-sandbox exec`: bank commands as JSON Lines in, one JSON result line out per command. Each
// command goes through the Bank against an EventStore over the store file, so the file only
// ever grows by events the domain accepted; a rejected or malformed line writes nothing and the
// run goes on with the next one.
#include <algorithm>
#include <istream>
#include <ostream>

#include "bank/bank.h"
#include "bank/events.h"
#include "bank/log_transfer.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/store_session.h"
#include "core/event_writer.h"
#include "core/json_parse.h"

namespace es::cli {

namespace {

const char* const kExecHelp =
    "Usage: es-sandbox exec --store FILE [COMMANDS.jsonl | -]\n"
    "\n"
    "Executes bank commands, one JSON object per line, read from COMMANDS.jsonl or from\n"
    "standard input (no file or '-'), against the store FILE (created when missing). Example:\n"
    "  {\"type\":\"OpenAccount\",\"accountId\":\"alice\",\"owner\":\"Alice\",\"currency\":\"USD\",\"actor\":\"alice\"}\n"
    "  {\"type\":\"Deposit\",\"accountId\":\"alice\",\"amount\":\"100.00\",\"actor\":\"alice\",\"reason\":\"salary\"}\n"
    "Command types: OpenAccount, Deposit, Withdraw, Transfer, CloseAccount, ReverseDeposit (fields: docs/CLI.md).\n"
    "\n"
    "Prints one JSON line per non-blank input line:\n"
    "  {\"line\":N,\"ok\":true,\"events\":[...recorded events...]}\n"
    "  {\"line\":N,\"ok\":false,\"error\":{\"code\":\"rejected\",\"message\":\"...\"}}\n"
    "A rejected or malformed line (or one over 1 MiB, or with a repeated key) writes nothing;\n"
    "the run continues with the next line.\n"
    "A snapshot of an account is saved every 100 events of its stream.\n"
    "\n"
    "Options:\n"
    "  --store FILE   the event log (JSON Lines, docs/LOG_FORMAT.md)\n"
    "  -h, --help     show this help\n"
    "\n"
    "Exit codes: 0 every line ok, 1 some line was rejected or malformed, 2 usage error,\n"
    "            3 the store could not be opened or written.\n";

std::string dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

std::string error_line(size_t line, const std::string& code, const std::string& message) {
    return "{\"line\":" + std::to_string(line) + ",\"ok\":false,\"error\":" +
           dump(Json{{"code", code}, {"message", message}}) + "}";
}

// One line of `in` into `line` (without its newline), at most `cap` bytes of it: the rest of a
// longer line is read past and thrown away, and `too_long` says so. False at the end of input.
bool read_line_capped(std::istream& in, std::string& line, size_t cap, bool& too_long) {
    line.clear();
    too_long = false;
    std::streambuf* buf = in.rdbuf();
    bool any = false;
    for (int c = buf->sbumpc(); c != std::char_traits<char>::eof(); c = buf->sbumpc()) {
        any = true;
        if (c == '\n') return true;
        if (line.size() < cap) line.push_back(static_cast<char>(c));
        else too_long = true;
    }
    in.setstate(std::ios::eofbit);
    return any;
}

bool is_blank(const std::string& s) {
    return s.find_first_not_of(" \t\r\n") == std::string::npos;
}

}  // namespace

int run_exec(const Args& args, Io& io) {
    ParsedArgs parsed;
    int code = kExitOk;
    if (!parse_or_exit(ArgSpec{"exec", {"--store"}, {}, 0, 1, "COMMANDS.jsonl"}, args, kExecHelp, io, parsed,
                       code))
        return code;
    std::string path;
    if (!require_store_option(parsed, "exec", io.err, path)) return kExitUsage;
    std::ifstream file;
    std::istream* input = open_input(parsed, 0, "exec", io, file);
    if (input == nullptr) return kExitUsage;

    StoreSession session;
    if (int c = session.open(path, OpenMode::CreateIfMissing, "exec", io, true, OpenDepth::FromCheckpoint); c != kExitOk)
        return c;
    bank::BankOptions options;
    options.snapshot_storage = &session.storage();
    options.snapshot_policy = SnapshotPolicy{100};
    options.clock = &session.clock();
    bank::Bank bank(session.store(), options);

    int exit_code = kExitOk;
    std::string line;
    size_t number = 0;
    bool too_long = false;
    while (read_line_capped(*input, line, bank::kMaxImportLineBytes, too_long)) {
        ++number;
        if (too_long) {
            io.out << error_line(number, "invalid_argument",
                                 "line " + std::to_string(number) + " is longer than the " +
                                     std::to_string(bank::kMaxImportLineBytes) +
                                     " bytes a command line may hold; nothing was run for it")
                   << "\n";
            exit_code = std::max(exit_code, kExitFailed);
            continue;
        }
        if (is_blank(line)) continue;
        auto parsed = parse_json(line, ErrorCode::InvalidArgument);
        if (!parsed.ok()) {
            io.out << error_line(number, "invalid_json",
                                 "line " + std::to_string(number) + ": " + parsed.error().message +
                                     "; write one command object per line, e.g. "
                                     "{\"type\":\"Deposit\",\"accountId\":\"alice\",\"amount\":\"10.00\","
                                     "\"actor\":\"alice\"}")
                   << "\n";
            exit_code = std::max(exit_code, kExitFailed);
            continue;
        }
        auto outcome = bank.execute_json(*parsed);
        for (const bank::Bank::Loaded& loaded : bank.last_loaded()) session.audit_stream(bank::account_stream_id(loaded.account_id), io);
        if (!outcome.ok()) {
            const Error& e = outcome.error();
            io.out << error_line(number, error_code_name(e.code), e.message) << "\n";
            bool store_broken = e.code == ErrorCode::Io || e.code == ErrorCode::Corrupt;
            exit_code = std::max(exit_code, store_broken ? kExitStore : kExitFailed);
            continue;
        }
        Json events = Json::array();
        for (const RecordedEvent& e : outcome->events) events.push_back(event_to_json(e));
        io.out << "{\"line\":" << number << ",\"ok\":true,\"events\":" << dump(events) << "}\n";
        if (outcome->snapshot_error) {
            io.err << "es-sandbox exec: warning: line " << number
                   << ": the command succeeded but saving a snapshot failed (snapshots are only a "
                      "cache; nothing is lost): "
                   << outcome->snapshot_error->message << "\n";
        }
    }
    if (input->bad()) {
        io.err << "es-sandbox exec: reading the commands failed after line " << number << "\n";
        exit_code = kExitStore;
    }
    session.finish(io);
    return exit_code;
}

}  // namespace es::cli
