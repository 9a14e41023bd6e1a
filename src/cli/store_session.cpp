// Opening a store file for one CLI run (see store_session.h). Snapshots that cannot be trusted
// (a line that does not decode, one not bound to the log) are named on stderr; loading ignores them.
#include "cli/store_session.h"

#include <filesystem>
#include <ostream>

#include "bank/events.h"
#include "cli/cli.h"
#include "core/snapshots.h"

namespace es::cli {

int StoreSession::open(const std::string& path, OpenMode mode, const std::string& command, Io& io,
                       bool verify_chain) {
    const std::string who = "es-sandbox " + command;
    std::error_code ec;
    if (mode == OpenMode::MustExist && !std::filesystem::exists(path, ec)) {
        io.err << who << ": store file " << path
               << " does not exist; check the path, or create a store with 'es-sandbox exec' or "
                  "'es-sandbox import'\n";
        return kExitStore;
    }
    OpenReport report;
    auto opened = FileStorage::open(path, &report);
    if (!opened.ok() && opened.error().code == ErrorCode::Busy) {
        io.err << who << ": " << opened.error().message << "\n";  // not a fault of the store: no "i/o error"
        return kExitStore;
    }
    if (!opened.ok()) {
        io.err << who << ": cannot open the store (" << to_string(opened.error().code)
               << "): " << opened.error().message << "\n";
        return kExitStore;
    }
    storage_ = std::move(opened).value();
    if (report.truncated_tail) {
        io.err << who << ": warning: " << path << " ended with an uncommitted tail (an append that "
               << "never finished, e.g. after a crash); cut " << report.bytes_cut << " byte(s) with "
               << report.events_cut << " complete event line(s) from line " << report.line_number << ": "
               << report.reason << "\n";
    }
    if (report.snapshots_truncated_tail) {
        io.err << who << ": warning: " << storage_->snapshots_path() << " ended with a torn line; cut "
               << report.snapshots_bytes_cut << " byte(s): " << report.snapshots_reason << "\n";
    }
    const char* const rebuilt = "; it is ignored and the state is rebuilt from the events\n";
    for (const std::string& line : report.snapshots_ignored)
        io.err << who << ": warning: " << storage_->snapshots_path() << ": " << line << rebuilt;
    if (!verify_chain) return kExitOk;
    store_ = std::make_unique<EventStore>(*storage_, clock_, ids_);
    store_->set_upcasters(&bank::bank_upcasters());
    if (auto s = store_->open(); !s.ok()) {
        io.err << who << ": the store " << path << " is " << to_string(s.error().code) << ": "
               << s.error().message << ". Run 'es-sandbox verify --store " << path << "' for details.\n";
        return kExitStore;
    }
    for (const SnapshotProblem& p : audit_snapshots(*store_, *storage_))
        io.err << who << ": warning: " << storage_->snapshots_path() << ": " << p.describe() << rebuilt;
    return kExitOk;
}

bool require_store_option(const ParsedArgs& parsed, const std::string& command, std::ostream& err,
                          std::string& path) {
    auto store = parsed.option("--store");
    if (!store || store->empty()) {
        usage_error(err, command, "missing --store FILE (the JSON Lines event log to use)");
        return false;
    }
    path = *store;
    return true;
}

}  // namespace es::cli
