// The Bank: the command handler (application service) that joins the pure account decider to
// the event store. For every command it loads the account state from its events (through the
// newest snapshot when snapshots are on), asks the decider, and appends the resulting events with
// optimistic concurrency: expected = the version it loaded, or the version the caller says it
// saw, so acting on stale information is a Conflict instead of a silent overwrite. A transfer
// writes both streams in one atomic append_multi. A rejected command writes nothing.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bank/account.h"
#include "bank/commands.h"
#include "core/clock.h"
#include "core/event_store.h"
#include "core/snapshots.h"
#include "core/trace.h"
#include "core/storage.h"

namespace es::bank {

struct BankOptions {
    // When set, account state is loaded through load_stream_state (newest usable snapshot, then
    // the tail). Usually the same Storage the store writes to.
    Storage* snapshot_storage = nullptr;
    // When every_n_events > 0 and snapshot_storage and clock are set, the Bank also takes a
    // snapshot each time a stream it wrote crosses a multiple of every_n_events.
    SnapshotPolicy snapshot_policy{0};
    Clock* clock = nullptr;
};

struct CommandOutcome {
    EventList events;                                 // as recorded by the store
    std::map<std::string, uint64_t> stream_versions;  // each written stream's version afterwards
    uint64_t events_applied = 0;  // events folded while loading state (all streams loaded)
    bool used_snapshot = false;   // some loaded state started from a snapshot
    std::string transfer_id;      // set for a Transfer
    std::optional<Error> snapshot_error;  // the command succeeded but taking a snapshot failed
};

class Bank {
public:
    // If the store has no upcasters yet, the Bank gives it bank_upcasters(), because the decider
    // folds current schema versions only; and without a payload codec, bank_payload_codec(), so
    // read models rebuild from the payloads the store decoded once (bank/typed_events.h).
    explicit Bank(EventStore& store, BankOptions options = {});

    Result<CommandOutcome> execute(const Command& command);
    // command_from_json, then execute.
    Result<CommandOutcome> execute_json(const Json& command);

    // Current state of one account (initial_state() when it does not exist).
    Result<AccountState> load_account(const std::string& account_id) const;

    // An account's state as a command found it, read back from its events before deciding.
    struct Loaded {
        std::string account_id;
        AccountState state;
        uint64_t events_applied = 0;  // events folded (after the snapshot, when one was used)
        bool used_snapshot = false;
        uint64_t snapshot_version = 0;
    };
    // What the last execute() loaded, one per account in the order it loaded them (a transfer:
    // source, then destination); empty when it stopped before loading (an invalid account id).
    const std::vector<Loaded>& last_loaded() const { return last_loaded_; }

    // While a trace is set, every command records its steps into it (received, loaded, folded,
    // decided or rejected, appended with which expected version, answered); give the store the
    // same trace to see its side (stored, delivered to projections). nullptr stops tracing.
    void set_trace(Trace* trace) { trace_ = trace; }

private:
    Result<Loaded> load(const std::string& account_id) const;
    Result<CommandOutcome> execute_single(const Command& command, const std::string& account_id);
    // decide(), or for a ReverseDeposit decide_reversal() on the deposit it names.
    Result<std::vector<NewEvent>> decide_single(const Command& command, const AccountState& state) const;
    Result<CommandOutcome> execute_transfer(const Transfer& command);
    void take_snapshots(CommandOutcome& outcome, const std::map<std::string, uint64_t>& before);

    void note(Lifeline from, Lifeline to, std::string text, bool reply = false, bool error = false) const;
    // Records the end of a command in the trace: its outcome, as the user gets it.
    Result<CommandOutcome> answer(Result<CommandOutcome> outcome) const;

    EventStore& store_;
    BankOptions options_;
    Trace* trace_ = nullptr;
    std::vector<Loaded> last_loaded_;
};

}  // namespace es::bank
