// Opening a store file for one CLI run (see store_session.h). Snapshots that cannot be trusted
// (a line that does not decode, one not bound to the log) are named on stderr; loading ignores them.
#include "cli/store_session.h"

#include <filesystem>
#include <ostream>

#include "bank/account.h"
#include "bank/events.h"
#include "cli/cli.h"
#include "core/fold.h"
#include "core/snapshots.h"

namespace es::cli {

namespace {

constexpr const char* kAccountsModel = "accounts";

// The checkpoint's accounts model: every account stream's state, with the fold that made it so a
// checkpoint written by another version of the fold is not used.
Json accounts_model(const std::map<std::string, Json>& states) {
    static const Fold fold = bank::account_fold();
    return Json{{"stateType", fold.state_type}, {"stateSchemaVersion", fold.state_schema_version}, {"states", states}};
}

Result<std::map<std::string, Json>> accounts_from_model(const Json& models) {
    static const Fold fold = bank::account_fold();
    auto m = models.find(kAccountsModel);
    if (m == models.end() || !m->is_object() || m->value("stateType", "") != fold.state_type ||
        m->value("stateSchemaVersion", 0) != fold.state_schema_version || !m->contains("states") || !(*m)["states"].is_object())
        return make_error(ErrorCode::Corrupt, "its accounts were folded by another version of the bank");
    std::map<std::string, Json> out;
    for (const auto& [stream, state] : (*m)["states"].items()) out.emplace(stream, state);
    return out;
}

}  // namespace

Result<std::map<std::string, Json>> StoreSession::account_states() const {
    static const Fold fold = bank::account_fold();
    std::map<std::string, Json> states;
    if (checkpoint_) {
        auto from = accounts_from_model(checkpoint_->models);
        if (!from.ok()) return from.error();
        states = std::move(from).value();
    }
    RecordedEvent scratch;
    for (const RecordedEvent& raw : store_->recorded_log()) {  // the events after the checkpoint
        if (raw.stream_id.rfind("account-", 0) != 0) continue;
        auto e = store_->current_view(raw, scratch);
        if (!e.ok()) return e.error();
        auto it = states.find(raw.stream_id);
        if (it == states.end()) {
            auto initial = initial_state(fold);
            if (!initial.ok()) return initial.error();
            it = states.emplace(raw.stream_id, std::move(initial).value()).first;
        }
        if (Status s = fold_into(fold, it->second, **e); !s.ok()) return s.error();
    }
    return states;
}

void StoreSession::audit_stream(const std::string& stream, Io& io) {
    if (!checkpoint_ || !audited_.insert(stream).second) return;
    std::vector<std::string> ignored;
    const std::vector<Snapshot> snapshots = storage_->stream_snapshots(stream, &ignored);
    for (const std::string& line : ignored)
        io.err << who_ << ": warning: " << storage_->snapshots_path() << ": " << line
               << "; it is ignored and the state is rebuilt from the events\n";
    for (const Snapshot& s : snapshots) {
        const std::string why = check_snapshot(*store_, s);
        if (!why.empty())
            io.err << who_ << ": warning: " << storage_->snapshots_path() << ": "
                   << SnapshotProblem{s.stream_id, s.stream_version, why}.describe()
                   << "; it is ignored and the state is rebuilt from the events\n";
    }
}

void StoreSession::finish(Io& io) {
    if (!store_ || !store_->is_open()) return;
    const uint64_t head = store_->head_position();
    if (!checkpoint_ || checkpoint_->position != head) {
        auto states = account_states();
        Status saved = states.ok() ? ok_status() : Status(states.error());
        if (states.ok()) {
            Checkpoint c;
            c.position = head;
            c.event_hash = head == 0 ? std::string() : store_->head_hash();
            c.models = Json{{kAccountsModel, accounts_model(*states)}};
            c.checksum = checkpoint_checksum(c);
            saved = storage_->save_checkpoint(c);
        }
        if (!saved.ok())
            io.err << who_ << ": warning: no checkpoint was written (" << saved.error().message
                   << "); the next run checks the whole log\n";
    }
    if (Status s = storage_->save_index(); !s.ok())
        io.err << who_ << ": warning: the index was not written (" << s.error().message << "); the next run rebuilds it\n";
}

bool StoreSession::open_from_checkpoint(Io& io) {
    const std::string ignored = "; it is ignored: the whole log is checked and a new checkpoint written\n";
    auto loaded = storage_->load_checkpoint();
    if (!loaded.ok()) {
        io.err << who_ << ": note: " << storage_->checkpoint_path() << ": " << loaded.error().message << ignored;
        return false;
    }
    if (!*loaded) {
        if (storage_->head_position() > 0)
            io.err << who_ << ": note: " << path_ << " has no checkpoint yet; the whole log is checked and one written\n";
        return false;
    }
    const Checkpoint& c = **loaded;
    Status opened = store_->open_from(c.position, c.event_hash);
    if (opened.ok()) {
        if (auto models = accounts_from_model(c.models); !models.ok()) {
            io.err << who_ << ": note: " << storage_->checkpoint_path() << ": " << models.error().message << ignored;
            return false;
        }
        checkpoint_ = c;
        return true;
    }
    // A log that is corrupt after the checkpoint is reported by the whole open, as always.
    if (opened.error().code != ErrorCode::Corrupt)
        io.err << who_ << ": note: " << storage_->checkpoint_path() << " does not match the log: " << opened.error().message
               << ignored;
    return false;
}

int StoreSession::open(const std::string& path, OpenMode mode, const std::string& command, Io& io,
                       bool verify_chain, OpenDepth depth) {
    const std::string who = "es-sandbox " + command;
    who_ = who;
    path_ = path;
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
    if (report.index_rebuilt)
        io.err << who << ": note: " << storage_->index_path() << " was rebuilt from the log: " << report.index_reason << "\n";
    // The snapshot lines opening only keyed are decoded when the whole log is checked (those it
    // could not key were named above); from a checkpoint, as a command loads each stream.
    // Returns them, decoded, for the whole log's snapshot audit (one decode of each line).
    const auto name_undecoded_snapshots = [&] {
        std::vector<std::string> undecoded;
        std::vector<Snapshot> decoded = storage_->list_snapshots(&undecoded);
        for (const std::string& line : undecoded)
            io.err << who << ": warning: " << storage_->snapshots_path() << ": " << line << rebuilt;
        return decoded;
    };
    if (!verify_chain) {
        name_undecoded_snapshots();
        return kExitOk;
    }
    store_ = std::make_unique<EventStore>(*storage_, clock_, ids_);
    store_->set_upcasters(&bank::bank_upcasters());
    // From a checkpoint, snapshots are checked as a command loads a stream (audit_stream).
    if (depth == OpenDepth::FromCheckpoint && open_from_checkpoint(io)) return kExitOk;
    if (auto s = store_->open(); !s.ok()) {
        io.err << who << ": the store " << path << " is " << to_string(s.error().code) << ": "
               << s.error().message << ". Run 'es-sandbox verify --store " << path << "' for details.\n";
        return kExitStore;
    }
    const std::vector<Snapshot> snapshots = name_undecoded_snapshots();
    for (const SnapshotProblem& p : audit_snapshots(*store_, snapshots))
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
