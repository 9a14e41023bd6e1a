// `es-sandbox import`: appends exported events (the lossless JSON Lines of `export`) to a store,
// all or nothing. The whole input is validated before a byte is written: every line decodes
// strictly, positions continue the store, the hash chain verifies across the join, and every
// event is a bank event that folds into its account. The first problem is reported by line
// number and the store is left exactly as it was; otherwise the events go in as one batch
// (one write, one fsync, one commit marker), keeping their ids, times and hashes.
#include <filesystem>
#include <istream>
#include <map>
#include <ostream>

#include "bank/account.h"
#include "bank/events.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/store_session.h"
#include "core/codec.h"
#include "core/integrity.h"

namespace es::cli {

namespace {

const char* const kImportHelp =
    "Usage: es-sandbox import --store FILE [INPUT.jsonl | -]\n"
    "\n"
    "Appends the events in INPUT.jsonl (or standard input) to the store FILE, created when\n"
    "missing. The input is what 'es-sandbox export' writes: one complete event per line, hashes\n"
    "included (commit marker lines of a copied store file are skipped). Nothing is written\n"
    "unless ALL of it is valid:\n"
    "  - every line decodes strictly (exactly the known fields, right types and ranges);\n"
    "  - positions continue the store: the first is the store's last position + 1, no gaps;\n"
    "  - the hash chain verifies, the first prevHash being the store's last hash;\n"
    "  - every event is a bank event the code can read and fold (no unknown type, no negative\n"
    "    amount, no deposit to an account that was never opened...).\n"
    "The first problem is reported with its line number and the store is left unchanged.\n"
    "\n"
    "Options:\n"
    "  --store FILE   the event log to append to\n"
    "  -h, --help     show this help\n"
    "\n"
    "Exit codes: 0 imported, 1 the input was rejected, 2 usage error, 3 store error.\n";

struct Line {
    size_t number = 0;
    RecordedEvent event;
};

bool is_commit_marker(const std::string& text) {
    Json j = Json::parse(text, nullptr, false);
    return j.is_object() && j.size() == 1 && j.contains("commit");
}

// Reads and decodes the input; positions must continue after `base`.
Result<std::vector<Line>> read_lines(std::istream& input, const EventList& base) {
    std::vector<Line> lines;
    std::string text;
    size_t number = 0;
    while (std::getline(input, text)) {
        ++number;
        if (!text.empty() && text.back() == '\r') text.pop_back();
        if (text.find_first_not_of(" \t") == std::string::npos || is_commit_marker(text)) continue;
        auto decoded = decode_event_line(text);
        if (!decoded.ok())
            return make_error(decoded.error().code, "line " + std::to_string(number) + ": " + decoded.error().message);
        const uint64_t expected = base.size() + lines.size() + 1;
        if (decoded->global_position != expected) {
            std::string store_has = base.empty() ? "the store is empty, so the input must start at position 1"
                                                 : "the store ends at position " + std::to_string(base.size());
            return make_error(ErrorCode::InvalidArgument,
                              "line " + std::to_string(number) + ": globalPosition is " +
                                  std::to_string(decoded->global_position) + " but the next position is " +
                                  std::to_string(expected) + " (" + store_has +
                                  "; an import must continue it without gaps, repeats or overlap)");
        }
        if (auto s = check_bank_event(*decoded); !s.ok())
            return make_error(s.error().code, "line " + std::to_string(number) + " (position " +
                                                  std::to_string(expected) + "): " + s.error().message);
        lines.push_back(Line{number, std::move(decoded).value()});
    }
    if (input.bad()) return make_error(ErrorCode::Io, "reading the input failed after line " + std::to_string(number));
    return lines;
}

// The chain and the fold across the join of the store and the input.
Status check_joined(const EventList& base, const std::vector<Line>& lines) {
    EventList joined = base;
    for (const Line& l : lines) joined.push_back(l.event);
    auto where = [&](uint64_t position) {
        if (position <= base.size()) return "the store itself at position " + std::to_string(position);
        return "line " + std::to_string(lines[position - base.size() - 1].number) + " (position " +
               std::to_string(position) + ")";
    };
    VerifyReport report = verify_log(joined);
    if (!report.ok)
        return make_error(ErrorCode::Corrupt, where(report.first_bad_position) + ": " + report.problem);
    std::map<std::string, bank::AccountState> accounts;
    for (const RecordedEvent& e : joined) {
        auto current = bank::bank_upcasters().upcast(e);
        if (!current.ok()) return make_error(current.error().code, where(e.global_position) + ": " + current.error().message);
        auto it = accounts.emplace(e.stream_id, bank::initial_state()).first;
        auto next = bank::evolve(it->second, *current);
        if (!next.ok()) return make_error(next.error().code, where(e.global_position) + ": " + next.error().message);
        it->second = std::move(*next);
    }
    return ok_status();
}

}  // namespace

int run_import(const Args& args, Io& io) {
    ParsedArgs parsed;
    int code = kExitOk;
    if (!parse_or_exit(ArgSpec{"import", {"--store"}, {}, 0, 1, "INPUT.jsonl"}, args, kImportHelp, io, parsed,
                       code))
        return code;
    std::string path;
    if (!require_store_option(parsed, "import", io.err, path)) return kExitUsage;
    std::ifstream file;
    std::istream* input = open_input(parsed, 0, "import", io, file);
    if (input == nullptr) return kExitUsage;

    // A missing store is only created once the input is known to be good, so a failed import
    // leaves no empty file behind.
    std::error_code ec;
    const bool existed = std::filesystem::exists(path, ec);
    StoreSession session;
    EventList base;
    if (existed) {
        if (int c = session.open(path, OpenMode::MustExist, "import", io); c != kExitOk) return c;
        base = session.store().recorded_log();
    }
    auto lines = read_lines(*input, base);
    Status valid = lines.ok() ? check_joined(base, *lines) : Status(lines.error());
    if (!valid.ok()) {
        io.err << "es-sandbox import: rejected, nothing was written: " << valid.error().message << "\n";
        return valid.error().code == ErrorCode::Io ? kExitStore : kExitFailed;
    }
    if (lines->empty()) {
        io.out << "nothing to import: the input has no events; " << path << " is unchanged\n";
        return kExitOk;
    }
    if (!existed) {
        if (int c = session.open(path, OpenMode::CreateIfMissing, "import", io); c != kExitOk) return c;
        if (session.store().head_position() != 0) {
            io.err << "es-sandbox import: " << path << " appeared while the input was being checked; "
                   << "nothing was written, run the import again\n";
            return kExitStore;
        }
    }
    EventList batch;
    for (Line& l : *lines) batch.push_back(std::move(l.event));
    if (auto s = session.storage().append(batch); !s.ok()) {
        io.err << "es-sandbox import: writing failed, nothing was written: " << s.error().message << "\n";
        return kExitStore;
    }
    io.out << "imported " << batch.size() << " events (positions " << batch.front().global_position << ".."
           << batch.back().global_position << ") into " << path << "; it now has " << batch.back().global_position
           << " events\n";
    return kExitOk;
}

}  // namespace es::cli
