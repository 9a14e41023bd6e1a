// The learner's sandbox: one event store over the browser's write-behind storage, the bank on
// top of it, and the read models the panels show, kept up to date by subscriptions. Platform-free
// (no ImGui, no Emscripten): the platform layer feeds it what IndexedDB holds and drains its
// storage's queue; panels send it commands and read it.
//
// It is rebuilt whole, never patched, when the log underneath changes in a way an append cannot
// express: a reset, or a write lost to another tab (see PersistenceStatus in app_state.h).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bank/bank.h"
#include "bank/bank_log.h"
#include "bank/commands.h"
#include "bank/history_rules.h"
#include "bank/log_transfer.h"
#include "bank/projections.h"
#include "core/clock.h"
#include "core/event_store.h"
#include "core/trace.h"
#include "core/uuid.h"
#include "sandbox/command_flow.h"
#include "sandbox/eventual.h"
#include "storage/stored_pages.h"
#include "storage/write_behind_storage.h"

namespace es::sandbox {

class Sandbox {
public:
    // durable = false when there is no IndexedDB: everything stays in memory.
    explicit Sandbox(bool durable);
    Sandbox(const Sandbox&) = delete;
    Sandbox& operator=(const Sandbox&) = delete;
    ~Sandbox();

    // Opens over what the backend holds (already saved). A log that fails verification, or
    // whose history breaks one of the bank's rules (bank/history_rules.h), stays readable (up to
    // its last good event for a broken chain), and every write is refused: problem() says why.
    Status open(EventList saved, const std::vector<Snapshot>& snapshots,
                EventStore::HashCheck hashes = EventStore::HashCheck::Now);
    // The same over a log the browser's load read from IndexedDB (storage/stored_pages.h): the
    // decoded events with their content hashes, and the stored lines, which the storage keeps.
    // With HashCheck::Later (a log decoded without content hashes) the sandbox opens without
    // recomputing each event's hash; check_hashes() then does it a little at a time. The read
    // models only a screen needs (the account list and audit trail) are left for later too:
    // warm_read_models() catches them up. The balances, and what the bank decides with, are
    // whole at once.
    Status open_loaded(LoadedLog loaded, const std::vector<Snapshot>& snapshots,
                       EventStore::HashCheck hashes = EventStore::HashCheck::Now);

    // The hash check of a log opened with HashCheck::Later, run in the background: the events
    // it opened with, in order. `problem` names the first event whose stored hash is not the
    // SHA-256 of its content (check_event_hash's words); the caller then reopens the log with
    // the check made at once, which reports it as a load always has.
    struct HashCheckProgress {
        uint64_t checked = 0;  // events 1..checked hash as stored
        uint64_t total = 0;    // the events to check (0: nothing was left for later)
        uint64_t bad_position = 0;
        std::string problem;
        double ms = 0.0;       // time spent checking so far
        bool done() const { return checked == total || !problem.empty(); }
    };
    const HashCheckProgress& hash_check() const { return hash_check_; }
    // Checks the next events until `budget_ms` of `now_ms()` have passed (at least one event).
    void check_hashes(double budget_ms, const std::function<double()>& now_ms);
    // The catch-up of the read models an open with HashCheck::Later left for later, until
    // `budget_ms` of `now_ms()` have passed; until it is done their lag (projections()) says how
    // far behind they are. A command first finishes it; appends that are not commands (an
    // import, another tab's events) are caught up with the rest. (An event a read model cannot
    // read stopped writes at open already, in the bank log; should one still fail here, or
    // throw, writes stop as they would have at open: problem().) True when it did some work.
    bool warm_read_models(double budget_ms, const std::function<double()>& now_ms);
    bool read_models_warming() const { return eventual_.warming(); }
    // How far the read models left for later have read, 0 to 1 (1 when nothing was left).
    double warm_progress() const { return eventual_.warm_progress(); }
    // The time warm_read_models() has spent so far since the open.
    double warm_ms() const { return warm_ms_; }
    // The background work's share (the read models' catch-up, then the hash check) of a frame
    // whose interval (start to start) was `frame_interval_ms`: a quarter of it, at least 4 ms and
    // at most 12. At 60 frames a second that is 4 ms; on a slow machine (software GL at 19
    // frames a second) it is 12, so the work keeps pace with the frames instead of taking three
    // times as long. The interval includes the work, so frames come at most a quarter slower
    // while it runs (the cap makes it less on slow machines).
    static double background_budget_ms(double frame_interval_ms);

    // Lets events of a type the bank does not know (a lesson's free-form "WokeUp") be stored and
    // read at schema version 1. Call before open() for the types already in the log.
    void allow_free_form_type(const std::string& type);

    // Runs a command through the Bank; its steps are recorded in last_trace() and its outcome in
    // attempts().
    Result<bank::CommandOutcome> execute(const bank::Command& command);

    // Every command this session ran, accepted or not: what the lessons check ("a rejected
    // command writes nothing", "a conflict, then the retry").
    struct Attempt {
        std::string command;   // "Deposit", ...
        std::string account;   // the account it is about (the source of a transfer)
        bool accepted = false;
        std::optional<ErrorCode> error;  // why not, when !accepted
        bool had_expected_version = false;
        uint64_t head_before = 0, head_after = 0;
    };
    const std::vector<Attempt>& attempts() const { return attempts_; }
    // The last command's path, for the Command flow window (sandbox/command_flow.h).
    const CommandFlow& last_flow() const { return flow_; }
    // Replaces last_trace() with a replay of the account's events into its current state.
    void trace_replay(const std::string& account_id);
    // What really happened in the last command (or replay), for the sequence diagram.
    const Trace& last_trace() const { return trace_; }
    // The trace of the last command that was accepted (empty before the first): a replay or a
    // refusal since does not replace it. The Draw it exercise deals its cards from it.
    const Trace& last_accepted_trace() const { return accepted_trace_; }
    // Another tab's events (already durable): taken as they are, if they continue this log. If
    // they break one of the bank's rules, writing stops as for a damaged load.
    Result<uint64_t> adopt(const EventList& events);
    // A validated import (bank::validate_import): appended as recorded, then saved like any
    // event. Taken, not copied; left as they were when the store refuses them.
    Result<uint64_t> import_events(EventList&& events);
    // A JSON Lines export, validated in full and appended, all or nothing: begin_import(), then
    // feed_import() with each piece of the text in order (any cut: a line may span two pieces),
    // then finish_import(). The browser hands a large file over a few MiB at a time, so its text
    // never sits whole in memory beside the log it joins. The store's chain is not walked again
    // (the rules' state after it is continued) and each event's hash is computed once, by the
    // store as it appends; a refusal names the first bad line exactly as bank::validate_import
    // does. A problem found by a feed is kept (later feeds return it) and finish_import returns
    // it; finish_import refuses an import when the log moved since begin_import (an event
    // appended meanwhile), and begin_import drops one left unfinished.
    struct Imported {
        size_t count = 0;    // 0: the text holds no events (nothing changed)
        uint64_t first = 0;  // the first imported position
        uint64_t head = 0;
    };
    Status begin_import();
    Status feed_import(std::string_view piece);
    Result<Imported> finish_import();
    bool importing() const { return import_.has_value(); }
    // The whole text as one piece.
    Result<Imported> import_text(std::string_view text);

    // The read models, for the Projections window: what each has folded and how far behind it is.
    struct ProjectionInfo {
        std::string name;
        int version = 0;          // the logic it runs now
        int folded_version = 0;   // the logic its current contents were folded with
        uint64_t checkpoint = 0;  // the last position it has applied
        uint64_t lag = 0;         // head - checkpoint
        double last_rebuild_ms = -1.0;  // -1: not rebuilt in this session
        uint64_t last_rebuild_events = 0;
    };
    std::vector<ProjectionInfo> projections() const;
    // Forgets what the projection folded and replays the whole log into it (NotFound: no such name).
    Status rebuild_projection(const std::string& name);
    // Adds a read model that did not exist before ("daily-totals"): it starts at position 0 and
    // catches up over the whole history at once. AlreadyExists when it is there; NotFound for a
    // name the sandbox cannot build.
    Status add_projection(const std::string& name);
    // The read models that can be added, and whether each is there.
    static std::vector<std::string> addable_projections() { return {"daily-totals"}; }
    bool has_projection(const std::string& name) const;
    const bank::DailyTotalsProjection* daily_totals() const { return daily_.get(); }
    // The read models' eventual-consistency mode (eventual.h): off, they follow every append at
    // once. bank-log is never held back: the bank's history rules read it as events are written.
    EventualFeed& eventual() { return eventual_; }
    const EventualFeed& eventual() const { return eventual_; }

    // Switches the balances projection's logic (1 = the buggy v1, 2 = fixed); the balances keep
    // what the old logic folded until rebuild_projection("balances").
    void set_balances_version(int version) { balances_.set_version(version); }

    // Snapshot interval: the Bank saves an account's state every `n` events (0 = never).
    static constexpr uint64_t kDefaultSnapshotEvery = 100;
    uint64_t snapshot_every() const { return snapshot_every_; }
    void set_snapshot_every(uint64_t n);

    // Why nothing can be written (a corrupt stored log, a record from a newer version); empty
    // when writing is allowed.
    const std::string& problem() const { return problem_; }
    void refuse_writes(std::string why) { problem_ = std::move(why); }
    bool writable() const { return problem_.empty() && store_.is_open(); }

    EventStore& store() { return store_; }
    const EventStore& store() const { return store_; }
    WriteBehindStorage& storage() { return storage_; }
    const WriteBehindStorage& storage() const { return storage_; }
    const bank::BankLog& bank_log() const { return bank_log_; }
    const bank::BalancesProjection& balances() const { return balances_; }
    const bank::AccountListProjection& accounts() const { return accounts_; }
    const bank::AuditTrailProjection& audit() const { return audit_; }

private:
    // open()'s rest, once the storage holds the log.
    Status open_store(EventList saved, std::vector<Sha256Digest> content_hashes = {},
                      EventStore::HashCheck hashes = EventStore::HashCheck::Now);
    // Stops writing when the log has broken one of the bank's rules (and nothing else did first).
    void note_broken_rule();
    void note_warming_problem(const Status& warmed);

    WriteBehindStorage storage_;
    UpcasterRegistry upcasters_;  // the bank's, plus the free-form types a lesson records
    SystemClock clock_;
    UuidGenerator ids_;  // seeded from std::random_device: ids differ between tabs
    EventStore store_;
    std::unique_ptr<bank::Bank> bank_;
    bank::BankLog bank_log_;
    bank::BalancesProjection balances_;
    bank::AccountListProjection accounts_;
    bank::AuditTrailProjection audit_;
    std::unique_ptr<bank::DailyTotalsProjection> daily_;  // added on request
    EventualFeed eventual_{store_};  // feeds every read model but bank_log_
    // Every read model above, the added ones last (the members do not move: Sandbox is not copied).
    std::vector<Projection*> projections_{&bank_log_, &balances_, &accounts_, &audit_};
    // The bank's rules over the whole log, checked in bank_log_'s pass as the store opens and
    // then kept up to date, so an import continues its state instead of replaying the log.
    bank::HistoryRules rules_{0};
    std::optional<bank::ImportChecker> import_;  // between begin_import and finish_import
    uint64_t import_head_ = 0;                    // the head when it began
    Error import_moved() const;                   // the head is no longer import_head_
    std::string problem_;
    HashCheckProgress hash_check_;
    double warm_ms_ = 0.0;
    Trace trace_;
    Trace accepted_trace_;
    CommandFlow flow_;
    std::vector<Attempt> attempts_;
    int opened_balances_version_ = 2;  // the logic the balances were first folded with
    uint64_t snapshot_every_ = kDefaultSnapshotEvery;
    struct Rebuilt {
        int folded_version = 0;
        double ms = -1.0;
        uint64_t events = 0;
    };
    std::map<std::string, Rebuilt> rebuilt_;  // by projection name
};

}  // namespace es::sandbox
