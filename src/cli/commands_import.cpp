// `es-sandbox import`: appends exported events (the lossless JSON Lines of `export`) to a store,
// all or nothing. The whole input is validated before a byte is written: every line decodes
// strictly, positions continue the store, the hash chain verifies across the join, and the
// store and the input together keep the bank's history rules (bank/history_rules.h). The first
// problem is reported by line number and the store is left exactly as it was; otherwise the
// events go in as one batch (one write, one fsync, one commit marker), keeping their ids, times
// and hashes. The checks are bank::validate_import (bank/log_transfer.h), shared with the browser app.
#include <algorithm>
#include <filesystem>
#include <istream>
#include <ostream>
#include <string>
#include <unordered_map>

#include "bank/account.h"
#include "bank/history_rules.h"
#include "bank/log_transfer.h"
#include "core/clock.h"
#include "core/event_writer.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/store_session.h"

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
    "    amount, no deposit to an account that was never opened...);\n"
    "  - the store and the input keep the bank's history rules, which a recomputed hash chain\n"
    "    cannot fake: no overdraft past the limit, no close with money in it, each TransferSent\n"
    "    followed by its TransferReceived, one currency per account, recordedAt never going back\n"
    "    and not later than now + 1 day... (docs/EVENT_MODEL.md, \"History rules\").\n"
    "The first problem is reported with its line number, position and rule, and the store is\n"
    "left unchanged.\n"
    "\n"
    "Options:\n"
    "  --store FILE   the event log to append to\n"
    "  -h, --help     show this help\n"
    "\n"
    "Exit codes: 0 imported, 1 the input was rejected, 2 usage error, 3 store error.\n";

// The bank's history rules after the store, which was opened from its checkpoint: the accounts as
// the checkpoint and the events after it leave them, and the time of its last event.
Result<bank::HistoryRules> rules_after(const StoreSession& session, EventStore& store) {
    auto states = session.account_states();
    if (!states.ok()) return states.error();
    std::unordered_map<std::string, bank::AccountState> accounts;
    for (const auto& [stream, json] : *states) {
        auto state = bank::state_from_json(json);
        if (!state.ok()) return state.error();
        accounts.emplace(stream, std::move(state).value());
    }
    int64_t last_recorded_ms = 0;
    if (const uint64_t head = store.head_position(); head > 0) {
        RecordedEvent scratch;
        auto last = store.stored_event(head, scratch);
        if (!last.ok()) return last.error();
        last_recorded_ms = (*last)->recorded_at_ms;
    }
    bank::HistoryRules rules(SystemClock().now_ms());
    rules.resume(store.head_position(), last_recorded_ms, std::move(accounts));
    return rules;
}

// The whole input; false when reading it failed (not at its end).
bool read_all(std::istream& input, std::string& text) {
    char buffer[64 * 1024];
    while (input.read(buffer, sizeof buffer) || input.gcount() > 0)
        text.append(buffer, static_cast<size_t>(input.gcount()));
    return !input.bad();
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
    // An existing store opens from its checkpoint: the input is checked against the checkpoint's
    // accounts and the events after it, and the store checks the chain as it appends; only a
    // refusal reads the whole log, to name the first problem by its line as a whole check does.
    StoreSession session;
    if (existed) {
        if (int c = session.open(path, OpenMode::MustExist, "import", io, true, OpenDepth::FromCheckpoint); c != kExitOk)
            return c;
    }
    std::string text;
    if (!read_all(*input, text)) {
        io.err << "es-sandbox import: rejected, nothing was written: reading the input failed after line "
               << std::count(text.begin(), text.end(), '\n') << "\n";
        return kExitStore;
    }
    const auto rejected = [&](const Error& error) {
        io.err << "es-sandbox import: rejected, nothing was written: " << error.message << "\n";
        return error.code == ErrorCode::Io ? kExitStore : kExitFailed;
    };
    // Every check, over the whole log (what names a refusal of the chain by its line).
    const auto check_whole = [&]() -> Result<EventList> {
        if (!existed) return bank::validate_import(text, EventList());
        if (session.from_checkpoint()) {
            if (Status s = session.store().open(); !s.ok()) return s.error();
        }
        return bank::validate_import(text, session.store().recorded_log());
    };
    RecordedEvent scratch;  // an earlier event read back from storage (a reversal names one)
    Result<EventList> events = [&]() -> Result<EventList> {
        if (!existed || !session.from_checkpoint()) return check_whole();
        EventStore& store = session.store();
        auto rules = rules_after(session, store);
        if (!rules.ok()) return rules.error();
        const bank::ImportBase base{store.head_position(), [&](uint64_t p) -> const RecordedEvent* {
                                        auto e = store.stored_event(p, scratch);
                                        return e.ok() ? *e : nullptr;
                                    }};
        return bank::validate_import(text, base, *rules);
    }();
    if (!events.ok()) return rejected(events.error());
    EventList batch = std::move(events).value();
    if (batch.empty()) {
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
    const uint64_t first = batch.front().global_position, count = batch.size();
    auto appended = session.store().append_recorded(std::move(batch));
    if (!appended.ok()) {
        if (appended.error().code == ErrorCode::Io) {
            io.err << "es-sandbox import: writing failed, nothing was written: " << appended.error().message << "\n";
            return kExitStore;
        }
        // The chain does not continue the store: the whole check names where, by its line.
        auto whole = check_whole();
        return rejected(whole.ok() ? appended.error() : whole.error());
    }
    session.finish(io);
    io.out << "imported " << count << " events (positions " << first << ".." << *appended << ") into " << path
           << "; it now has " << *appended << " events\n";
    return kExitOk;
}

}  // namespace es::cli
